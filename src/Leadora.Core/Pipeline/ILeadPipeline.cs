namespace Leadora;

/// <summary>What a <see cref="SearchEvent"/> reports.</summary>
public enum SearchEventKind
{
    /// <summary>Progress moved.</summary>
    Progress,

    /// <summary>New results landed (personas, businesses, decision makers or the market report); see the counts.</summary>
    ResultsAdded,

    /// <summary>The search reached a terminal status; the stream ends after this event.</summary>
    Finished,
}

/// <summary>A change in a running search.</summary>
/// <param name="Kind">What changed.</param>
/// <param name="Progress">Progress and counts at the time of the event.</param>
/// <param name="At">When the change was observed.</param>
public sealed record SearchEvent(SearchEventKind Kind, SearchProgress Progress, DateTimeOffset At);

/// <summary>
/// Starts, runs, observes and cancels lead searches. Work runs as idempotent jobs on the job queue, so any host
/// (this process, a worker fleet, a serverless timer) can execute it; see <c>LeadJobRunner</c>.
/// </summary>
public interface ILeadPipeline
{
    /// <summary>Validates the request, stores the search and enqueues its first jobs. Returns at once.</summary>
    /// <exception cref="LeadSearchValidationException">The request is invalid; nothing was stored.</exception>
    Task<LeadSearch> StartAsync(string tenantId, LeadSearchRequest request, CancellationToken cancellationToken = default);

    /// <summary>Runs the search's jobs in this process until it reaches a terminal status (also resumes a search left unfinished by a crash).</summary>
    Task<LeadSearchResult> RunToCompletionAsync(string tenantId, Guid searchId, CancellationToken cancellationToken = default);

    /// <summary>Everything the search has produced so far, or <see langword="null"/> if the tenant has no such search.</summary>
    Task<LeadSearchResult?> GetResultAsync(string tenantId, Guid searchId, CancellationToken cancellationToken = default);

    /// <summary>Progress of the search, or <see langword="null"/> if the tenant has no such search.</summary>
    Task<SearchProgress?> GetProgressAsync(string tenantId, Guid searchId, CancellationToken cancellationToken = default);

    /// <summary>Streams progress and result events until the search finishes or <paramref name="cancellationToken"/> fires.</summary>
    IAsyncEnumerable<SearchEvent> WatchAsync(string tenantId, Guid searchId, CancellationToken cancellationToken = default);

    /// <summary>Cancels the search: queued jobs are dropped, running jobs stop at their next heartbeat. Returns whether it was running.</summary>
    Task<bool> CancelAsync(string tenantId, Guid searchId, CancellationToken cancellationToken = default);
}
