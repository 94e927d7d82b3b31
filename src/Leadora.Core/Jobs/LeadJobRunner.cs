using System.Diagnostics;
using Leadora.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Leadora.Jobs;

/// <summary>
/// Drives the job queue: claims jobs, runs their handlers with bounded concurrency, heartbeats while they run, and records
/// completion, retryable failure or dead-lettering. Any host can drive it: <see cref="RunAsync"/> as a long-running loop
/// (a BackgroundService, a worker process) or <see cref="RunOnceAsync"/> for one batch (a serverless timer).
/// </summary>
public sealed partial class LeadJobRunner
{
    /// <remarks>Jobs are traced on <see cref="LeadoraTelemetry.ActivitySource"/>.</remarks>
    private static ActivitySource ActivitySource => LeadoraTelemetry.ActivitySource;

    private readonly IJobQueue _queue;
    private readonly Dictionary<string, IJobHandler> _handlers;
    private readonly SearchLifecycle _lifecycle;
    private readonly SearchSignals _signals;
    private readonly TimeProvider _time;
    private readonly ILogger<LeadJobRunner> _logger;
    private readonly JobRunnerOptions _options;
    private readonly TimeSpan _heartbeatInterval;
    private readonly OutageLog _outage;

    /// <summary>Longest wait between two attempts to reach storage that did not answer.</summary>
    internal static readonly TimeSpan MaxOutageBackoff = TimeSpan.FromSeconds(5);

    /// <summary>Creates a runner.</summary>
    public LeadJobRunner(IJobQueue queue, IEnumerable<IJobHandler> handlers, SearchLifecycle lifecycle, SearchSignals signals, IOptions<LeadoraOptions> options, TimeProvider time, ILogger<LeadJobRunner> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _queue = queue;
        _handlers = handlers.ToDictionary(h => h.JobType, StringComparer.Ordinal);
        _lifecycle = lifecycle;
        _signals = signals;
        _time = time;
        _logger = logger;
        _options = options.Value.Runner;
        _heartbeatInterval = options.Value.Jobs.LeaseDuration / 3;
        WorkerId = _options.WorkerId ?? $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}";
        _outage = new OutageLog(logger, $"job runner {WorkerId}", time);
    }

    /// <summary>Whether the runner's last attempt to reach storage failed (for readiness checks).</summary>
    public bool StorageUnavailable => _outage.IsDown;

    /// <summary>This runner's worker id, recorded on the jobs it leases.</summary>
    public string WorkerId { get; }

    /// <summary>
    /// Runs jobs until <paramref name="cancellationToken"/> fires. Then it stops claiming, returns unfinished jobs to the queue
    /// (without counting the attempt) and returns once every running job has stopped. While storage is away (the database
    /// stopped or restarts), it logs that once, retries with a growing backoff (up to 5 s), and carries on when it answers.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var running = new List<Task>();
        var backoff = TimeSpan.Zero;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                running.RemoveAll(t => t.IsCompleted);
                var free = _options.MaxConcurrentJobs - running.Count;
                var claimed = 0;
                if (free > 0)
                {
                    IReadOnlyList<LeasedJob> jobs;
                    try
                    {
                        jobs = await _queue.ClaimAsync(WorkerId, free, cancellationToken).ConfigureAwait(false);
                        _outage.Recovered();
                        backoff = TimeSpan.Zero;
                    }
                    catch (Exception ex) when (!cancellationToken.IsCancellationRequested && StorageOutage.IsOutage(ex))
                    {
                        _outage.Failed(ex);
                        backoff = backoff == TimeSpan.Zero ? TimeSpan.FromMilliseconds(250) : TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxOutageBackoff.Ticks));
                        await Task.Delay(backoff, _time, cancellationToken).ConfigureAwait(false);
                        continue;
                    }

                    claimed = jobs.Count;
                    running.AddRange(jobs.Select(job => ExecuteAsync(job, cancellationToken)));
                }

                if (claimed > 0 && running.Count < _options.MaxConcurrentJobs)
                {
                    continue;
                }

                using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var waitForWork = running.Count < _options.MaxConcurrentJobs
                    ? _queue.WaitForWorkAsync(_options.IdlePollInterval, wait.Token)
                    : Task.Delay(Timeout.InfiniteTimeSpan, _time, wait.Token);
                await Task.WhenAny(running.Append(waitForWork)).ConfigureAwait(false);
                await wait.CancelAsync().ConfigureAwait(false);
                await waitForWork.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        finally
        {
            await Task.WhenAll(running).ConfigureAwait(false);
        }
    }

    /// <summary>Claims up to the configured number of jobs, runs them to the end, and returns how many ran.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var jobs = await _queue.ClaimAsync(WorkerId, _options.MaxConcurrentJobs, cancellationToken).ConfigureAwait(false);
        await Task.WhenAll(jobs.Select(job => ExecuteAsync(job, cancellationToken))).ConfigureAwait(false);
        return jobs.Count;
    }

    /// <summary>Runs one leased job to its end. Never throws: every outcome is recorded on the queue.</summary>
    internal async Task ExecuteAsync(LeasedJob job, CancellationToken hostToken)
    {
        await Task.Yield();
        using var jobCancellation = CancellationTokenSource.CreateLinkedTokenSource(hostToken);
        var leaseLost = false;
        void OnLeaseLost()
        {
            leaseLost = true;
            jobCancellation.Cancel();
        }

        using var scope = SearchContext.Enter(job.TenantId, job.SearchId, job.Key);
        using var activity = ActivitySource.StartActivity($"job {job.Type}");
        activity?.SetTag("leadora.job.type", job.Type);
        activity?.SetTag("leadora.job.attempt", job.Attempt);
        activity?.SetTag("leadora.search.id", job.SearchId);
        var context = new JobContext(job, _queue, _time, _signals, OnLeaseLost);
        using var heartbeatStop = new CancellationTokenSource();
        var heartbeat = HeartbeatAsync(context, OnLeaseLost, heartbeatStop.Token);
        try
        {
            if (!_handlers.TryGetValue(job.Type, out var handler))
            {
                throw new PermanentJobException($"No handler is registered for job type '{job.Type}'.");
            }

            await _lifecycle.MarkRunningAsync(job.TenantId, job.SearchId, CancellationToken.None).ConfigureAwait(false);
            LogStarting(_logger, job.Type, job.Key, job.Attempt);
            await handler.ExecuteAsync(context, jobCancellation.Token).ConfigureAwait(false);
            await StopAsync(heartbeatStop, heartbeat).ConfigureAwait(false);
            if (!await _queue.CompleteAsync(job, CancellationToken.None).ConfigureAwait(false))
            {
                LogLeaseLost(_logger, job.Key);
            }
        }
        catch (Exception ex) when (StorageOutage.IsOutage(ex))
        {
            // Storage went away under the job (or its commit failed): this is not the job's fault, so no attempt is spent.
            // Return it if storage answers; otherwise its lease runs out and a worker runs it again.
            await StopAsync(heartbeatStop, heartbeat).ConfigureAwait(false);
            _outage.Failed(ex);
            await TryStorageAsync(() => _queue.ReleaseAsync(job, CancellationToken.None)).ConfigureAwait(false);
            LogInterrupted(_logger, job.Key);
        }
        catch (OperationCanceledException) when (hostToken.IsCancellationRequested && !leaseLost)
        {
            await StopAsync(heartbeatStop, heartbeat).ConfigureAwait(false);
            await _queue.ReleaseAsync(job, CancellationToken.None).ConfigureAwait(false);
            LogReleased(_logger, job.Key);
        }
        catch (OperationCanceledException) when (leaseLost)
        {
            await StopAsync(heartbeatStop, heartbeat).ConfigureAwait(false);
            LogLeaseLost(_logger, job.Key);
        }
        catch (Exception ex)
        {
            await StopAsync(heartbeatStop, heartbeat).ConfigureAwait(false);
            activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            await TryStorageAsync(() => RecordFailureAsync(job, ex)).ConfigureAwait(false);
        }
        finally
        {
            _signals.Notify(job.SearchId);
            await TryStorageAsync(() => _lifecycle.TryFinishAsync(job.TenantId, job.SearchId, CancellationToken.None)).ConfigureAwait(false);
        }
    }

    /// <summary>Runs a bookkeeping write; when storage is away, notes the outage and leaves the job to its lease.</summary>
    private async Task TryStorageAsync(Func<Task> write)
    {
        try
        {
            await write().ConfigureAwait(false);
        }
        catch (Exception ex) when (StorageOutage.IsOutage(ex))
        {
            _outage.Failed(ex);
        }
    }

    private async Task RecordFailureAsync(LeasedJob job, Exception exception)
    {
        var retryable = JobFailures.IsRetryable(exception);
        var message = Redaction.Redact($"{exception.GetType().Name}: {exception.Message}");
        var outcome = await _queue.FailAsync(job, message, retryable, CancellationToken.None).ConfigureAwait(false);
        if (outcome is null)
        {
            LogLeaseLost(_logger, job.Key);
        }
        else if (outcome.DeadLettered)
        {
            LogDeadLettered(_logger, job.Type, job.Key, job.Attempt, Redaction.Redact(exception.ToString()));
            await _lifecycle.AddWarningAsync(job.TenantId, job.SearchId, WarningCodes.UnitDeadLettered,
                $"A {job.Type} unit failed after {job.Attempt} attempt(s) and was dead-lettered: {Redaction.Redact(exception.Message)}", job.Key).ConfigureAwait(false);
        }
        else
        {
            LogRetrying(_logger, job.Type, job.Key, job.Attempt, outcome.RetryAt, message);
        }
    }

    private async Task HeartbeatAsync(JobContext context, Action onLeaseLost, CancellationToken stop)
    {
        try
        {
            while (true)
            {
                await Task.Delay(_heartbeatInterval, _time, stop).ConfigureAwait(false);
                bool held;
                try
                {
                    held = await _queue.HeartbeatAsync(context.Job, context.Progress, stop).ConfigureAwait(false);
                }
                catch (Exception ex) when (!stop.IsCancellationRequested && StorageOutage.IsOutage(ex))
                {
                    // The next beat tries again; if the lease ran out meanwhile, that beat says so.
                    _outage.Failed(ex);
                    continue;
                }

                if (!held)
                {
                    onLeaseLost();
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The job finished.
        }
    }

    private static async Task StopAsync(CancellationTokenSource stop, Task heartbeat)
    {
        await stop.CancelAsync().ConfigureAwait(false);
        await heartbeat.ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobKey} was interrupted because storage is unavailable; it runs again once storage answers")]
    private static partial void LogInterrupted(ILogger logger, string jobKey);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Starting {JobType} job {JobKey} (attempt {Attempt})")]
    private static partial void LogStarting(ILogger logger, string jobType, string jobKey, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Returned job {JobKey} to the queue on shutdown")]
    private static partial void LogReleased(ILogger logger, string jobKey);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the lease of job {JobKey} (expired, reclaimed or cancelled); its result was not recorded")]
    private static partial void LogLeaseLost(ILogger logger, string jobKey);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{JobType} job {JobKey} failed on attempt {Attempt}; retrying at {RetryAt}: {Error}")]
    private static partial void LogRetrying(ILogger logger, string jobType, string jobKey, int attempt, DateTimeOffset? retryAt, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "{JobType} job {JobKey} was dead-lettered after attempt {Attempt}: {Error}")]
    private static partial void LogDeadLettered(ILogger logger, string jobType, string jobKey, int attempt, string error);
}
