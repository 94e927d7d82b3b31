using Leadora.Ports;
using NpgsqlTypes;

namespace Leadora.Storage.Postgres;

/// <summary>The usage ledger on PostgreSQL: one row per provider call or cache hit, summed per provider and operation.</summary>
public sealed class PostgresUsageLedger : IUsageLedger
{
    private readonly PostgresDatabase _db;

    /// <summary>Creates the ledger.</summary>
    public PostgresUsageLedger(PostgresDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _db = database;
    }

    /// <inheritdoc />
    public async Task RecordAsync(UsageEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var command = await _db.CommandAsync(_db.Sql("""
            INSERT INTO {s}.usage_entries (tenant_id, search_id, provider, operation, model, input_tokens, output_tokens, items, latency_ms,
                cache_hit, fallback, failed, cost_usd, at)
            VALUES (@tenant, @search, @provider, @operation, @model, @input, @output, @items, @latency, @cache_hit, @fallback, @failed, @cost, @at)
            """), cancellationToken).ConfigureAwait(false);
        var p = command.Parameters;
        p.AddWithValue("tenant", entry.TenantId);
        p.Add(new Npgsql.NpgsqlParameter<Guid?>("search", NpgsqlDbType.Uuid) { TypedValue = entry.SearchId });
        p.AddWithValue("provider", entry.Provider);
        p.AddWithValue("operation", entry.Operation);
        p.Add(new Npgsql.NpgsqlParameter<string?>("model", NpgsqlDbType.Text) { TypedValue = entry.Model });
        p.AddWithValue("input", entry.InputTokens);
        p.AddWithValue("output", entry.OutputTokens);
        p.AddWithValue("items", entry.Items);
        p.AddWithValue("latency", entry.Latency.TotalMilliseconds);
        p.AddWithValue("cache_hit", entry.CacheHit);
        p.AddWithValue("fallback", entry.Fallback);
        p.AddWithValue("failed", entry.Failed);
        p.AddWithValue("cost", entry.CostUsd);
        p.AddWithValue("at", Db.Utc(entry.At));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<UsageSummaryRow>> SummarizeAsync(string tenantId, Guid searchId, CancellationToken cancellationToken = default)
    {
        await using var command = await _db.CommandAsync(_db.Sql("""
            SELECT provider, operation,
                count(*) FILTER (WHERE NOT cache_hit)::int, coalesce(sum(input_tokens), 0)::bigint, coalesce(sum(output_tokens), 0)::bigint,
                coalesce(sum(items), 0)::bigint, count(*) FILTER (WHERE cache_hit)::int, count(*) FILTER (WHERE fallback)::int,
                count(*) FILTER (WHERE failed)::int, coalesce(sum(cost_usd), 0)
            FROM {s}.usage_entries WHERE tenant_id = @tenant AND search_id = @search
            GROUP BY provider, operation ORDER BY provider COLLATE "C", operation COLLATE "C"
            """), cancellationToken).ConfigureAwait(false);
        command.Parameters.AddWithValue("tenant", tenantId);
        command.Parameters.AddWithValue("search", searchId);
        var rows = new List<UsageSummaryRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new UsageSummaryRow(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetInt64(3), reader.GetInt64(4),
                reader.GetInt64(5), reader.GetInt32(6), reader.GetInt32(7), reader.GetInt32(8), reader.GetDecimal(9)));
        }

        return rows;
    }
}
