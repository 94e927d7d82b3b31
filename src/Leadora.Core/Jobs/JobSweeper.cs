using Leadora.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Leadora.Jobs;

/// <summary>
/// Queue maintenance for long-running hosts: on every <see cref="JobQueueOptions.SweepInterval"/> it returns jobs whose lease
/// expired to the queue (<see cref="IJobQueue.RequeueExpiredAsync"/>) and deletes expired response-cache entries
/// (<see cref="IResponseCache.PurgeExpiredAsync"/>). Claims reclaim expired leases too, so the sweeper is what keeps an
/// abandoned job visible as pending (and dead-letters one that expired on its last attempt) while no worker is claiming.
/// Safe to run in every worker process at once.
/// </summary>
public sealed partial class JobSweeper(IJobQueue queue, IResponseCache cache, IOptions<LeadoraOptions> options, TimeProvider time, ILogger<JobSweeper> logger)
{
    /// <summary>Runs one sweep. Returns how many jobs were requeued and how many cache entries were purged.</summary>
    public async Task<(int RequeuedJobs, int PurgedCacheEntries)> SweepOnceAsync(CancellationToken cancellationToken = default)
    {
        var requeued = await queue.RequeueExpiredAsync(cancellationToken).ConfigureAwait(false);
        var purged = await cache.PurgeExpiredAsync(cancellationToken).ConfigureAwait(false);
        if (requeued > 0 || purged > 0)
        {
            LogSwept(logger, requeued, purged);
        }

        return (requeued, purged);
    }

    /// <summary>Sweeps on every interval until <paramref name="cancellationToken"/> fires. A failed sweep is logged and retried at the next interval.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var interval = options.Value.Jobs.SweepInterval;
        var outage = new OutageLog(logger, "the job sweeper", time);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    await SweepOnceAsync(cancellationToken).ConfigureAwait(false);
                    outage.Recovered();
                }
                catch (Exception ex) when (ex is not OperationCanceledException && StorageOutage.IsOutage(ex))
                {
                    // Logged once per outage, not once per interval.
                    outage.Failed(ex);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogSweepFailed(logger, Redaction.Redact($"{ex.GetType().Name}: {ex.Message}"));
                }

                await Task.Delay(interval, time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sweep: {RequeuedJobs} expired job lease(s) returned to the queue, {PurgedEntries} expired cache entries purged")]
    private static partial void LogSwept(ILogger logger, int requeuedJobs, int purgedEntries);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweep failed ({Error}); retrying at the next interval")]
    private static partial void LogSweepFailed(ILogger logger, string error);
}
