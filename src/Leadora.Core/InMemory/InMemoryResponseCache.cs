using System.Collections.Concurrent;
using Leadora.Ports;

namespace Leadora.InMemory;

/// <summary>The embedded response cache. Entries expire by their time to live.</summary>
public sealed class InMemoryResponseCache(TimeProvider time) : IResponseCache
{
    private readonly ConcurrentDictionary<string, CachedResponse> _entries = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task<CachedResponse?> GetAsync(string key, CancellationToken cancellationToken = default) =>
        Task.FromResult(_entries.TryGetValue(key, out var entry) && entry.ExpiresAt > time.GetUtcNow() ? entry : null);

    /// <inheritdoc />
    public Task SetAsync(string key, string source, string payload, TimeSpan timeToLive, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        _entries[key] = new CachedResponse(source, payload, now, now + timeToLive);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<int> PurgeExpiredAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var purged = 0;
        foreach (var (key, entry) in _entries)
        {
            if (entry.ExpiresAt <= now && _entries.TryRemove(new KeyValuePair<string, CachedResponse>(key, entry)))
            {
                purged++;
            }
        }

        return Task.FromResult(purged);
    }
}
