using Leadora.Ports;

namespace Leadora.Storage.Postgres;

/// <summary>
/// The response cache on PostgreSQL. Entries are keyed by tenant and request key and read only by their tenant, so one
/// customer's provider responses are never served to another. Expired entries are never returned and are deleted by <see cref="PurgeExpiredAsync"/>
/// (run by <see cref="Jobs.JobSweeper"/>).
/// </summary>
public sealed class PostgresResponseCache : IResponseCache
{
    private readonly PostgresDatabase _db;
    private readonly TimeProvider _time;

    /// <summary>Creates the cache.</summary>
    public PostgresResponseCache(PostgresDatabase database, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(database);
        _db = database;
        _time = time;
    }

    /// <inheritdoc />
    public async Task<CachedResponse?> GetAsync(string tenantId, string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        await using var command = await _db.CommandAsync(_db.Sql("""
            SELECT source, payload, stored_at, expires_at FROM {s}.response_cache
            WHERE tenant_id = @tenant AND key = @key AND expires_at > @now
            """), cancellationToken).ConfigureAwait(false);
        command.Parameters.AddWithValue("tenant", tenantId);
        command.Parameters.AddWithValue("key", key);
        command.Parameters.AddWithValue("now", Db.Utc(_time.GetUtcNow()));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new CachedResponse(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetFieldValue<DateTimeOffset>(3))
            : null;
    }

    /// <inheritdoc />
    public async Task SetAsync(string tenantId, string key, string source, string payload, TimeSpan timeToLive, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        var now = Db.Utc(_time.GetUtcNow());
        await using var command = await _db.CommandAsync(_db.Sql("""
            INSERT INTO {s}.response_cache (tenant_id, key, source, payload, stored_at, expires_at)
            VALUES (@tenant, @key, @source, @payload, @now, @expires)
            ON CONFLICT (tenant_id, key) DO UPDATE SET source = excluded.source, payload = excluded.payload, stored_at = excluded.stored_at, expires_at = excluded.expires_at
            """), cancellationToken).ConfigureAwait(false);
        command.Parameters.AddWithValue("tenant", tenantId);
        command.Parameters.AddWithValue("key", key);
        command.Parameters.AddWithValue("source", source);
        command.Parameters.AddWithValue("payload", payload);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("expires", Db.Utc(now + timeToLive));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The unexpired entries among <paramref name="keys"/>, in one query.</summary>
    public async Task<IReadOnlyDictionary<string, CachedResponse>> GetManyAsync(string tenantId, IReadOnlyList<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        ArgumentNullException.ThrowIfNull(keys);
        var found = new Dictionary<string, CachedResponse>(StringComparer.Ordinal);
        if (keys.Count == 0)
        {
            return found;
        }

        await using var command = await _db.CommandAsync(_db.Sql("""
            SELECT key, source, payload, stored_at, expires_at FROM {s}.response_cache
            WHERE tenant_id = @tenant AND key = ANY(@keys) AND expires_at > @now
            """), cancellationToken).ConfigureAwait(false);
        command.Parameters.AddWithValue("tenant", tenantId);
        command.Parameters.AddWithValue("keys", keys.Distinct(StringComparer.Ordinal).ToArray());
        command.Parameters.AddWithValue("now", Db.Utc(_time.GetUtcNow()));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            found[reader.GetString(0)] = new CachedResponse(reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3), reader.GetFieldValue<DateTimeOffset>(4));
        }

        return found;
    }

    /// <summary>Stores or replaces several entries in one statement (the last payload wins for a repeated key).</summary>
    public async Task SetManyAsync(string tenantId, IReadOnlyList<(string Key, string Payload)> entries, string source, TimeSpan timeToLive, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        ArgumentNullException.ThrowIfNull(entries);
        var last = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, payload) in entries)
        {
            last[key] = payload;
        }

        if (last.Count == 0)
        {
            return;
        }

        var now = Db.Utc(_time.GetUtcNow());
        await using var command = await _db.CommandAsync(_db.Sql("""
            INSERT INTO {s}.response_cache (tenant_id, key, source, payload, stored_at, expires_at)
            SELECT @tenant, e.key, @source, e.payload, @now, @expires FROM unnest(@keys, @payloads) AS e(key, payload)
            ON CONFLICT (tenant_id, key) DO UPDATE SET source = excluded.source, payload = excluded.payload, stored_at = excluded.stored_at, expires_at = excluded.expires_at
            """), cancellationToken).ConfigureAwait(false);
        command.Parameters.AddWithValue("tenant", tenantId);
        command.Parameters.AddWithValue("keys", last.Keys.ToArray());
        command.Parameters.AddWithValue("payloads", last.Values.ToArray());
        command.Parameters.AddWithValue("source", source);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("expires", Db.Utc(now + timeToLive));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<int> PurgeExpiredAsync(CancellationToken cancellationToken = default)
    {
        await using var command = await _db.CommandAsync(_db.Sql("DELETE FROM {s}.response_cache WHERE expires_at <= @now"), cancellationToken).ConfigureAwait(false);
        command.Parameters.AddWithValue("now", Db.Utc(_time.GetUtcNow()));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
