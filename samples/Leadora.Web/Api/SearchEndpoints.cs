using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Leadora.Ports;
using Leadora.Web.Hosting;
using Leadora.Web.Security;
using Microsoft.Extensions.Options;

namespace Leadora.Web.Api;

/// <summary>
/// The REST API under <c>/api/searches</c>. Every route is scoped to the caller: a search of another user answers 404,
/// exactly like a search that does not exist.
/// </summary>
internal static class SearchEndpoints
{
    /// <summary>Largest page of <c>GET /api/searches</c>.</summary>
    public const int MaxPageSize = 100;

    /// <summary>Maps the routes.</summary>
    public static IEndpointRouteBuilder MapSearchApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/searches").WithTags("Searches");

        api.MapPost("/", CreateAsync)
            .RequireRateLimiting(RateLimits.SearchCreation)
            .WithName("CreateSearch")
            .WithSummary("Start a lead search")
            .WithDescription("Validates the request with the CLI's rules and starts the search. Answers 202 with the new id and a Location; 400 names each bad field; 429 when the caller starts searches too fast.")
            .Accepts<CreateSearchRequest>("application/json")
            .Produces<SearchCreated>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        api.MapGet("/", ListAsync)
            .WithName("ListSearches")
            .WithSummary("The caller's searches, newest first, paged")
            .Produces<SearchList>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        api.MapGet("/{id:guid}", GetAsync)
            .WithName("GetSearch")
            .WithSummary("Everything the search has produced so far (the JSON export document)")
            .Produces<Leadora.Exports.LeadSearchDocument>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/{id:guid}/progress", ProgressAsync)
            .WithName("GetSearchProgress")
            .WithSummary("Overall progress (phase weights 25/35/20/20), each phase, and counts")
            .Produces<ProgressView>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/{id:guid}/events", EventsAsync)
            .WithName("StreamSearchEvents")
            .WithSummary("Server-Sent Events: progress, results as they land, then finished")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPost("/{id:guid}/cancel", CancelAsync)
            .WithName("CancelSearch")
            .WithSummary("Cancel a running search; 409 when it already finished")
            .Produces<CancelResult>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapGet("/{id:guid}/jobs", JobsAsync)
            .WithName("ListSearchJobs")
            .WithSummary("The search's jobs and counts per job type")
            .Produces<JobList>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/{id:guid}/export", ExportAsync)
            .WithName("ExportSearch")
            .WithSummary("Download the results: format=json|csv|hubspot|salesforce (hubspot takes object=companies|contacts)")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);

        return endpoints;
    }

    /// <summary>Reads a JSON body, or answers why it cannot.</summary>
    internal static async Task<(JsonElement? Body, IResult? Error)> ReadJsonAsync(HttpRequest request)
    {
        if (!request.HasJsonContentType())
        {
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, detail: "Send the body as application/json."));
        }

        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, new JsonDocumentOptions { MaxDepth = 16 }, request.HttpContext.RequestAborted);
            return (document.RootElement.Clone(), null);
        }
        catch (JsonException)
        {
            return (null, Problems.Validation("request", "the body is not valid JSON."));
        }
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, ClaimsPrincipal user, ILeadPipeline pipeline, IOptions<LeadoraOptions> leadora)
    {
        var (body, error) = await ReadJsonAsync(request);
        if (error is not null)
        {
            return error;
        }

        var (searchRequest, problems) = SearchRequestReader.FromJson(body!.Value, leadora.Value.Pipeline.DefaultLimits);
        if (problems.Count > 0)
        {
            return Problems.Validation(problems);
        }

        try
        {
            var search = await pipeline.StartAsync(user.UserId(), searchRequest, request.HttpContext.RequestAborted);
            return TypedResults.Accepted($"/api/searches/{search.Id}", new SearchCreated(search.Id, search.Status, search.CreatedAt));
        }
        catch (LeadSearchValidationException ex)
        {
            return Problems.Validation(ex.Problems);
        }
    }

    private static async Task<IResult> ListAsync(ClaimsPrincipal user, SearchReader reader, string? page, string? pageSize, CancellationToken cancellationToken)
    {
        var problems = new List<ValidationProblem>();
        var pageNumber = ParseInt(page, "page", 1, 1, 1_000_000, problems);
        var size = ParseInt(pageSize, "pageSize", 20, 1, MaxPageSize, problems);
        if (problems.Count > 0)
        {
            return Problems.Validation(problems);
        }

        var searches = await reader.ListSearchesAsync(user.UserId(), (pageNumber - 1) * size, size + 1, cancellationToken);
        return TypedResults.Ok(new SearchList(searches.Take(size).Select(SearchSummary.From).ToList(), pageNumber, size, searches.Count > size));
    }

    private static async Task<IResult> GetAsync(Guid id, ClaimsPrincipal user, SearchReader reader, CancellationToken cancellationToken) =>
        await reader.GetResultAsync(user.UserId(), id, cancellationToken) is { } result
            ? TypedResults.Ok(Leadora.Exports.LeadSearchDocument.From(result))
            : Problems.SearchNotFound();

    private static async Task<IResult> ProgressAsync(Guid id, ClaimsPrincipal user, SearchReader reader, CancellationToken cancellationToken) =>
        await reader.GetProgressAsync(user.UserId(), id, cancellationToken) is { } progress
            ? TypedResults.Ok(ProgressView.From(progress))
            : Problems.SearchNotFound();

    private static async Task<IResult> EventsAsync(Guid id, HttpContext context, ClaimsPrincipal user, SearchReader reader, SearchEventStream stream)
    {
        var tenant = user.UserId();
        if (await reader.GetSearchAsync(tenant, id, context.RequestAborted) is null)
        {
            return Problems.SearchNotFound();
        }

        await stream.StreamAsync(context, tenant, id);
        return Results.Empty;
    }

    private static async Task<IResult> CancelAsync(Guid id, ClaimsPrincipal user, SearchReader reader, ILeadPipeline pipeline, CancellationToken cancellationToken)
    {
        var tenant = user.UserId();
        if (await reader.GetSearchAsync(tenant, id, cancellationToken) is not { } search)
        {
            return Problems.SearchNotFound();
        }

        if (!await pipeline.CancelAsync(tenant, id, cancellationToken))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, detail: $"The search already finished ({Describe(search.Status)}); there is nothing to cancel.");
        }

        return TypedResults.Ok(new CancelResult(id, SearchStatus.Cancelled));
    }

    private static async Task<IResult> JobsAsync(Guid id, ClaimsPrincipal user, SearchReader reader, CancellationToken cancellationToken)
    {
        if (await reader.GetJobsAsync(user.UserId(), id, cancellationToken) is not { } jobs)
        {
            return Problems.SearchNotFound();
        }

        return TypedResults.Ok(new JobList(id, jobs.Counts, jobs.Jobs.Select(JobView.From).ToList()));
    }

    private static async Task<IResult> ExportAsync(Guid id, ClaimsPrincipal user, SearchReader reader, WebHostOptions options, string? format, string? @object, CancellationToken cancellationToken)
    {
        var (kind, problems) = ExportKind.Parse(format, @object);
        if (kind is null)
        {
            return Problems.Validation(problems);
        }

        if (await reader.GetResultAsync(user.UserId(), id, cancellationToken) is not { } result)
        {
            return Problems.SearchNotFound();
        }

        var buffer = new MemoryStream();
        await kind.WriteAsync(buffer, result, options.LeadSource, cancellationToken);
        buffer.Position = 0;
        return TypedResults.File(buffer, kind.ContentType, kind.FileName(id));
    }

    private static int ParseInt(string? text, string field, int fallback, int min, int max, List<ValidationProblem> problems)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            problems.Add(new(field, $"must be a whole number between {min} and {max}."));
            return fallback;
        }

        return value;
    }

    private static string Describe(SearchStatus status) => JsonNamingPolicy.SnakeCaseLower.ConvertName(status.ToString());
}

/// <summary>The body of <c>POST /api/searches</c> (documentation only; the body is read field by field).</summary>
/// <param name="SearchType"><c>customer</c> (find buyers, the default) or <c>supplier</c> (find sellers).</param>
/// <param name="ProductService">What you sell or buy, in plain words (under 2,000 characters).</param>
/// <param name="Industries">1–10 target industries.</param>
/// <param name="Countries">1–10 countries: English names, common aliases or ISO 3166 alpha-2 codes.</param>
/// <param name="Limits">Optional size limits; missing ones take the configured defaults.</param>
internal sealed record CreateSearchRequest(string? SearchType, string ProductService, IReadOnlyList<string> Industries, IReadOnlyList<string> Countries, SearchLimits? Limits);
