using System.Text.Json;
using Leadora.Ports;

namespace Leadora.Web.Api;

/// <summary>Answer to <c>POST /api/searches</c>.</summary>
/// <param name="Id">The new search's id.</param>
/// <param name="Status">Its status (pending).</param>
/// <param name="CreatedAt">When it was created.</param>
internal sealed record SearchCreated(Guid Id, SearchStatus Status, DateTimeOffset CreatedAt);

/// <summary>A search in a list.</summary>
/// <param name="Id">Search id.</param>
/// <param name="Status">Status.</param>
/// <param name="SearchType">Customers or suppliers.</param>
/// <param name="ProductService">The product or service.</param>
/// <param name="Industries">Industries.</param>
/// <param name="Countries">ISO 3166 alpha-2 codes.</param>
/// <param name="CreatedAt">Created.</param>
/// <param name="CompletedAt">Finished.</param>
internal sealed record SearchSummary(Guid Id, SearchStatus Status, SearchType SearchType, string ProductService, IReadOnlyList<string> Industries, IReadOnlyList<string> Countries, DateTimeOffset CreatedAt, DateTimeOffset? CompletedAt)
{
    /// <summary>The summary of <paramref name="search"/>.</summary>
    public static SearchSummary From(LeadSearch search) =>
        new(search.Id, search.Status, search.SearchType, search.ProductService, search.Industries, search.Countries, search.CreatedAt, search.CompletedAt);
}

/// <summary>One page of the caller's searches, newest first.</summary>
/// <param name="Items">The searches.</param>
/// <param name="Page">1-based page.</param>
/// <param name="PageSize">Page size.</param>
/// <param name="HasMore">Whether a next page exists.</param>
internal sealed record SearchList(IReadOnlyList<SearchSummary> Items, int Page, int PageSize, bool HasMore);

/// <summary>Progress of one phase.</summary>
/// <param name="Phase">The phase.</param>
/// <param name="Weight">Its weight in the overall percentage (25/35/20/20).</param>
/// <param name="Status">Its state.</param>
/// <param name="Percent">0–100.</param>
/// <param name="CompletedUnits">Units finished.</param>
/// <param name="TotalUnits">Units known so far.</param>
internal sealed record PhaseView(SearchPhase Phase, double Weight, PhaseStatus Status, double Percent, int CompletedUnits, int TotalUnits);

/// <summary>Progress of a search: overall 0–100 weighted by phase, each phase, what has been found, and what it cost.</summary>
/// <param name="SearchId">The search.</param>
/// <param name="Status">Search status.</param>
/// <param name="Overall">Weighted overall percent.</param>
/// <param name="Phases">Per phase, in pipeline order.</param>
/// <param name="Counts">Personas, businesses and decision makers found so far.</param>
/// <param name="Usage">Provider calls, cache hits, tokens and estimated cost so far.</param>
internal sealed record ProgressView(Guid SearchId, SearchStatus Status, double Overall, IReadOnlyList<PhaseView> Phases, SearchCounts Counts, UsageTotals Usage)
{
    /// <summary>The view of <paramref name="progress"/>.</summary>
    public static ProgressView From(SearchProgress progress) => new(
        progress.SearchId,
        progress.Status,
        progress.Overall,
        progress.Phases.Select(p => new PhaseView(p.Phase, ProgressCalculator.Weights[p.Phase], p.Status, p.Percent, p.CompletedUnits, p.TotalUnits)).ToList(),
        progress.Counts,
        progress.Usage ?? UsageTotals.None);
}

/// <summary>A job of a search.</summary>
/// <param name="Id">Job id.</param>
/// <param name="Type">Job type.</param>
/// <param name="Key">Idempotency key.</param>
/// <param name="State">State.</param>
/// <param name="Attempts">Attempts made.</param>
/// <param name="MaxAttempts">Attempts allowed.</param>
/// <param name="Progress">Reported progress, 0–1.</param>
/// <param name="RunAfter">Earliest next run.</param>
/// <param name="LeaseExpiresAt">Lease expiry, while running.</param>
/// <param name="LastError">Last error.</param>
/// <param name="CreatedAt">Enqueued.</param>
/// <param name="FinishedAt">Finished.</param>
/// <param name="Payload">The job's JSON payload.</param>
internal sealed record JobView(Guid Id, string Type, string Key, JobState State, int Attempts, int MaxAttempts, double Progress, DateTimeOffset RunAfter, DateTimeOffset? LeaseExpiresAt, string? LastError, DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt, JsonElement? Payload)
{
    /// <summary>The view of <paramref name="job"/>.</summary>
    public static JobView From(JobInfo job) => new(job.Id, job.Type, job.Key, job.State, job.Attempts, job.MaxAttempts, job.Progress, job.RunAfter, job.LeaseExpiresAt, job.LastError, job.CreatedAt, job.FinishedAt, ParsePayload(job.Payload));

    /// <summary>The payload as JSON, or <see langword="null"/> when it is not JSON.</summary>
    public static JsonElement? ParsePayload(string payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>The jobs of a search.</summary>
/// <param name="SearchId">The search.</param>
/// <param name="Counts">Counts per job type.</param>
/// <param name="Items">Jobs, oldest first.</param>
internal sealed record JobList(Guid SearchId, IReadOnlyList<JobTypeCounts> Counts, IReadOnlyList<JobView> Items);

/// <summary>Answer to a cancellation.</summary>
/// <param name="Id">The search.</param>
/// <param name="Status">Its status now.</param>
internal sealed record CancelResult(Guid Id, SearchStatus Status);

/// <summary>Results that landed since the previous <c>results</c> event of a stream (the first event carries everything so far).</summary>
/// <param name="Counts">Totals so far.</param>
/// <param name="BusinessPersonas">New business personas.</param>
/// <param name="DecisionMakerPersonas">New decision-maker personas.</param>
/// <param name="Businesses">New businesses.</param>
/// <param name="DecisionMakers">New decision makers.</param>
/// <param name="Market">The market report, in the event where it first appears.</param>
internal sealed record ResultsAdded(
    SearchCounts Counts,
    IReadOnlyList<BusinessPersona> BusinessPersonas,
    IReadOnlyList<DecisionMakerPersona> DecisionMakerPersonas,
    IReadOnlyList<Business> Businesses,
    IReadOnlyList<DecisionMaker> DecisionMakers,
    MarketReport? Market);
