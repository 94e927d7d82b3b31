using Leadora.Jobs;
using Leadora.Ports;
using Microsoft.Extensions.Logging;

namespace Leadora;

/// <summary>Moves a search through its statuses as its jobs run and finish.</summary>
public sealed partial class SearchLifecycle(ILeadStore store, IJobQueue queue, SearchSignals signals, TimeProvider time, ILogger<SearchLifecycle> logger)
{
    /// <summary>Marks a pending search as running.</summary>
    public async Task MarkRunningAsync(string tenantId, Guid searchId, CancellationToken cancellationToken)
    {
        var search = await store.GetSearchAsync(tenantId, searchId, cancellationToken).ConfigureAwait(false);
        if (search?.Status == SearchStatus.Pending)
        {
            await store.SetSearchStatusAsync(tenantId, searchId, SearchStatus.Running, null, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Finishes the search once no job of it is pending or running: <see cref="SearchStatus.Failed"/> when personas could not be
    /// written, <see cref="SearchStatus.CompletedWithWarnings"/> when a unit was dead-lettered or a non-informational warning
    /// was raised (see <see cref="WarningCodes"/>), otherwise
    /// <see cref="SearchStatus.Completed"/>. Safe to call concurrently and repeatedly.
    /// </summary>
    public async Task TryFinishAsync(string tenantId, Guid searchId, CancellationToken cancellationToken)
    {
        var counts = await queue.GetCountsAsync(tenantId, searchId, cancellationToken).ConfigureAwait(false);
        if (counts.Count == 0 || counts.Any(c => c.Pending + c.Running > 0))
        {
            return;
        }

        var search = await store.GetSearchAsync(tenantId, searchId, cancellationToken).ConfigureAwait(false);
        if (search is null || search.Status.IsTerminal())
        {
            return;
        }

        var personas = counts.FirstOrDefault(c => c.Type == JobTypes.Personas);
        SearchStatus status;
        string? error = null;
        if (personas is null || personas.Completed == 0)
        {
            status = SearchStatus.Failed;
            var jobs = await queue.ListAsync(tenantId, searchId, cancellationToken).ConfigureAwait(false);
            var reason = jobs.FirstOrDefault(j => j.Type == JobTypes.Personas)?.LastError ?? "the personas job did not run";
            error = $"Personas could not be written, so nothing could be searched: {reason}";
        }
        else
        {
            var warnings = await store.GetWarningsAsync(tenantId, searchId, cancellationToken).ConfigureAwait(false);
            var degraded = counts.Any(c => c.DeadLettered > 0) || warnings.Any(w => !WarningCodes.IsInformational(w.Code));
            status = degraded ? SearchStatus.CompletedWithWarnings : SearchStatus.Completed;
        }

        if (await store.SetSearchStatusAsync(tenantId, searchId, status, error, time.GetUtcNow(), cancellationToken).ConfigureAwait(false))
        {
            LogFinished(logger, searchId, status);
            signals.Notify(searchId);
        }
    }

    /// <summary>Adds a warning to a search.</summary>
    public Task AddWarningAsync(string tenantId, Guid searchId, string code, string message, string subject) =>
        store.AddWarningAsync(tenantId, searchId, new SearchWarning(code, message, subject, time.GetUtcNow()), CancellationToken.None);

    [LoggerMessage(Level = LogLevel.Information, Message = "Search {SearchId} finished: {Status}")]
    private static partial void LogFinished(ILogger logger, Guid searchId, SearchStatus status);
}
