using System.Collections.Concurrent;

namespace Leadora.Providers;

/// <summary>
/// Page tokens by (query, page), so that page N of a query continues from page N-1's token. The port asks for pages by
/// number; Google only pages by token. Tokens expire after a while, and the cache is bounded.
/// </summary>
internal sealed class PageTokens(TimeProvider timeProvider)
{
    /// <summary>How long a token is kept.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private const int MaxEntries = 10_000;
    private readonly ConcurrentDictionary<(string Query, int Page), (string Token, DateTimeOffset Expires)> tokens = new();

    /// <summary>
    /// The token that fetches <paramref name="page"/> of <paramref name="query"/>; <see cref="string.Empty"/> when the
    /// previous page was known to be the last; null when unknown.
    /// </summary>
    public string? Get(string query, int page) =>
        tokens.TryGetValue((query, page), out var entry) && entry.Expires > timeProvider.GetUtcNow() ? entry.Token : null;

    /// <summary>Remembers what follows <paramref name="page"/> - 1: its next page's token, or null when it was the last page.</summary>
    public void Set(string query, int page, string? token)
    {
        token ??= string.Empty;
        if (tokens.Count >= MaxEntries)
        {
            tokens.Clear();
        }

        tokens[(query, page)] = (token, timeProvider.GetUtcNow() + Lifetime);
    }
}
