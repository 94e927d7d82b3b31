using Leadora.Jobs;
using Leadora.Ports;
using Microsoft.Extensions.Options;

namespace Leadora.InMemory;

/// <summary>
/// The embedded job queue: leases, heartbeats, backoff and dead-lettering with the same semantics as the durable adapters,
/// held in this process's memory. Work is lost when the process ends; use a durable queue to survive crashes.
/// </summary>
public sealed class InMemoryJobQueue : IJobQueue
{
    private readonly object _gate = new();
    private readonly Dictionary<Guid, Entry> _jobs = [];
    private readonly Dictionary<string, Guid> _byKey = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly JobQueueOptions _options;
    private long _sequence;
    private TaskCompletionSource _workSignal = NewSignal();

    /// <summary>Creates the queue.</summary>
    public InMemoryJobQueue(IOptions<LeadoraOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value.Jobs;
        _time = time;
    }

    /// <inheritdoc />
    public Task<int> EnqueueAsync(IReadOnlyList<JobRequest> jobs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        var added = 0;
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            foreach (var request in jobs)
            {
                if (_byKey.ContainsKey(request.Key))
                {
                    continue;
                }

                var entry = new Entry(Guid.NewGuid(), request, _sequence++, now) { MaxAttempts = _options.MaxAttempts, RunAfter = now };
                _jobs.Add(entry.Id, entry);
                _byKey.Add(request.Key, entry.Id);
                added++;
            }

            if (added > 0)
            {
                SignalWork();
            }
        }

        return Task.FromResult(added);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<LeasedJob>> ClaimAsync(string workerId, int maxJobs, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workerId);
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            var claimable = _jobs.Values
                .Where(e => (e.State == JobState.Pending && e.RunAfter <= now) || (e.State == JobState.Running && e.LeaseExpiresAt <= now))
                .OrderBy(e => e.RunAfter)
                .ThenBy(e => e.Sequence)
                .Take(Math.Max(0, maxJobs))
                .ToList();

            var leased = new List<LeasedJob>(claimable.Count);
            foreach (var entry in claimable)
            {
                if (entry.State == JobState.Running && entry.Attempts >= entry.MaxAttempts)
                {
                    DeadLetter(entry, entry.LastError ?? "The lease expired on the last attempt.", now);
                    continue;
                }

                entry.State = JobState.Running;
                entry.Attempts++;
                entry.WorkerId = workerId;
                entry.LeaseToken = Guid.NewGuid();
                entry.LeaseExpiresAt = now + _options.LeaseDuration;
                entry.Progress = 0;
                leased.Add(entry.ToLeased());
            }

            return Task.FromResult<IReadOnlyList<LeasedJob>>(leased);
        }
    }

    /// <inheritdoc />
    public Task<bool> HeartbeatAsync(LeasedJob job, double progress, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!TryGetLeased(job, out var entry))
            {
                return Task.FromResult(false);
            }

            entry.LeaseExpiresAt = _time.GetUtcNow() + _options.LeaseDuration;
            entry.Progress = Math.Clamp(progress, 0, 1);
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task<bool> CompleteAsync(LeasedJob job, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!TryGetLeased(job, out var entry))
            {
                return Task.FromResult(false);
            }

            entry.State = JobState.Completed;
            entry.Progress = 1;
            entry.FinishedAt = _time.GetUtcNow();
            entry.ClearLease();
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task<JobFailureOutcome?> FailAsync(LeasedJob job, string errorMessage, bool retryable, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!TryGetLeased(job, out var entry))
            {
                return Task.FromResult<JobFailureOutcome?>(null);
            }

            var now = _time.GetUtcNow();
            entry.LastError = errorMessage;
            if (!retryable || entry.Attempts >= entry.MaxAttempts)
            {
                DeadLetter(entry, errorMessage, now);
                return Task.FromResult<JobFailureOutcome?>(new JobFailureOutcome(true, null));
            }

            entry.State = JobState.Pending;
            entry.RunAfter = now + JobBackoff.Compute(_options, entry.Attempts, Random.Shared.NextDouble());
            entry.ClearLease();
            SignalWork();
            return Task.FromResult<JobFailureOutcome?>(new JobFailureOutcome(false, entry.RunAfter));
        }
    }

    /// <inheritdoc />
    public Task ReleaseAsync(LeasedJob job, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (TryGetLeased(job, out var entry))
            {
                entry.State = JobState.Pending;
                entry.Attempts = Math.Max(0, entry.Attempts - 1);
                entry.RunAfter = _time.GetUtcNow();
                entry.ClearLease();
                SignalWork();
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<int> CancelSearchAsync(string tenantId, Guid searchId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            var cancelled = 0;
            foreach (var entry in _jobs.Values.Where(e => e.Request.SearchId == searchId && e.Request.TenantId == tenantId))
            {
                if (entry.State is JobState.Pending or JobState.Running)
                {
                    entry.State = JobState.Cancelled;
                    entry.FinishedAt = now;
                    entry.ClearLease();
                    cancelled++;
                }
            }

            return Task.FromResult(cancelled);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<JobTypeCounts>> GetCountsAsync(string tenantId, Guid searchId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var counts = _jobs.Values
                .Where(e => e.Request.SearchId == searchId && e.Request.TenantId == tenantId)
                .GroupBy(e => e.Request.Type, StringComparer.Ordinal)
                .Select(g => new JobTypeCounts(
                    g.Key,
                    g.Count(e => e.State == JobState.Pending),
                    g.Count(e => e.State == JobState.Running),
                    g.Count(e => e.State == JobState.Completed),
                    g.Count(e => e.State == JobState.DeadLettered),
                    g.Count(e => e.State == JobState.Cancelled),
                    g.Where(e => e.State == JobState.Running).Sum(e => e.Progress)))
                .OrderBy(c => c.Type, StringComparer.Ordinal)
                .ToList();
            return Task.FromResult<IReadOnlyList<JobTypeCounts>>(counts);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<JobInfo>> ListAsync(string tenantId, Guid searchId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var list = _jobs.Values
                .Where(e => e.Request.SearchId == searchId && e.Request.TenantId == tenantId)
                .OrderBy(e => e.Sequence)
                .Select(e => e.ToInfo())
                .ToList();
            return Task.FromResult<IReadOnlyList<JobInfo>>(list);
        }
    }

    /// <inheritdoc />
    public Task<int> RequeueExpiredAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            var requeued = 0;
            foreach (var entry in _jobs.Values.Where(e => e.State == JobState.Running && e.LeaseExpiresAt <= now))
            {
                if (entry.Attempts >= entry.MaxAttempts)
                {
                    DeadLetter(entry, entry.LastError ?? "The lease expired on the last attempt.", now);
                }
                else
                {
                    entry.State = JobState.Pending;
                    entry.RunAfter = now;
                    entry.ClearLease();
                    requeued++;
                }
            }

            if (requeued > 0)
            {
                SignalWork();
            }

            return Task.FromResult(requeued);
        }
    }

    /// <inheritdoc />
    public async Task WaitForWorkAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        Task signal;
        lock (_gate)
        {
            signal = _workSignal.Task;
        }

        try
        {
            await signal.WaitAsync(timeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // No new work within the timeout; the caller polls again.
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void SignalWork()
    {
        var previous = _workSignal;
        _workSignal = NewSignal();
        previous.TrySetResult();
    }

    private bool TryGetLeased(LeasedJob job, out Entry entry)
    {
        ArgumentNullException.ThrowIfNull(job);
        return _jobs.TryGetValue(job.Id, out entry!) && entry.State == JobState.Running && entry.LeaseToken == job.LeaseToken;
    }

    private static void DeadLetter(Entry entry, string error, DateTimeOffset now)
    {
        entry.State = JobState.DeadLettered;
        entry.LastError = error;
        entry.FinishedAt = now;
        entry.ClearLease();
    }

    private sealed class Entry(Guid id, JobRequest request, long sequence, DateTimeOffset createdAt)
    {
        public Guid Id { get; } = id;

        public JobRequest Request { get; } = request;

        public long Sequence { get; } = sequence;

        public DateTimeOffset CreatedAt { get; } = createdAt;

        public JobState State { get; set; } = JobState.Pending;

        public int Attempts { get; set; }

        public int MaxAttempts { get; init; }

        public DateTimeOffset RunAfter { get; set; }

        public string? WorkerId { get; set; }

        public Guid LeaseToken { get; set; }

        public DateTimeOffset LeaseExpiresAt { get; set; }

        public double Progress { get; set; }

        public string? LastError { get; set; }

        public DateTimeOffset? FinishedAt { get; set; }

        public void ClearLease()
        {
            WorkerId = null;
            LeaseToken = Guid.Empty;
        }

        public LeasedJob ToLeased() => new()
        {
            Id = Id,
            Type = Request.Type,
            TenantId = Request.TenantId,
            SearchId = Request.SearchId,
            Key = Request.Key,
            Payload = Request.Payload,
            Attempt = Attempts,
            MaxAttempts = MaxAttempts,
            WorkerId = WorkerId!,
            LeaseToken = LeaseToken,
            LeaseExpiresAt = LeaseExpiresAt,
        };

        public JobInfo ToInfo() => new()
        {
            Id = Id,
            Type = Request.Type,
            Key = Request.Key,
            Payload = Request.Payload,
            State = State,
            Attempts = Attempts,
            MaxAttempts = MaxAttempts,
            Progress = Progress,
            RunAfter = RunAfter,
            WorkerId = State == JobState.Running ? WorkerId : null,
            LeaseExpiresAt = State == JobState.Running ? LeaseExpiresAt : null,
            LastError = LastError,
            CreatedAt = CreatedAt,
            FinishedAt = FinishedAt,
        };
    }
}
