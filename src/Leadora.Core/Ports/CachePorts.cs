namespace Leadora.Ports;

/// <summary>A cached provider response.</summary>
/// <param name="Source">Provider that produced it (<c>serper</c>, <c>google_places</c>, <c>openai</c>, …).</param>
/// <param name="Payload">The serialized response.</param>
/// <param name="StoredAt">When it was stored.</param>
/// <param name="ExpiresAt">When it expires.</param>
public sealed record CachedResponse(string Source, string Payload, DateTimeOffset StoredAt, DateTimeOffset ExpiresAt);

/// <summary>
/// Port: provider responses by tenant and normalized request key, with a time to live. Every read and write names its
/// tenant, and an adapter must never return one tenant's entry to another: a cached answer can carry what a customer
/// asked about. The same key under two tenants is two entries. Leadora's caching decorators pass the tenant of the
/// current <see cref="SearchContext"/> (<see cref="Usage.UsageRecorder.SystemTenant"/> outside a search).
/// </summary>
public interface IResponseCache
{
    /// <summary>The unexpired entry for <paramref name="key"/> stored by <paramref name="tenantId"/>, or <see langword="null"/>.</summary>
    /// <param name="tenantId">Tenant whose entries are read.</param>
    /// <param name="key">Normalized request key.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The entry, or <see langword="null"/>.</returns>
    Task<CachedResponse?> GetAsync(string tenantId, string key, CancellationToken cancellationToken = default);

    /// <summary>Stores or replaces <paramref name="tenantId"/>'s entry for <paramref name="key"/>.</summary>
    /// <param name="tenantId">Tenant the entry belongs to.</param>
    /// <param name="key">Normalized request key.</param>
    /// <param name="source">Provider that produced the payload.</param>
    /// <param name="payload">The serialized response.</param>
    /// <param name="timeToLive">How long the entry is served.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the entry is stored.</returns>
    Task SetAsync(string tenantId, string key, string source, string payload, TimeSpan timeToLive, CancellationToken cancellationToken = default);

    /// <summary>Deletes expired entries of every tenant; returns how many.</summary>
    /// <param name="cancellationToken">Cancels the purge.</param>
    /// <returns>How many entries were deleted.</returns>
    Task<int> PurgeExpiredAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// <paramref name="tenantId"/>'s unexpired entries among <paramref name="keys"/> (missing keys are absent from the
    /// result). Adapters with a round-trip cost should override this with a single query; the default asks once per key.
    /// </summary>
    /// <param name="tenantId">Tenant whose entries are read.</param>
    /// <param name="keys">Normalized request keys.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The entries found, by key.</returns>
    async Task<IReadOnlyDictionary<string, CachedResponse>> GetManyAsync(string tenantId, IReadOnlyList<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var found = new Dictionary<string, CachedResponse>(StringComparer.Ordinal);
        foreach (var key in keys.Distinct(StringComparer.Ordinal))
        {
            if (await GetAsync(tenantId, key, cancellationToken).ConfigureAwait(false) is { } entry)
            {
                found[key] = entry;
            }
        }

        return found;
    }

    /// <summary>Stores or replaces several of <paramref name="tenantId"/>'s entries. Adapters with a round-trip cost should override this with one batched write.</summary>
    /// <param name="tenantId">Tenant the entries belong to.</param>
    /// <param name="entries">Keys and payloads (the last payload wins for a repeated key).</param>
    /// <param name="source">Provider that produced the payloads.</param>
    /// <param name="timeToLive">How long the entries are served.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the entries are stored.</returns>
    async Task SetManyAsync(string tenantId, IReadOnlyList<(string Key, string Payload)> entries, string source, TimeSpan timeToLive, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        foreach (var (key, payload) in entries)
        {
            await SetAsync(tenantId, key, source, payload, timeToLive, cancellationToken).ConfigureAwait(false);
        }
    }
}

/// <summary>Port: the usage and cost ledger: one entry per provider call or cache hit.</summary>
public interface IUsageLedger
{
    /// <summary>Records an entry.</summary>
    Task RecordAsync(UsageEntry entry, CancellationToken cancellationToken = default);

    /// <summary>Totals per provider and operation for a search, ordered by provider then operation.</summary>
    Task<IReadOnlyList<UsageSummaryRow>> SummarizeAsync(string tenantId, Guid searchId, CancellationToken cancellationToken = default);
}
