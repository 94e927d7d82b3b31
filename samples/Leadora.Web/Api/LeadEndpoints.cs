using System.Security.Claims;
using System.Text.Json;
using Leadora.Web.Hosting;
using Leadora.Web.Security;

namespace Leadora.Web.Api;

/// <summary>
/// The results tables of a search under <c>/api/searches/{id}</c>: filtered, sorted, paged businesses and decision makers,
/// per-lead status and note, and exports of chosen rows. Scoped to the caller like every search route: another user's
/// search or lead answers 404.
/// </summary>
internal static class LeadEndpoints
{
    /// <summary>Most ids one selection export takes.</summary>
    public const int MaxSelection = 10_000;

    /// <summary>Maps the routes.</summary>
    public static IEndpointRouteBuilder MapLeadApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/searches/{id:guid}").WithTags("Leads");
        const string Filters = "Filters: q (free text), persona (id or title), country, city, minFit, maxFit (0–1), hasWebsite, hasPhone (true|false), " +
            "method (vector|llm_refined|heuristic), status (new|contacted|qualified|rejected). sort: a field name, - prefix for descending. " +
            "page (1-based), pageSize (1–500, default 50). 400 names each bad parameter.";

        api.MapGet("/businesses", BusinessesAsync)
            .WithName("ListSearchBusinesses")
            .WithSummary("The search's businesses, filtered, sorted and paged, each with persona match, fit, status, note and sources")
            .WithDescription(Filters + " Sort fields: " + string.Join(", ", LeadQuery.SortFields(LeadTable.Businesses)) +
                ". includeExcluded=true adds the businesses excluded for a low fit.")
            .Produces<LeadPage<BusinessRow>>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/decision-makers", DecisionMakersAsync)
            .WithName("ListSearchDecisionMakers")
            .WithSummary("The search's decision makers, filtered, sorted and paged, each with persona match, business, fit, status, note and source")
            .WithDescription(Filters + " Country, city, fit, website and phone are the person's business's. Sort fields: " +
                string.Join(", ", LeadQuery.SortFields(LeadTable.DecisionMakers)) + ".")
            .Produces<LeadPage<DecisionMakerRow>>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPut("/leads/{leadId:guid}", AnnotateAsync)
            .WithName("AnnotateLead")
            .WithSummary("Set a business's or decision maker's status and note")
            .WithDescription($"Body: {{\"status\": \"new|contacted|qualified|rejected\", \"note\": \"…\"}} (note optional, at most {LeadAnnotation.MaxNoteLength:N0} characters; blank or null clears it). Stored per user with the search.")
            .Accepts<AnnotateLeadRequest>("application/json")
            .Produces<LeadAnnotation>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        api.MapPost("/export", ExportSelectionAsync)
            .WithName("ExportSearchSelection")
            .WithSummary("Download chosen rows: format=json|csv|hubspot|salesforce (hubspot takes object=companies|contacts), ids = business and decision-maker ids")
            .WithDescription("A business id exports that business; a decision-maker id exports the person and brings their business into company files. Excluded businesses are never exported. 400 when ids is empty or holds ids that are not leads of the search.")
            .Accepts<ExportSelectionRequest>("application/json")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        return endpoints;
    }

    private static async Task<IResult> BusinessesAsync(Guid id, HttpRequest request, ClaimsPrincipal user, LeadTables tables, CancellationToken cancellationToken)
    {
        var (query, problems) = LeadQuery.Parse(request.Query, LeadTable.Businesses);
        if (query is null)
        {
            return Problems.Validation(problems);
        }

        return await tables.BusinessesAsync(user.UserId(), id, query, cancellationToken) is { } page ? TypedResults.Ok(page) : Problems.SearchNotFound();
    }

    private static async Task<IResult> DecisionMakersAsync(Guid id, HttpRequest request, ClaimsPrincipal user, LeadTables tables, CancellationToken cancellationToken)
    {
        var (query, problems) = LeadQuery.Parse(request.Query, LeadTable.DecisionMakers);
        if (query is null)
        {
            return Problems.Validation(problems);
        }

        return await tables.DecisionMakersAsync(user.UserId(), id, query, cancellationToken) is { } page ? TypedResults.Ok(page) : Problems.SearchNotFound();
    }

    private static async Task<IResult> AnnotateAsync(Guid id, Guid leadId, HttpRequest request, ClaimsPrincipal user, LeadTables tables)
    {
        var (body, error) = await SearchEndpoints.ReadJsonAsync(request);
        if (error is not null)
        {
            return error;
        }

        var problems = new List<ValidationProblem>();
        LeadStatus? status = null;
        string? note = null;
        if (body!.Value.ValueKind != JsonValueKind.Object)
        {
            problems.Add(new("request", "the body must be a JSON object."));
        }
        else
        {
            var statusElement = Property(body.Value, "status");
            status = statusElement is { ValueKind: JsonValueKind.String } s ? LeadQuery.ParseStatus(s.GetString()) : null;
            if (status is null)
            {
                problems.Add(new("status", statusElement is null ? "is required: new, contacted, qualified or rejected." : "must be one of new, contacted, qualified or rejected."));
            }

            switch (Property(body.Value, "note"))
            {
                case null or { ValueKind: JsonValueKind.Null }:
                    break;
                case { ValueKind: JsonValueKind.String } n:
                    note = LeadTables.NormalizeNote(n.GetString());
                    if (note is { Length: > LeadAnnotation.MaxNoteLength })
                    {
                        problems.Add(new("note", $"must be at most {LeadAnnotation.MaxNoteLength:N0} characters; it has {note.Length:N0}."));
                    }

                    break;
                default:
                    problems.Add(new("note", "must be a string or null."));
                    break;
            }
        }

        if (problems.Count > 0)
        {
            return Problems.Validation(problems);
        }

        return await tables.AnnotateAsync(user.UserId(), id, leadId, status!.Value, note, request.HttpContext.RequestAborted) is { } annotation
            ? TypedResults.Ok(annotation)
            : Problems.LeadNotFound();
    }

    private static async Task<IResult> ExportSelectionAsync(Guid id, HttpRequest request, ClaimsPrincipal user, LeadTables tables, WebHostOptions options)
    {
        var (body, error) = await SearchEndpoints.ReadJsonAsync(request);
        if (error is not null)
        {
            return error;
        }

        if (body!.Value.ValueKind != JsonValueKind.Object)
        {
            return Problems.Validation("request", "the body must be a JSON object.");
        }

        var problems = new List<ValidationProblem>();
        var (kind, formatProblems) = ExportKind.Parse(String(body.Value, "format", problems), String(body.Value, "object", problems));
        problems.AddRange(formatProblems);
        var ids = new List<Guid>();
        if (Property(body.Value, "ids") is not { ValueKind: JsonValueKind.Array } array)
        {
            problems.Add(new("ids", "is required: an array of business and decision-maker ids."));
        }
        else if (array.GetArrayLength() is 0 or > MaxSelection)
        {
            problems.Add(new("ids", $"must hold 1 to {MaxSelection:N0} ids."));
        }
        else
        {
            var index = 0;
            foreach (var item in array.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.String && Guid.TryParse(item.GetString(), out var leadId))
                {
                    ids.Add(leadId);
                }
                else
                {
                    problems.Add(new($"ids[{index}]", "is not an id (a GUID string)."));
                }

                index++;
            }
        }

        if (problems.Count > 0 || kind is null)
        {
            return Problems.Validation(problems);
        }

        var cancellationToken = request.HttpContext.RequestAborted;
        if (await tables.SelectAsync(user.UserId(), id, ids, cancellationToken) is not { } selection)
        {
            return Problems.SearchNotFound();
        }

        if (selection.UnknownIds.Count > 0)
        {
            var shown = string.Join(", ", selection.UnknownIds.Take(5));
            return Problems.Validation("ids", $"{selection.UnknownIds.Count:N0} id(s) are no business or decision maker of this search: {shown}{(selection.UnknownIds.Count > 5 ? ", …" : "")}.");
        }

        var buffer = new MemoryStream();
        await kind.WriteAsync(buffer, selection.Result, options.LeadSource, cancellationToken);
        buffer.Position = 0;
        return TypedResults.File(buffer, kind.ContentType, kind.FileName(id));
    }

    private static JsonElement? Property(JsonElement body, string name)
    {
        foreach (var property in body.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }

    private static string? String(JsonElement body, string name, List<ValidationProblem> problems)
    {
        switch (Property(body, name))
        {
            case null or { ValueKind: JsonValueKind.Null }:
                return null;
            case { ValueKind: JsonValueKind.String } value:
                return value.GetString();
            default:
                problems.Add(new(name, "must be a string."));
                return null;
        }
    }
}

/// <summary>The body of <c>PUT /api/searches/{id}/leads/{leadId}</c> (documentation only; the body is read field by field).</summary>
/// <param name="Status"><c>new</c>, <c>contacted</c>, <c>qualified</c> or <c>rejected</c>.</param>
/// <param name="Note">A short note (at most 2,000 characters), or null to clear it.</param>
internal sealed record AnnotateLeadRequest(string Status, string? Note);

/// <summary>The body of <c>POST /api/searches/{id}/export</c> (documentation only).</summary>
/// <param name="Format"><c>json</c> (default), <c>csv</c>, <c>hubspot</c> or <c>salesforce</c>.</param>
/// <param name="Ids">Business and decision-maker ids to export.</param>
/// <param name="Object">For <c>hubspot</c>: <c>companies</c> (default) or <c>contacts</c>.</param>
internal sealed record ExportSelectionRequest(string? Format, IReadOnlyList<Guid> Ids, string? Object);
