namespace Leadora.Ports;

/// <summary>A unit of work to enqueue.</summary>
/// <param name="Type">Job type (see <see cref="Leadora.Jobs.JobTypes"/>).</param>
/// <param name="TenantId">Tenant.</param>
/// <param name="SearchId">Search.</param>
/// <param name="Key">Idempotency key, unique across the queue; enqueueing an existing key is a no-op.</param>
/// <param name="Payload">JSON payload.</param>
public sealed record JobRequest(string Type, string TenantId, Guid SearchId, string Key, string Payload);

/// <summary>State of a job.</summary>
public enum JobState
{
    /// <summary>Waiting to run (possibly after a backoff).</summary>
    Pending,

    /// <summary>Claimed by a worker under a lease.</summary>
    Running,

    /// <summary>Finished.</summary>
    Completed,

    /// <summary>Failed on every allowed attempt; kept with its last error.</summary>
    DeadLettered,

    /// <summary>Cancelled with its search.</summary>
    Cancelled,
}

/// <summary>A job claimed by a worker, under a lease.</summary>
public sealed record LeasedJob
{
    /// <summary>Job id.</summary>
    public required Guid Id { get; init; }

    /// <summary>Job type.</summary>
    public required string Type { get; init; }

    /// <summary>Tenant.</summary>
    public required string TenantId { get; init; }

    /// <summary>Search.</summary>
    public required Guid SearchId { get; init; }

    /// <summary>Idempotency key.</summary>
    public required string Key { get; init; }

    /// <summary>JSON payload.</summary>
    public required string Payload { get; init; }

    /// <summary>1-based attempt number of this claim.</summary>
    public required int Attempt { get; init; }

    /// <summary>Attempts allowed before dead-lettering.</summary>
    public required int MaxAttempts { get; init; }

    /// <summary>The worker holding the lease.</summary>
    public required string WorkerId { get; init; }

    /// <summary>Lease token; the lease is held only while it matches the stored one.</summary>
    public required Guid LeaseToken { get; init; }

    /// <summary>When the lease expires unless extended by a heartbeat.</summary>
    public required DateTimeOffset LeaseExpiresAt { get; init; }
}

/// <summary>A job as shown to operators.</summary>
public sealed record JobInfo
{
    /// <summary>Job id.</summary>
    public required Guid Id { get; init; }

    /// <summary>Job type.</summary>
    public required string Type { get; init; }

    /// <summary>Idempotency key.</summary>
    public required string Key { get; init; }

    /// <summary>JSON payload.</summary>
    public required string Payload { get; init; }

    /// <summary>State.</summary>
    public required JobState State { get; init; }

    /// <summary>Attempts made so far.</summary>
    public int Attempts { get; init; }

    /// <summary>Attempts allowed.</summary>
    public int MaxAttempts { get; init; }

    /// <summary>Progress reported by the running worker, 0–1.</summary>
    public double Progress { get; init; }

    /// <summary>Earliest time the job may run again.</summary>
    public DateTimeOffset RunAfter { get; init; }

    /// <summary>Worker holding the lease, when running.</summary>
    public string? WorkerId { get; init; }

    /// <summary>When the lease expires, when running.</summary>
    public DateTimeOffset? LeaseExpiresAt { get; init; }

    /// <summary>Last error, when an attempt failed.</summary>
    public string? LastError { get; init; }

    /// <summary>When the job was enqueued.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it finished.</summary>
    public DateTimeOffset? FinishedAt { get; init; }
}

/// <summary>Counts of one job type within a search.</summary>
/// <param name="Type">Job type.</param>
/// <param name="Pending">Waiting.</param>
/// <param name="Running">Under a lease.</param>
/// <param name="Completed">Finished.</param>
/// <param name="DeadLettered">Dead-lettered.</param>
/// <param name="Cancelled">Cancelled.</param>
/// <param name="RunningProgress">Sum of reported progress (0–1 each) of running jobs.</param>
public sealed record JobTypeCounts(string Type, int Pending, int Running, int Completed, int DeadLettered, int Cancelled, double RunningProgress)
{
    /// <summary>All jobs of the type.</summary>
    public int Total => Pending + Running + Completed + DeadLettered + Cancelled;

    /// <summary>Jobs that will not run again.</summary>
    public int Finished => Completed + DeadLettered + Cancelled;
}

/// <summary>What happened to a failed job.</summary>
/// <param name="DeadLettered">Whether it ran out of attempts.</param>
/// <param name="RetryAt">When it will be retried, if not dead-lettered.</param>
public sealed record JobFailureOutcome(bool DeadLettered, DateTimeOffset? RetryAt);

/// <summary>Port: a durable queue of idempotent jobs with leases, heartbeats, backoff and dead-lettering.</summary>
public interface IJobQueue
{
    /// <summary>Enqueues jobs; jobs whose key already exists are skipped. Returns how many were added.</summary>
    Task<int> EnqueueAsync(IReadOnlyList<JobRequest> jobs, CancellationToken cancellationToken = default);

    /// <summary>Claims up to <paramref name="maxJobs"/> runnable jobs under a lease for <paramref name="workerId"/>.</summary>
    Task<IReadOnlyList<LeasedJob>> ClaimAsync(string workerId, int maxJobs, CancellationToken cancellationToken = default);

    /// <summary>Extends the lease and records progress (0–1). Returns <see langword="false"/> when the lease was lost or the job cancelled: stop working on it.</summary>
    Task<bool> HeartbeatAsync(LeasedJob job, double progress, CancellationToken cancellationToken = default);

    /// <summary>Marks the job completed. Returns <see langword="false"/> when the lease was lost (another worker owns the job now).</summary>
    Task<bool> CompleteAsync(LeasedJob job, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records a failed attempt: retried after an exponential backoff with jitter, or dead-lettered after the last attempt
    /// or at once when <paramref name="retryable"/> is <see langword="false"/> (the failure cannot pass, such as a rejected key).
    /// Returns <see langword="null"/> when the lease was lost and nothing was recorded.
    /// </summary>
    Task<JobFailureOutcome?> FailAsync(LeasedJob job, string errorMessage, bool retryable, CancellationToken cancellationToken = default);

    /// <summary>Returns a job to the queue without counting the attempt (graceful shutdown).</summary>
    Task ReleaseAsync(LeasedJob job, CancellationToken cancellationToken = default);

    /// <summary>Cancels every unfinished job of a search. Running jobs learn it at their next heartbeat.</summary>
    Task<int> CancelSearchAsync(string tenantId, Guid searchId, CancellationToken cancellationToken = default);

    /// <summary>Counts per job type for a search.</summary>
    Task<IReadOnlyList<JobTypeCounts>> GetCountsAsync(string tenantId, Guid searchId, CancellationToken cancellationToken = default);

    /// <summary>Jobs of a search, oldest first.</summary>
    Task<IReadOnlyList<JobInfo>> ListAsync(string tenantId, Guid searchId, CancellationToken cancellationToken = default);

    /// <summary>Returns jobs whose lease expired to the queue (counting the attempt). Returns how many.</summary>
    Task<int> RequeueExpiredAsync(CancellationToken cancellationToken = default);

    /// <summary>Waits until work may be available (a job was enqueued or released) or <paramref name="timeout"/> passes.</summary>
    Task WaitForWorkAsync(TimeSpan timeout, CancellationToken cancellationToken = default);
}
