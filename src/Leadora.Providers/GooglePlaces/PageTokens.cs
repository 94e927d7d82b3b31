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

    /// <summary>The token that fetches <paramref name="page"/> of <paramref name="query"/>, or null.</summary>
    public string? Get(string query, int page) =>
        tokens.TryGetValue((query, page), out var entry) && entry.Expires > timeProvider.GetUtcNow() ? entry.Token : null;

    /// <summary>Remembers the token that fetches <paramref name="page"/>.</summary>
    public void Set(string query, int page, string token)
    {
        if (tokens.Count >= MaxEntries)
        {
            tokens.Clear();
        }

        tokens[(query, page)] = (token, timeProvider.GetUtcNow() + Lifetime);
    }
}
