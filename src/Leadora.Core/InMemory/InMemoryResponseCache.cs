using System.Collections.Concurrent;
using System.Text;
using Leadora.Ports;

namespace Leadora.InMemory;

/// <summary>
/// The embedded response cache. Entries are kept per tenant (a tenant reads only its own), and expire by their time to live.
/// Payloads are held as UTF-8: most are JSON or base64 text (an embedding is 8 KB of base64), which as .NET strings would
/// take twice the memory; a hit decodes its payload again.
/// </summary>
public sealed class InMemoryResponseCache(TimeProvider time) : IResponseCache
{
    private readonly ConcurrentDictionary<(string Tenant, string Key), Entry> _entries = new();

    /// <inheritdoc />
    public Task<CachedResponse?> GetAsync(string tenantId, string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        ArgumentNullException.ThrowIfNull(key);
        return Task.FromResult(_entries.TryGetValue((tenantId, key), out var entry) && entry.ExpiresAt > time.GetUtcNow()
            ? new CachedResponse(entry.Source, Encoding.UTF8.GetString(entry.Payload), entry.StoredAt, entry.ExpiresAt)
            : null);
    }

    /// <inheritdoc />
    public Task SetAsync(string tenantId, string key, string source, string payload, TimeSpan timeToLive, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(payload);
        var now = time.GetUtcNow();
        _entries[(tenantId, key)] = new Entry(source, Encoding.UTF8.GetBytes(payload), now, now + timeToLive);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<int> PurgeExpiredAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var purged = 0;
        foreach (var (key, entry) in _entries)
        {
            if (entry.ExpiresAt <= now && _entries.TryRemove(new KeyValuePair<(string, string), Entry>(key, entry)))
            {
                purged++;
            }
        }

        return Task.FromResult(purged);
    }

    private sealed record Entry(string Source, byte[] Payload, DateTimeOffset StoredAt, DateTimeOffset ExpiresAt);
}
