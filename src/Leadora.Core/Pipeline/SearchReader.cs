using System.Runtime.CompilerServices;
using Leadora.Jobs;
using Leadora.Ports;
using Microsoft.Extensions.Options;

namespace Leadora;

/// <summary>A search's jobs: counts by state and every job.</summary>
/// <param name="Counts">Jobs by type and state.</param>
/// <param name="Jobs">Every job of the search.</param>
public sealed record SearchJobs(IReadOnlyList<JobTypeCounts> Counts, IReadOnlyList<JobInfo> Jobs);

/// <summary>One step of <see cref="SearchReader.WatchResultsAsync"/>: the search's progress and only the results that are new since the previous step.</summary>
/// <param name="Kind">What changed.</param>
/// <param name="Progress">Progress and counts now.</param>
/// <param name="Added">Results stored since the previous step (empty unless <paramref name="Kind"/> is <see cref="SearchEventKind.ResultsAdded"/>).</param>
/// <param name="At">When the change was observed.</param>
public sealed record SearchUpdate(SearchEventKind Kind, SearchProgress Progress, NewResults? Added, DateTimeOffset At);

/// <summary>
/// The read side of Leadora: gets, lists, progress, jobs and live watching of stored searches, straight from the stores and
/// the queue. It needs no providers (nothing here composes an LLM or a search API), so hosts and tools that only look at
/// searches (a <c>show</c> command, a web API, a dashboard) use it instead of the stores and the queue; the pipeline uses it
/// too. Every read is scoped by tenant: another tenant's search reads as absent.
/// </summary>
public sealed class SearchReader(ILeadStore store, IJobQueue queue, IUsageLedger usage, SearchSignals signals, IOptions<LeadoraOptions> options, TimeProvider time)
{
    /// <summary>The search, or <see langword="null"/> when the tenant has none with this id.</summary>
    /// <param name="tenantId">The tenant.</param>
    /// <param name="searchId">The search.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The search or <see langword="null"/>.</returns>
    public Task<LeadSearch?> GetSearchAsync(string tenantId, Guid searchId, CancellationToken cancellationToken = default) =>
        store.GetSearchAsync(tenantId, searchId, cancellationToken);

    /// <summary>The tenant's searches, newest first.</summary>
    /// <param name="tenantId">The tenant.</param>
    /// <param name="skip">Searches to skip.</param>
    /// <param name="take">Most searches to return.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The page of searches.</returns>
    public Task<IReadOnlyList<LeadSearch>> ListSearchesAsync(string tenantId, int skip, int take, CancellationToken cancellationToken = default) =>
        store.ListSearchesAsync(tenantId, skip, take, cancellationToken);

    /// <summary>Everything the search has produced so far, or <see langword="null"/>.</summary>
    /// <param name="tenantId">The tenant.</param>
    /// <param name="searchId">The search.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The results or <see langword="null"/>.</returns>
    public Task<LeadSearchResult?> GetResultAsync(string tenantId, Guid searchId, CancellationToken cancellationToken = default) =>
        SearchResults.LoadAsync(store, queue, usage, tenantId, searchId, cancellationToken);

    /// <summary>Progress of the search, or <see langword="null"/>.</summary>
    /// <param name="tenantId">The tenant.</param>
    /// <param name="searchId">The search.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The progress or <see langword="null"/>.</returns>
    public Task<SearchProgress?> GetProgressAsync(string tenantId, Guid searchId, CancellationToken cancellationToken = default) =>
        SearchResults.LoadProgressAsync(store, queue, usage, tenantId, searchId, cancellationToken);

    /// <summary>The search's jobs, or <see langword="null"/> when the tenant has no such search.</summary>
    /// <param name="tenantId">The tenant.</param>
    /// <param name="searchId">The search.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The jobs or <see langword="null"/>.</returns>
    public async Task<SearchJobs?> GetJobsAsync(string tenantId, Guid searchId, CancellationToken cancellationToken = default)
    {
        if (await store.GetSearchAsync(tenantId, searchId, cancellationToken).ConfigureAwait(false) is null)
        {
            return null;
        }

        var counts = await queue.GetCountsAsync(tenantId, searchId, cancellationToken).ConfigureAwait(false);
        var jobs = await queue.ListAsync(tenantId, searchId, cancellationToken).ConfigureAwait(false);
        return new SearchJobs(counts, jobs);
    }

    /// <summary>
    /// Progress and result events until the search finishes or <paramref name="cancellationToken"/> fires: a
    /// <see cref="SearchEventKind.ResultsAdded"/> event when the counts change, a <see cref="SearchEventKind.Progress"/>
    /// event when progress moves, and a final <see cref="SearchEventKind.Finished"/>. Ends at once when there is no such search.
    /// </summary>
    /// <param name="tenantId">The tenant.</param>
    /// <param name="searchId">The search.</param>
    /// <param name="cancellationToken">Stops watching.</param>
    /// <returns>The events.</returns>
    public async IAsyncEnumerable<SearchEvent> WatchAsync(string tenantId, Guid searchId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        SearchProgress? previous = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            var progress = await GetProgressAsync(tenantId, searchId, cancellationToken).ConfigureAwait(false);
            if (progress is null)
            {
                yield break;
            }

            if (previous is not null && progress.Overall < previous.Overall)
            {
                // Units found mid-search (decision-maker jobs, further discovery pages) grow a phase's total, which can
                // lower the computed figure for a moment; a watcher's overall progress never moves back.
                progress = progress with { Overall = previous.Overall };
            }

            var now = time.GetUtcNow();
            if (previous is null || progress.Counts != previous.Counts)
            {
                yield return new SearchEvent(SearchEventKind.ResultsAdded, progress, now);
            }

            if (previous is null || progress.Overall != previous.Overall || !progress.Phases.SequenceEqual(previous.Phases) || progress.Status != previous.Status)
            {
                yield return new SearchEvent(SearchEventKind.Progress, progress, now);
            }

            if (progress.Status.IsTerminal())
            {
                yield return new SearchEvent(SearchEventKind.Finished, progress, now);
                yield break;
            }

            previous = progress;
            await signals.WaitAsync(searchId, options.Value.Pipeline.WatchPollInterval, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// <see cref="WatchAsync"/> with the results themselves: each <see cref="SearchEventKind.ResultsAdded"/> update carries only
    /// what was stored since the previous one (the first, everything so far), read from the store past a cursor
    /// (<see cref="ILeadStore.GetResultsAfterAsync"/>) rather than by re-reading every result.
    /// </summary>
    /// <param name="tenantId">The tenant.</param>
    /// <param name="searchId">The search.</param>
    /// <param name="after">Resume after these results (a client that reconnects), or <see langword="null"/> for everything.</param>
    /// <param name="cancellationToken">Stops watching.</param>
    /// <returns>The updates.</returns>
    public async IAsyncEnumerable<SearchUpdate> WatchResultsAsync(string tenantId, Guid searchId, ResultsCursor? after = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var cursor = after ?? ResultsCursor.Start;
        await foreach (var change in WatchAsync(tenantId, searchId, cancellationToken).ConfigureAwait(false))
        {
            NewResults? added = null;
            if (change.Kind == SearchEventKind.ResultsAdded)
            {
                added = await store.GetResultsAfterAsync(tenantId, searchId, cursor, cancellationToken).ConfigureAwait(false);
                cursor = added.Next;
            }

            yield return new SearchUpdate(change.Kind, change.Progress, added, change.At);
        }
    }
}
