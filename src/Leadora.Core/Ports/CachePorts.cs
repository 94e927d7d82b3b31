namespace Leadora.Ports;

/// <summary>A cached provider response.</summary>
/// <param name="Source">Provider that produced it (<c>serper</c>, <c>google_places</c>, <c>openai</c>, …).</param>
/// <param name="Payload">The serialized response.</param>
/// <param name="StoredAt">When it was stored.</param>
/// <param name="ExpiresAt">When it expires.</param>
public sealed record CachedResponse(string Source, string Payload, DateTimeOffset StoredAt, DateTimeOffset ExpiresAt);

/// <summary>Port: provider responses by normalized request key, with a time to live.</summary>
public interface IResponseCache
{
    /// <summary>The unexpired entry for <paramref name="key"/>, or <see langword="null"/>.</summary>
    Task<CachedResponse?> GetAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Stores or replaces an entry.</summary>
    Task SetAsync(string key, string source, string payload, TimeSpan timeToLive, CancellationToken cancellationToken = default);

    /// <summary>Deletes expired entries; returns how many.</summary>
    Task<int> PurgeExpiredAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The unexpired entries among <paramref name="keys"/> (missing keys are absent from the result). Adapters with a
    /// round-trip cost should override this with a single query; the default asks once per key.
    /// </summary>
    async Task<IReadOnlyDictionary<string, CachedResponse>> GetManyAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var found = new Dictionary<string, CachedResponse>(StringComparer.Ordinal);
        foreach (var key in keys.Distinct(StringComparer.Ordinal))
        {
            if (await GetAsync(key, cancellationToken).ConfigureAwait(false) is { } entry)
            {
                found[key] = entry;
            }
        }

        return found;
    }

    /// <summary>Stores or replaces several entries. Adapters with a round-trip cost should override this with one batched write.</summary>
    async Task SetManyAsync(IReadOnlyList<(string Key, string Payload)> entries, string source, TimeSpan timeToLive, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        foreach (var (key, payload) in entries)
        {
            await SetAsync(key, source, payload, timeToLive, cancellationToken).ConfigureAwait(false);
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
