using Leadora.Jobs;
using Leadora.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Leadora.Storage.Postgres;

/// <summary>
/// The durable job queue on PostgreSQL, shared by any number of worker processes. Claims take a batch with
/// <c>FOR UPDATE SKIP LOCKED</c> under a lease (reclaiming jobs whose lease expired, and dead-lettering one that expired on its
/// last attempt); heartbeats extend the lease; completion, failure and release only apply while the caller still holds the
/// lease token. Failures back off with <see cref="JobBackoff"/> (exponential, with jitter) and dead-letter after the last
/// attempt keeping the last error. Enqueue, release, retry and requeue send <c>NOTIFY</c>, so idle workers waiting in
/// <see cref="WaitForWorkAsync"/> wake at once. Every timestamp comes from the injected <see cref="TimeProvider"/>.
/// </summary>
public sealed partial class PostgresJobQueue : IJobQueue, IAsyncDisposable, IDisposable
{
    private const string JobColumns = "id, type, tenant_id, search_id, key, payload, attempts, max_attempts, worker_id, lease_token, lease_expires_at";

    private readonly PostgresDatabase _db;
    private readonly IOptions<LeadoraOptions> _options;
    private readonly TimeProvider _time;
    private readonly JobNotificationListener _listener;

    /// <summary>Creates the queue. Queue options (<c>Leadora:Jobs</c>) are read on first use.</summary>
    public PostgresJobQueue(PostgresDatabase database, IOptions<LeadoraOptions> options, TimeProvider time, ILogger<PostgresJobQueue> logger)
    {
        ArgumentNullException.ThrowIfNull(database);
        _db = database;
        _options = options;
        _time = time;
        _listener = new JobNotificationListener(database, time, logger);
    }

    private JobQueueOptions Jobs => _options.Value.Jobs;

    /// <inheritdoc />
    public async Task<int> EnqueueAsync(IReadOnlyList<JobRequest> jobs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        if (jobs.Count == 0)
        {
            return 0;
        }

        var now = Db.Utc(_time.GetUtcNow());
        await using var command = await _db.CommandAsync(_db.Sql("""
            WITH added AS (
                INSERT INTO {s}.jobs (id, key, tenant_id, search_id, type, payload, state, max_attempts, run_after, created_at, updated_at)
                SELECT gen_random_uuid(), j.key, j.tenant_id, j.search_id, j.type, j.payload, 'pending', @max_attempts, @now, @now, @now
                FROM unnest(@keys, @tenants, @searches, @types, @payloads) WITH ORDINALITY AS j(key, tenant_id, search_id, type, payload, ordinal)
                ORDER BY j.ordinal
                ON CONFLICT (key) DO NOTHING
                RETURNING 1
            )
            SELECT count(*)::int, CASE WHEN count(*) > 0 THEN pg_notify(@channel, 'enqueued') END IS NULL FROM added
            """), cancellationToken).ConfigureAwait(false);
        var p = command.Parameters;
        p.AddWithValue("keys", jobs.Select(j => j.Key).ToArray());
        p.AddWithValue("tenants", jobs.Select(j => j.TenantId).ToArray());
        p.AddWithValue("searches", jobs.Select(j => j.SearchId).ToArray());
        p.AddWithValue("types", jobs.Select(j => j.Type).ToArray());
        p.AddWithValue("payloads", jobs.Select(j => j.Payload).ToArray());
        p.AddWithValue("max_attempts", Jobs.MaxAttempts);
        p.AddWithValue("now", now);
        p.AddWithValue("channel", _db.JobChannel);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return reader.GetInt32(0);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<LeasedJob>> ClaimAsync(string workerId, int maxJobs, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workerId);
        if (maxJobs <= 0)
        {
            return [];
        }

        var now = Db.Utc(_time.GetUtcNow());
        await using var command = await _db.CommandAsync(_db.Sql($"""
            WITH pending AS (
                -- Two index-ordered scans (pending by run_after; running by lease expiry) instead of one OR that must sort every runnable row.
                SELECT id, state, attempts, max_attempts, run_after, seq FROM {"{s}"}.jobs
                WHERE state = 'pending' AND run_after <= @now
                ORDER BY run_after, seq
                LIMIT @max
                FOR UPDATE SKIP LOCKED
            ), expired AS (
                SELECT id, state, attempts, max_attempts, run_after, seq FROM {"{s}"}.jobs
                WHERE state = 'running' AND lease_expires_at <= @now
                ORDER BY lease_expires_at
                LIMIT @max
                FOR UPDATE SKIP LOCKED
            ), candidates AS (
                SELECT id, state, attempts, max_attempts FROM (SELECT * FROM pending UNION ALL SELECT * FROM expired) c
                ORDER BY run_after, seq
                LIMIT @max
            ), expired_last AS (
                UPDATE {"{s}"}.jobs j
                SET state = 'dead_lettered', last_error = coalesce(j.last_error, 'The lease expired on the last attempt.'),
                    finished_at = @now, updated_at = @now, lease_token = NULL, lease_expires_at = NULL
                FROM candidates c
                WHERE j.id = c.id AND c.state = 'running' AND c.attempts >= c.max_attempts
            )
            UPDATE {"{s}"}.jobs j
            SET state = 'running', attempts = j.attempts + 1, worker_id = @worker, lease_token = gen_random_uuid(),
                lease_expires_at = @lease_expires, progress = 0, updated_at = @now
            FROM candidates c
            WHERE j.id = c.id AND NOT (c.state = 'running' AND c.attempts >= c.max_attempts)
            RETURNING {string.Join(", ", JobColumns.Split(", ").Select(c => "j." + c))}, j.run_after, j.seq
            """), cancellationToken).ConfigureAwait(false);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("max", maxJobs);
        command.Parameters.AddWithValue("worker", workerId);
        command.Parameters.AddWithValue("lease_expires", Db.Utc(now + Jobs.LeaseDuration));
        var claimed = new List<(LeasedJob Job, DateTimeOffset RunAfter, long Seq)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            claimed.Add((ReadLeased(reader), reader.GetFieldValue<DateTimeOffset>(11), reader.GetInt64(12)));
        }

        return claimed.OrderBy(c => c.RunAfter).ThenBy(c => c.Seq).Select(c => c.Job).ToList();
    }

    /// <inheritdoc />
    public async Task<bool> HeartbeatAsync(LeasedJob job, double progress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        var now = Db.Utc(_time.GetUtcNow());
        await using var command = await _db.CommandAsync(_db.Sql("""
            UPDATE {s}.jobs SET lease_expires_at = @lease_expires, progress = @progress, updated_at = @now
            WHERE id = @id AND state = 'running' AND lease_token = @token
            """), cancellationToken).ConfigureAwait(false);
        command.Parameters.AddWithValue("id", job.Id);
        command.Parameters.AddWithValue("token", job.LeaseToken);
        command.Parameters.AddWithValue("progress", Math.Clamp(progress, 0, 1));
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("lease_expires", Db.Utc(now + Jobs.LeaseDuration));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    /// <inheritdoc />
    public async Task<bool> CompleteAsync(LeasedJob job, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        var now = Db.Utc(_time.GetUtcNow());
        await using var command = await _db.CommandAsync(_db.Sql("""
            UPDATE {s}.jobs SET state = 'completed', progress = 1, finished_at = @now, updated_at = @now, lease_token = NULL, lease_expires_at = NULL
            WHERE id = @id AND state = 'running' AND lease_token = @token
            """), cancellationToken).ConfigureAwait(false);
        command.Parameters.AddWithValue("id", job.Id);
        command.Parameters.AddWithValue("token", job.LeaseToken);
        command.Parameters.AddWithValue("now", now);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    /// <inheritdoc />
    public async Task<JobFailureOutcome?> FailAsync(LeasedJob job, string errorMessage, bool retryable, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        var now = Db.Utc(_time.GetUtcNow());
        var deadLetter = !retryable || job.Attempt >= job.MaxAttempts;
        var retryAt = deadLetter ? now : Db.Utc(now + JobBackoff.Compute(Jobs, job.Attempt, Random.Shared.NextDouble()));
        await using var command = await _db.CommandAsync(_db.Sql("""
            WITH failed AS (
                UPDATE {s}.jobs
                SET state = CASE WHEN @dead THEN 'dead_lettered' ELSE 'pending' END,
                    run_after = CASE WHEN @dead THEN run_after ELSE @retry_at END,
                    finished_at = CASE WHEN @dead THEN @now END,
                    last_error = @error, updated_at = @now, lease_token = NULL, lease_expires_at = NULL
                WHERE id = @id AND state = 'running' AND lease_token = @token
                RETURNING 1
            )
            SELECT count(*)::int, CASE WHEN count(*) > 0 AND NOT @dead THEN pg_notify(@channel, 'retry') END IS NULL FROM failed
            """), cancellationToken).ConfigureAwait(false);
        command.Parameters.AddWithValue("id", job.Id);
        command.Parameters.AddWithValue("token", job.LeaseToken);
        command.Parameters.AddWithValue("dead", deadLetter);
        command.Parameters.AddWithValue("retry_at", retryAt);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("error", errorMessage ?? "");
        command.Parameters.AddWithValue("channel", _db.JobChannel);
        var updated = (int)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        return updated == 0 ? null : new JobFailureOutcome(deadLetter, deadLetter ? null : retryAt);
    }

    /// <inheritdoc />
    public async Task ReleaseAsync(LeasedJob job, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        var now = Db.Utc(_time.GetUtcNow());
        await using var command = await _db.CommandAsync(_db.Sql("""
            WITH released AS (
                UPDATE {s}.jobs SET state = 'pending', attempts = greatest(attempts - 1, 0), run_after = @now, updated_at = @now,
                    worker_id = NULL, lease_token = NULL, lease_expires_at = NULL
                WHERE id = @id AND state = 'running' AND lease_token = @token
                RETURNING 1
            )
            SELECT count(*)::int, CASE WHEN count(*) > 0 THEN pg_notify(@channel, 'released') END IS NULL FROM released
            """), cancellationToken).ConfigureAwait(false);
        command.Parameters.AddWithValue("id", job.Id);
        command.Parameters.AddWithValue("token", job.LeaseToken);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("channel", _db.JobChannel);
        await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<int> CancelSearchAsync(string tenantId, Guid searchId, CancellationToken cancellationToken = default)
    {
        var now = Db.Utc(_time.GetUtcNow());
        await using var command = await _db.CommandAsync(_db.Sql("""
            UPDATE {s}.jobs SET state = 'cancelled', finished_at = @now, updated_at = @now, lease_token = NULL, lease_expires_at = NULL
            WHERE tenant_id = @tenant AND search_id = @search AND state IN ('pending', 'running')
            """), cancellationToken).ConfigureAwait(false);
        command.Parameters.AddWithValue("tenant", tenantId);
        command.Parameters.AddWithValue("search", searchId);
        command.Parameters.AddWithValue("now", now);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<JobTypeCounts>> GetCountsAsync(string tenantId, Guid searchId, CancellationToken cancellationToken = default)
    {
        await using var command = await _db.CommandAsync(_db.Sql("""
            SELECT type,
                count(*) FILTER (WHERE state = 'pending')::int,
                count(*) FILTER (WHERE state = 'running')::int,
                count(*) FILTER (WHERE state = 'completed')::int,
                count(*) FILTER (WHERE state = 'dead_lettered')::int,
                count(*) FILTER (WHERE state = 'cancelled')::int,
                coalesce(sum(progress) FILTER (WHERE state = 'running'), 0)
            FROM {s}.jobs WHERE tenant_id = @tenant AND search_id = @search
            GROUP BY type ORDER BY type COLLATE "C"
            """), cancellationToken).ConfigureAwait(false);
        command.Parameters.AddWithValue("tenant", tenantId);
        command.Parameters.AddWithValue("search", searchId);
        var list = new List<JobTypeCounts>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new JobTypeCounts(reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetInt32(4), reader.GetInt32(5), reader.GetDouble(6)));
        }

        return list;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<JobInfo>> ListAsync(string tenantId, Guid searchId, CancellationToken cancellationToken = default)
    {
        await using var command = await _db.CommandAsync(_db.Sql("""
            SELECT id, type, key, payload, state, attempts, max_attempts, progress, run_after, worker_id, lease_expires_at, last_error, created_at, finished_at
            FROM {s}.jobs WHERE tenant_id = @tenant AND search_id = @search ORDER BY seq
            """), cancellationToken).ConfigureAwait(false);
        command.Parameters.AddWithValue("tenant", tenantId);
        command.Parameters.AddWithValue("search", searchId);
        var list = new List<JobInfo>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var state = State(reader.GetString(4));
            var running = state == JobState.Running;
            list.Add(new JobInfo
            {
                Id = reader.GetGuid(0),
                Type = reader.GetString(1),
                Key = reader.GetString(2),
                Payload = reader.GetString(3),
                State = state,
                Attempts = reader.GetInt32(5),
                MaxAttempts = reader.GetInt32(6),
                Progress = reader.GetDouble(7),
                RunAfter = reader.GetFieldValue<DateTimeOffset>(8),
                WorkerId = running && !reader.IsDBNull(9) ? reader.GetString(9) : null,
                LeaseExpiresAt = running && !reader.IsDBNull(10) ? reader.GetFieldValue<DateTimeOffset>(10) : null,
                LastError = reader.IsDBNull(11) ? null : reader.GetString(11),
                CreatedAt = reader.GetFieldValue<DateTimeOffset>(12),
                FinishedAt = reader.IsDBNull(13) ? null : reader.GetFieldValue<DateTimeOffset>(13),
            });
        }

        return list;
    }

    /// <inheritdoc />
    public async Task<int> RequeueExpiredAsync(CancellationToken cancellationToken = default)
    {
        var now = Db.Utc(_time.GetUtcNow());
        await using var command = await _db.CommandAsync(_db.Sql("""
            WITH expired AS (
                SELECT id, attempts, max_attempts FROM {s}.jobs
                WHERE state = 'running' AND lease_expires_at <= @now
                FOR UPDATE SKIP LOCKED
            ), dead AS (
                UPDATE {s}.jobs j
                SET state = 'dead_lettered', last_error = coalesce(j.last_error, 'The lease expired on the last attempt.'),
                    finished_at = @now, updated_at = @now, lease_token = NULL, lease_expires_at = NULL
                FROM expired e WHERE j.id = e.id AND e.attempts >= e.max_attempts
            ), requeued AS (
                UPDATE {s}.jobs j
                SET state = 'pending', run_after = @now, updated_at = @now, worker_id = NULL, lease_token = NULL, lease_expires_at = NULL
                FROM expired e WHERE j.id = e.id AND e.attempts < e.max_attempts
                RETURNING 1
            )
            SELECT count(*)::int, CASE WHEN count(*) > 0 THEN pg_notify(@channel, 'requeued') END IS NULL FROM requeued
            """), cancellationToken).ConfigureAwait(false);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("channel", _db.JobChannel);
        return (int)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <inheritdoc />
    public Task WaitForWorkAsync(TimeSpan timeout, CancellationToken cancellationToken = default) => _listener.WaitAsync(timeout, cancellationToken);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _listener.DisposeAsync();

    /// <inheritdoc />
    public void Dispose() => _listener.DisposeAsync().AsTask().GetAwaiter().GetResult();

    private static LeasedJob ReadLeased(NpgsqlDataReader reader) => new()
    {
        Id = reader.GetGuid(0),
        Type = reader.GetString(1),
        TenantId = reader.GetString(2),
        SearchId = reader.GetGuid(3),
        Key = reader.GetString(4),
        Payload = reader.GetString(5),
        Attempt = reader.GetInt32(6),
        MaxAttempts = reader.GetInt32(7),
        WorkerId = reader.GetString(8),
        LeaseToken = reader.GetGuid(9),
        LeaseExpiresAt = reader.GetFieldValue<DateTimeOffset>(10),
    };

    private static JobState State(string state) => state switch
    {
        "pending" => JobState.Pending,
        "running" => JobState.Running,
        "completed" => JobState.Completed,
        "dead_lettered" => JobState.DeadLettered,
        "cancelled" => JobState.Cancelled,
        _ => throw new InvalidOperationException($"Unknown stored job state '{state}'."),
    };
}

/// <summary>
/// One <c>LISTEN</c> connection per queue, opened on the first wait and kept for the queue's lifetime. Every notification on
/// the job channel wakes every waiter; if the connection drops, waiters are woken (they poll) and it reconnects.
/// </summary>
internal sealed partial class JobNotificationListener : IAsyncDisposable
{
    private static readonly TimeSpan AliveCheck = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(1);

    private readonly PostgresDatabase _db;
    private readonly TimeProvider _time;
    private readonly Leadora.Jobs.OutageLog _outage;
    private readonly object _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private TaskCompletionSource _signal = NewSignal();
    private Task? _loop;

    public JobNotificationListener(PostgresDatabase database, TimeProvider time, ILogger logger)
    {
        _outage = new Leadora.Jobs.OutageLog(logger, "the job queue's LISTEN connection (polling meanwhile)", time);
        _db = database;
        _time = time;
    }

    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        Task signal;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_stop.IsCancellationRequested, this);
            _loop ??= Task.Run(() => ListenAsync(_stop.Token), CancellationToken.None);
            signal = _signal.Task;
        }

        try
        {
            await signal.WaitAsync(timeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // No notification within the timeout; the caller polls.
        }
    }

    public async ValueTask DisposeAsync()
    {
        Task? loop;
        lock (_gate)
        {
            if (_stop.IsCancellationRequested)
            {
                return;
            }

            _stop.Cancel();
            loop = _loop;
        }

        if (loop is not null)
        {
            await loop.ConfigureAwait(false);
        }

        _stop.Dispose();
        Wake();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void Wake()
    {
        TaskCompletionSource previous;
        lock (_gate)
        {
            previous = _signal;
            _signal = NewSignal();
        }

        previous.TrySetResult();
    }

    private async Task ListenAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await using var connection = await _db.OpenAsync(stop).ConfigureAwait(false);
                connection.Notification += (_, _) => Wake();
                await using (var listen = new NpgsqlCommand($"LISTEN \"{_db.JobChannel}\"", connection))
                {
                    await listen.ExecuteNonQueryAsync(stop).ConfigureAwait(false);
                }

                // Work may have arrived while no one was listening.
                _outage.Recovered();
                Wake();
                while (!stop.IsCancellationRequested)
                {
                    if (!await connection.WaitAsync(AliveCheck, stop).ConfigureAwait(false))
                    {
                        await using var ping = new NpgsqlCommand("SELECT 1", connection);
                        await ping.ExecuteScalarAsync(stop).ConfigureAwait(false);
                    }
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException or IOException)
            {
                // Once per outage, not once per reconnect attempt.
                _outage.Failed(new InvalidOperationException($"{ex.GetType().Name}: {Redaction.Redact(ex.Message)}"));
                Wake();
                try
                {
                    await Task.Delay(ReconnectDelay, _time, stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

}
