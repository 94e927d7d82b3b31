using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization;
using Leadora.Jobs;
using Leadora.Ports;
using Leadora.Web.Security;
using Microsoft.AspNetCore.Mvc;

namespace Leadora.Web.Api;

/// <summary>
/// Routes of the earlier Netlify back end, for existing Leadora front ends, with the same authentication and tenant
/// scoping as the API. Their JSON keeps the snake_case shapes those front ends read.
/// </summary>
internal static class CompatibilityEndpoints
{
    private static readonly JsonSerializerOptions SnakeCase = CreateOptions();

    /// <summary>Maps the routes.</summary>
    public static IEndpointRouteBuilder MapCompatibilityApi(this IEndpointRouteBuilder endpoints)
    {
        var netlify = endpoints.MapGroup("/.netlify/functions").WithTags("Compatibility");

        netlify.MapPost("/orchestrator-run-background", RunBackgroundAsync)
            .WithName("CompatRunBackground")
            .WithSummary("Resume processing of an existing search: {search_id, user_id}; user_id must be the caller")
            .Accepts<RunBackgroundRequest>("application/json")
            .Produces<RunBackgroundAccepted>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);

        netlify.MapGet("/check-progress", CheckProgressAsync)
            .WithName("CompatCheckProgress")
            .WithSummary("Weighted progress in the earlier back end's shape: overall, phases[], progress{phase, progress_pct}, data_counts")
            .Produces<CheckProgressResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);

        netlify.MapGet("/check-jobs", CheckJobsAsync)
            .WithName("CompatCheckJobs")
            .WithSummary("The search's jobs in the earlier back end's shape: counts by status and recent jobs")
            .Produces<CheckJobsResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);

        return endpoints;
    }

    /// <summary>
    /// Searches in this host are created by <c>POST /api/searches</c> and run by the job runner at once, so this route
    /// (re)starts processing of an existing search: it re-checks whether an unfinished search's work is done (finishing
    /// it if so) and answers 202 with the search's status. The caller must be <c>user_id</c>; anything else answers 404.
    /// </summary>
    private static async Task<IResult> RunBackgroundAsync(HttpRequest request, ClaimsPrincipal user, SearchReader reader, SearchLifecycle lifecycle)
    {
        var (body, error) = await SearchEndpoints.ReadJsonAsync(request);
        if (error is not null)
        {
            return error;
        }

        var problems = new List<ValidationProblem>();
        var searchId = ReadGuid(body!.Value, "search_id", problems);
        var userId = ReadString(body.Value, "user_id", problems);
        if (problems.Count > 0)
        {
            return Problems.Validation(problems);
        }

        var tenant = user.UserId();
        if (!string.Equals(userId, tenant, StringComparison.Ordinal) || await reader.GetSearchAsync(tenant, searchId, request.HttpContext.RequestAborted) is not { } search)
        {
            return Problems.SearchNotFound();
        }

        if (!search.Status.IsTerminal())
        {
            await lifecycle.TryFinishAsync(tenant, searchId, request.HttpContext.RequestAborted);
            search = await reader.GetSearchAsync(tenant, searchId, request.HttpContext.RequestAborted) ?? search;
        }

        return Results.Json(new RunBackgroundAccepted(true, searchId, Status(search.Status)), SnakeCase, statusCode: StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> CheckProgressAsync(ClaimsPrincipal user, SearchReader reader, [FromQuery(Name = "search_id")] string? searchId, CancellationToken cancellationToken)
    {
        if (ParseSearchId(searchId) is not { } id)
        {
            return Problems.Validation("search_id", "a search id (UUID) is required.");
        }

        var tenant = user.UserId();
        if (await reader.GetProgressAsync(tenant, id, cancellationToken) is not { } progress
            || await reader.GetSearchAsync(tenant, id, cancellationToken) is not { } search
            || await reader.GetJobsAsync(tenant, id, cancellationToken) is not { Jobs: var jobs })
        {
            return Problems.SearchNotFound();
        }

        var phases = progress.Phases.Select(p =>
        {
            var ofPhase = jobs.Where(j => PhaseOf(j.Type) == p.Phase).ToList();
            var closed = p.Status is not (PhaseStatus.Pending or PhaseStatus.Running);
            return new CheckProgressPhase(
                SeedPhaseName(p.Phase),
                Status(p.Status),
                p.Percent,
                ofPhase.Count == 0 ? 0 : ofPhase.Max(j => j.Attempts),
                ofPhase.Count == 0 ? null : ofPhase.Min(j => j.CreatedAt),
                closed && ofPhase.Count > 0 ? ofPhase.Max(j => j.FinishedAt) : null,
                ofPhase.Where(j => j.State == JobState.DeadLettered).Select(j => j.LastError).LastOrDefault(e => e is not null),
                p.CompletedUnits,
                p.TotalUnits);
        }).ToList();

        // Like the earlier back end: the first phase that is not done (waiting, running, failed or cancelled), else completed.
        var current = progress.Phases.FirstOrDefault(p => p.Status is not (PhaseStatus.Completed or PhaseStatus.CompletedWithWarnings)) switch
        {
            null => "completed",
            { Phase: SearchPhase.Personas } => "business_personas",
            { Phase: SearchPhase.Discovery } => "business_discovery",
            { Phase: SearchPhase.DecisionMakers } => "decision_makers",
            _ => "market_research",
        };
        var counts = progress.Counts;
        return Results.Json(new CheckProgressResponse(
            progress.Overall,
            phases,
            Status(progress.Status),
            id,
            new CheckProgressSummary(current, (int)Math.Round(progress.Overall, MidpointRounding.AwayFromZero), Status(progress.Status), search.UpdatedAt),
            new CheckProgressCounts(counts.Businesses, counts.BusinessPersonas, counts.DecisionMakerPersonas, counts.DecisionMakers, counts.HasMarketReport ? 1 : 0)), SnakeCase);
    }

    private static async Task<IResult> CheckJobsAsync(ClaimsPrincipal user, SearchReader reader, [FromQuery(Name = "search_id")] string? searchId, CancellationToken cancellationToken)
    {
        if (ParseSearchId(searchId) is not { } id)
        {
            return Problems.Validation("search_id", "a search id (UUID) is required.");
        }

        var tenant = user.UserId();
        if (await reader.GetJobsAsync(tenant, id, cancellationToken) is not { Jobs: var jobs })
        {
            return Problems.SearchNotFound();
        }

        var counts = jobs.GroupBy(j => Status(j.State)).Select(g => new CheckJobsCount(g.Key, g.Count())).ToList();
        var recent = jobs.OrderByDescending(j => j.CreatedAt).Take(50).Select(j => new CheckJobsJob(
            j.Id, j.Type, Status(j.State), j.Attempts, j.MaxAttempts, j.Progress, j.RunAfter, j.LastError, j.CreatedAt, j.FinishedAt, id, JobView.ParsePayload(j.Payload))).ToList();
        return Results.Json(new CheckJobsResponse(counts, recent), SnakeCase);
    }

    private static Guid? ParseSearchId(string? text) => Guid.TryParse(text?.Trim(), out var id) ? id : null;

    private static Guid ReadGuid(JsonElement body, string name, List<ValidationProblem> problems)
    {
        if (body.ValueKind == JsonValueKind.Object && body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && Guid.TryParse(value.GetString(), out var id))
        {
            return id;
        }

        problems.Add(new(name, "a search id (UUID) is required."));
        return Guid.Empty;
    }

    private static string ReadString(JsonElement body, string name, List<ValidationProblem> problems)
    {
        if (body.ValueKind == JsonValueKind.Object && body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString()))
        {
            return value.GetString()!.Trim();
        }

        problems.Add(new(name, "the user id is required."));
        return "";
    }

    private static SearchPhase? PhaseOf(string jobType) => jobType switch
    {
        JobTypes.Personas => SearchPhase.Personas,
        JobTypes.Discovery => SearchPhase.Discovery,
        JobTypes.DecisionMakers => SearchPhase.DecisionMakers,
        JobTypes.Market => SearchPhase.Market,
        _ => null,
    };

    private static string SeedPhaseName(SearchPhase phase) => phase switch
    {
        SearchPhase.Personas => "personas",
        SearchPhase.Discovery => "discovery",
        SearchPhase.DecisionMakers => "dm_enrichment",
        _ => "market_research",
    };

    private static string Status(SearchStatus status) => status switch
    {
        SearchStatus.Pending => "queued",
        SearchStatus.Running => "running",
        SearchStatus.Completed or SearchStatus.CompletedWithWarnings => "completed",
        SearchStatus.Failed => "failed",
        _ => "cancelled",
    };

    private static string Status(PhaseStatus status) => status switch
    {
        PhaseStatus.Pending => "queued",
        PhaseStatus.Running => "running",
        PhaseStatus.Completed or PhaseStatus.CompletedWithWarnings => "completed",
        PhaseStatus.Failed => "failed",
        _ => "cancelled",
    };

    private static string Status(JobState state) => state switch
    {
        JobState.Pending => "queued",
        JobState.Running => "running",
        JobState.Completed => "completed",
        JobState.DeadLettered => "failed",
        _ => "cancelled",
    };

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}

/// <summary>Body of <c>orchestrator-run-background</c>.</summary>
/// <param name="SearchId">The search (<c>search_id</c>).</param>
/// <param name="UserId">Its owner (<c>user_id</c>); must be the caller.</param>
internal sealed record RunBackgroundRequest([property: JsonPropertyName("search_id")] Guid SearchId, [property: JsonPropertyName("user_id")] string UserId);

/// <summary>Answer of <c>orchestrator-run-background</c>.</summary>
/// <param name="Ok">Always true.</param>
/// <param name="SearchId">The search.</param>
/// <param name="Status">Its status: queued, running, completed, failed or cancelled.</param>
internal sealed record RunBackgroundAccepted(bool Ok, Guid SearchId, string Status);

/// <summary>One phase in <c>check-progress</c>.</summary>
/// <param name="Name">personas, discovery, dm_enrichment or market_research.</param>
/// <param name="Status">queued, running, completed, failed or cancelled.</param>
/// <param name="Progress">0–100.</param>
/// <param name="Attempt">Highest attempt of the phase's jobs.</param>
/// <param name="StartedAt">When its first job was enqueued.</param>
/// <param name="FinishedAt">When its last job finished, once the phase is closed.</param>
/// <param name="Error">Last error of a dead-lettered job of the phase.</param>
/// <param name="CompletedUnits">Units finished.</param>
/// <param name="TotalUnits">Units known.</param>
internal sealed record CheckProgressPhase(string Name, string Status, double Progress, int Attempt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, string? Error, int CompletedUnits, int TotalUnits);

/// <summary>The earlier back end's summary object.</summary>
/// <param name="Phase">Current phase: business_personas, business_discovery, decision_makers, market_research or completed.</param>
/// <param name="ProgressPct">Overall percent, rounded.</param>
/// <param name="Status">Search status.</param>
/// <param name="UpdatedAt">When the search last changed status.</param>
internal sealed record CheckProgressSummary(string Phase, int ProgressPct, string Status, DateTimeOffset UpdatedAt);

/// <summary>Counts in <c>check-progress</c>.</summary>
/// <param name="Businesses">Businesses.</param>
/// <param name="BusinessPersonas">Business personas.</param>
/// <param name="DmPersonas">Decision-maker personas.</param>
/// <param name="DecisionMakers">Decision makers.</param>
/// <param name="MarketInsights">1 when the market report is written.</param>
internal sealed record CheckProgressCounts(int Businesses, int BusinessPersonas, int DmPersonas, int DecisionMakers, int MarketInsights);

/// <summary>Answer of <c>check-progress</c>.</summary>
/// <param name="Overall">Weighted overall percent (personas 25, discovery 35, dm_enrichment 20, market_research 20).</param>
/// <param name="Phases">Per phase.</param>
/// <param name="Status">Search status.</param>
/// <param name="JobId">The search id (this host runs one pipeline per search).</param>
/// <param name="Progress">Summary.</param>
/// <param name="DataCounts">Counts.</param>
internal sealed record CheckProgressResponse(double Overall, IReadOnlyList<CheckProgressPhase> Phases, string Status, Guid JobId, CheckProgressSummary Progress, CheckProgressCounts DataCounts);

/// <summary>A status count in <c>check-jobs</c>.</summary>
/// <param name="Status">Job status.</param>
/// <param name="Count">How many.</param>
internal sealed record CheckJobsCount(string Status, int Count);

/// <summary>A job in <c>check-jobs</c>.</summary>
/// <param name="Id">Job id.</param>
/// <param name="Type">Job type.</param>
/// <param name="Status">queued, running, completed, failed (dead-lettered) or cancelled.</param>
/// <param name="Attempts">Attempts made.</param>
/// <param name="MaxAttempts">Attempts allowed.</param>
/// <param name="Progress">0–1.</param>
/// <param name="RunAfter">Earliest next run.</param>
/// <param name="LastError">Last error.</param>
/// <param name="CreatedAt">Enqueued.</param>
/// <param name="FinishedAt">Finished.</param>
/// <param name="SearchId">The search.</param>
/// <param name="Payload">The job payload.</param>
internal sealed record CheckJobsJob(Guid Id, string Type, string Status, int Attempts, int MaxAttempts, double Progress, DateTimeOffset RunAfter, string? LastError, DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt, Guid SearchId, JsonElement? Payload);

/// <summary>Answer of <c>check-jobs</c>.</summary>
/// <param name="Counts">Counts by status.</param>
/// <param name="Recent">Up to 50 jobs, newest first.</param>
internal sealed record CheckJobsResponse(IReadOnlyList<CheckJobsCount> Counts, IReadOnlyList<CheckJobsJob> Recent);
