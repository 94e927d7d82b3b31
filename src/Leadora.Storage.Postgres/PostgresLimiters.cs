using System.Collections.Concurrent;
using Leadora.Jobs;
using Leadora.Ports;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Leadora.Storage.Postgres;

/// <summary>
/// The fleet-wide <see cref="IRequestLimiter"/>: every process sharing the database draws on the same permits and the same
/// pacing. A permit is a row (slot <c>0 … MaxConcurrent-1</c> of the provider's key) leased for
/// <see cref="PostgresStorageOptions.LimiterLease"/> and renewed while the request runs, so a process that dies (SIGKILL)
/// frees its permits within one lease. Pacing is one row per key holding the earliest start of the next request, moved
/// atomically by each request (plus <see cref="PostgresStorageOptions.PacingSlack"/>, so the jitter between the database's
/// answer and the request leaving this process cannot bring two starts closer than the minimum delay; a request that wakes up
/// later than that slack books its start again). While the database
/// does not answer, callers wait (they do not fail, which would send them to a fallback provider).
/// </summary>
public sealed partial class PostgresRequestLimiter : IRequestLimiter
{
    private static readonly TimeSpan FirstPoll = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan LastPoll = TimeSpan.FromMilliseconds(100);

    /// <summary>How often a request that woke up late books its start again before it goes anyway.</summary>
    private const int MaxBookings = 3;

    /// <summary>Extra gap booked after a process's first request to a provider, which leaves late (measured: up to ~200 ms).</summary>
    internal static readonly TimeSpan ColdStartSlack = TimeSpan.FromMilliseconds(500);

    /// <summary>Which process holds a permit (<c>host:pid</c>), for operators looking at <c>request_permits</c>.</summary>
    internal static readonly string Owner = $"{Environment.MachineName}:{Environment.ProcessId}";

    private readonly PostgresDatabase _db;
    private readonly TimeProvider _time;
    private readonly ILogger<PostgresRequestLimiter> _logger;
    private readonly ConcurrentDictionary<(string Key, int Max), bool> _seeded = new();
    private readonly ConcurrentDictionary<string, bool> _warm = new(StringComparer.Ordinal);
    private readonly OutageLog _outage;

    /// <summary>Creates the limiter.</summary>
    public PostgresRequestLimiter(PostgresDatabase database, TimeProvider time, ILogger<PostgresRequestLimiter> logger)
    {
        ArgumentNullException.ThrowIfNull(database);
        _db = database;
        _time = time;
        _logger = logger;
        _outage = new OutageLog(logger, "the request limiter");
    }

    /// <inheritdoc />
    public async ValueTask<IAsyncDisposable> EnterAsync(RequestLimit limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(limit);
        var holder = Guid.NewGuid();
        var slot = await AcquireSlotAsync(limit, holder, cancellationToken).ConfigureAwait(false);
        var permit = new Permit(this, limit.Key, slot, holder);
        try
        {
            if (limit.MinDelay > TimeSpan.Zero)
            {
                for (var attempt = 1; ; attempt++)
                {
                    var wait = await ReserveStartAsync(limit, cancellationToken).ConfigureAwait(false);
                    var due = _time.GetUtcNow() + wait;
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
                    }

                    // A process that wakes up late (a starved thread pool) would start too close to the next booking, which
                    // another process may already hold: it books again, behind every start booked meanwhile.
                    if (_time.GetUtcNow() - due <= _db.Options.PacingSlack || attempt == MaxBookings)
                    {
                        break;
                    }
                }
            }

            return permit;
        }
        catch
        {
            await permit.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task<int> AcquireSlotAsync(RequestLimit limit, Guid holder, CancellationToken cancellationToken)
    {
        var poll = FirstPoll;
        while (true)
        {
            try
            {
                await SeedAsync(limit, cancellationToken).ConfigureAwait(false);
                await using var command = await _db.CommandAsync(_db.Sql("""
                    UPDATE {s}.request_permits p SET holder = @holder, owner = @owner, expires_at = clock_timestamp() + @lease
                    WHERE (p.key, p.slot) = (
                        SELECT key, slot FROM {s}.request_permits
                        WHERE key = @key AND slot < @max AND (holder IS NULL OR expires_at <= clock_timestamp())
                        ORDER BY slot LIMIT 1 FOR UPDATE SKIP LOCKED)
                    RETURNING p.slot
                    """), cancellationToken).ConfigureAwait(false);
                command.Parameters.AddWithValue("holder", holder);
                command.Parameters.AddWithValue("owner", Owner);
                command.Parameters.AddWithValue("lease", _db.Options.LimiterLease);
                command.Parameters.AddWithValue("key", limit.Key);
                command.Parameters.AddWithValue("max", limit.MaxConcurrent);
                var slot = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                _outage.Recovered();
                if (slot is int acquired)
                {
                    return acquired;
                }
            }
            catch (Exception ex) when (PostgresOutage.IsOutage(ex, cancellationToken))
            {
                _outage.Failed(ex);
                poll = PostgresOutage.Backoff;
            }

            await Task.Delay(poll, _time, cancellationToken).ConfigureAwait(false);
            poll = poll < LastPoll ? poll * 2 : poll;
        }
    }

    /// <summary>Creates the key's slots once per process (another process may have created them already).</summary>
    private async Task SeedAsync(RequestLimit limit, CancellationToken cancellationToken)
    {
        if (_seeded.ContainsKey((limit.Key, limit.MaxConcurrent)))
        {
            return;
        }

        await using var command = await _db.CommandAsync(_db.Sql("""
            INSERT INTO {s}.request_permits (key, slot) SELECT @key, g FROM generate_series(0, @max - 1) g ON CONFLICT DO NOTHING
            """), cancellationToken).ConfigureAwait(false);
        command.Parameters.AddWithValue("key", limit.Key);
        command.Parameters.AddWithValue("max", limit.MaxConcurrent);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        _seeded.TryAdd((limit.Key, limit.MaxConcurrent), true);
    }

    /// <summary>Books this request's start, at least the minimum delay (plus slack) after the previous booking of any process.</summary>
    private async Task<TimeSpan> ReserveStartAsync(RequestLimit limit, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await using var command = await _db.CommandAsync(_db.Sql("""
                    INSERT INTO {s}.request_pacing AS r (key, next_start) VALUES (@key, clock_timestamp() + @delay)
                    ON CONFLICT (key) DO UPDATE SET next_start = greatest(r.next_start, clock_timestamp()) + @delay
                    RETURNING extract(epoch FROM (r.next_start - @delay - clock_timestamp()))::double precision
                    """), cancellationToken).ConfigureAwait(false);
                // A process's first request to a provider leaves late (connection set-up, JIT): it books a longer gap, so the
                // next request, from any process, cannot reach the provider too soon after it.
                var cold = _warm.TryAdd(limit.Key, true);
                command.Parameters.AddWithValue("key", limit.Key);
                command.Parameters.AddWithValue("delay", limit.MinDelay + _db.Options.PacingSlack + (cold ? ColdStartSlack : TimeSpan.Zero));
                var seconds = (double)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
                _outage.Recovered();
                return TimeSpan.FromSeconds(Math.Max(0, seconds));
            }
            catch (Exception ex) when (PostgresOutage.IsOutage(ex, cancellationToken))
            {
                _outage.Failed(ex);
                await Task.Delay(PostgresOutage.Backoff, _time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task RenewAsync(string key, int slot, Guid holder, CancellationToken cancellationToken)
    {
        await using var command = await _db.CommandAsync(_db.Sql("""
            UPDATE {s}.request_permits SET expires_at = clock_timestamp() + @lease WHERE key = @key AND slot = @slot AND holder = @holder
            """), cancellationToken).ConfigureAwait(false);
        command.Parameters.AddWithValue("lease", _db.Options.LimiterLease);
        command.Parameters.AddWithValue("key", key);
        command.Parameters.AddWithValue("slot", slot);
        command.Parameters.AddWithValue("holder", holder);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task ReleaseAsync(string key, int slot, Guid holder)
    {
        try
        {
            await using var command = await _db.CommandAsync(_db.Sql("""
                UPDATE {s}.request_permits SET holder = NULL, expires_at = NULL WHERE key = @key AND slot = @slot AND holder = @holder
                """), CancellationToken.None).ConfigureAwait(false);
            command.Parameters.AddWithValue("key", key);
            command.Parameters.AddWithValue("slot", slot);
            command.Parameters.AddWithValue("holder", holder);
            await command.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (PostgresOutage.IsOutage(ex, CancellationToken.None))
        {
            // The lease expires by itself.
            LogReleaseFailed(_logger, key, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not return a {Key} permit; its lease expires by itself")]
    private static partial void LogReleaseFailed(ILogger logger, string key, Exception error);

    /// <summary>A held permit: renewed in the background until disposed, and then returned.</summary>
    private sealed class Permit : IAsyncDisposable
    {
        private readonly PostgresRequestLimiter _owner;
        private readonly string _key;
        private readonly int _slot;
        private readonly Guid _holder;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _renewing;
        private int _disposed;

        public Permit(PostgresRequestLimiter owner, string key, int slot, Guid holder)
        {
            _owner = owner;
            _key = key;
            _slot = slot;
            _holder = holder;
            _renewing = LeaseRenewal.RunAsync(owner._db.Options, owner._time, ct => owner.RenewAsync(key, slot, holder, ct), _stop.Token);
        }

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
            {
                return;
            }

            await _stop.CancelAsync().ConfigureAwait(false);
            await _renewing.ConfigureAwait(false);
            _stop.Dispose();
            await _owner.ReleaseAsync(_key, _slot, _holder).ConfigureAwait(false);
        }
    }
}

/// <summary>
/// The fleet-wide <see cref="ISpendingLimiter"/>: one transaction per decision, serialised per search by an advisory lock,
/// reads the search's recorded spend (<c>usage_entries</c>) and the live reservations of every process
/// (<c>spend_reservations</c>), applies <see cref="SpendRule"/>, and inserts the call's reservation. Reservations are leased
/// and renewed like request permits, so a dead process's reservation lapses within one lease.
/// </summary>
public sealed class PostgresSpendingLimiter : ISpendingLimiter
{
    private readonly PostgresDatabase _db;
    private readonly TimeProvider _time;
    private readonly OutageLog _outage;

    /// <summary>Creates the limiter.</summary>
    public PostgresSpendingLimiter(PostgresDatabase database, TimeProvider time, ILogger<PostgresSpendingLimiter> logger)
    {
        ArgumentNullException.ThrowIfNull(database);
        _db = database;
        _time = time;
        _outage = new OutageLog(logger, "the spending limiter");
    }

    /// <inheritdoc />
    public async ValueTask<SpendReservation> ReserveAsync(SpendRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        while (true)
        {
            try
            {
                var answer = await TryReserveAsync(request, cancellationToken).ConfigureAwait(false);
                _outage.Recovered();
                return answer;
            }
            catch (Exception ex) when (PostgresOutage.IsOutage(ex, cancellationToken))
            {
                _outage.Failed(ex);
                await Task.Delay(PostgresOutage.Backoff, _time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<SpendReservation> TryReserveAsync(SpendRequest request, CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(_db.Sql("""
            SELECT pg_advisory_xact_lock(hashtextextended('leadora.spend:' || @search::text, 0));
            SELECT
                (SELECT coalesce(sum(cost_usd), 0) FROM {s}.usage_entries WHERE tenant_id = @tenant AND search_id = @search),
                (SELECT coalesce(sum(amount), 0) FROM {s}.spend_reservations WHERE search_id = @search AND expires_at > clock_timestamp()),
                (SELECT count(*)::int FROM {s}.spend_reservations WHERE search_id = @search AND expires_at > clock_timestamp()),
                (SELECT coalesce(max(cost_usd), 0) FROM {s}.usage_entries
                 WHERE tenant_id = @tenant AND search_id = @search AND provider = @provider AND operation = @operation);
            """), connection, transaction);
        command.Parameters.AddWithValue("tenant", request.TenantId);
        command.Parameters.AddWithValue("search", request.SearchId);
        command.Parameters.AddWithValue("provider", request.Provider);
        command.Parameters.AddWithValue("operation", request.Operation);
        decimal spent, reserved, largest;
        int inFlight;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            (spent, reserved, inFlight, largest) = (reader.GetDecimal(0), reader.GetDecimal(1), reader.GetInt32(2), reader.GetDecimal(3));
        }

        // Any process's dearest call of this kind is as good an estimate as this process's own.
        var estimate = Math.Max(request.Estimate, largest);
        var decision = SpendRule.Decide(request.Budget, spent, reserved, inFlight, estimate);
        if (decision != SpendDecision.Admitted)
        {
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return new SpendReservation(decision, spent, null);
        }

        var id = Guid.NewGuid();
        await using (var insert = new NpgsqlCommand(_db.Sql("""
            INSERT INTO {s}.spend_reservations (id, tenant_id, search_id, amount, expires_at) VALUES (@id, @tenant, @search, @amount, clock_timestamp() + @lease);
            DELETE FROM {s}.spend_reservations WHERE search_id = @search AND expires_at <= clock_timestamp();
            """), connection, transaction))
        {
            insert.Parameters.AddWithValue("id", id);
            insert.Parameters.AddWithValue("tenant", request.TenantId);
            insert.Parameters.AddWithValue("search", request.SearchId);
            insert.Parameters.AddWithValue("amount", estimate);
            insert.Parameters.AddWithValue("lease", _db.Options.LimiterLease);
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new SpendReservation(decision, spent, new Reservation(this, id));
    }

    private async Task RenewAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = await _db.CommandAsync(_db.Sql("UPDATE {s}.spend_reservations SET expires_at = clock_timestamp() + @lease WHERE id = @id"), cancellationToken).ConfigureAwait(false);
        command.Parameters.AddWithValue("lease", _db.Options.LimiterLease);
        command.Parameters.AddWithValue("id", id);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task ReleaseAsync(Guid id)
    {
        try
        {
            await using var command = await _db.CommandAsync(_db.Sql("DELETE FROM {s}.spend_reservations WHERE id = @id"), CancellationToken.None).ConfigureAwait(false);
            command.Parameters.AddWithValue("id", id);
            await command.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (PostgresOutage.IsOutage(ex, CancellationToken.None))
        {
            // The lease expires by itself.
        }
    }

    private sealed class Reservation : IAsyncDisposable
    {
        private readonly PostgresSpendingLimiter _owner;
        private readonly Guid _id;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _renewing;
        private int _disposed;

        public Reservation(PostgresSpendingLimiter owner, Guid id)
        {
            _owner = owner;
            _id = id;
            _renewing = LeaseRenewal.RunAsync(owner._db.Options, owner._time, ct => owner.RenewAsync(id, ct), _stop.Token);
        }

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
            {
                return;
            }

            await _stop.CancelAsync().ConfigureAwait(false);
            await _renewing.ConfigureAwait(false);
            _stop.Dispose();
            await _owner.ReleaseAsync(_id).ConfigureAwait(false);
        }
    }
}

/// <summary>Renews a limiter lease every third of its duration, for at most <see cref="PostgresStorageOptions.LimiterMaxHold"/>.</summary>
internal static class LeaseRenewal
{
    public static async Task RunAsync(PostgresStorageOptions options, TimeProvider time, Func<CancellationToken, Task> renew, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        try
        {
            while (time.GetElapsedTime(started) < options.LimiterMaxHold)
            {
                await Task.Delay(options.LimiterLease / 3, time, cancellationToken).ConfigureAwait(false);
                try
                {
                    await renew(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (PostgresOutage.IsOutage(ex, cancellationToken))
                {
                    // The next renewal tries again. Nobody can take the permit while the database is away.
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Released.
        }
    }
}
