using System.Collections.Concurrent;
using Leadora.Ports;

namespace Leadora.InMemory;

/// <summary>
/// The embedded response cache. Entries are kept per tenant (a tenant reads only its own), and expire by their time to live.
/// </summary>
public sealed class InMemoryResponseCache(TimeProvider time) : IResponseCache
{
    private readonly ConcurrentDictionary<(string Tenant, string Key), CachedResponse> _entries = new();

    /// <inheritdoc />
    public Task<CachedResponse?> GetAsync(string tenantId, string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        ArgumentNullException.ThrowIfNull(key);
        return Task.FromResult(_entries.TryGetValue((tenantId, key), out var entry) && entry.ExpiresAt > time.GetUtcNow() ? entry : null);
    }

    /// <inheritdoc />
    public Task SetAsync(string tenantId, string key, string source, string payload, TimeSpan timeToLive, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        ArgumentNullException.ThrowIfNull(key);
        var now = time.GetUtcNow();
        _entries[(tenantId, key)] = new CachedResponse(source, payload, now, now + timeToLive);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<int> PurgeExpiredAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var purged = 0;
        foreach (var (key, entry) in _entries)
        {
            if (entry.ExpiresAt <= now && _entries.TryRemove(new KeyValuePair<(string, string), CachedResponse>(key, entry)))
            {
                purged++;
            }
        }

        return Task.FromResult(purged);
    }
}
