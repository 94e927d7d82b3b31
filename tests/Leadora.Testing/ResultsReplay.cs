using System.Net.Http.Json;
using System.Text.Json;

namespace Leadora.Testing;

/// <summary>
/// Asks a sandbox with the same seed what a web search returned. The sandbox is deterministic, so replaying a recorded
/// query shows exactly which URLs that search produced: the way tests prove a result came from a provider response.
/// </summary>
public static class ResultsReplay
{
    /// <summary>The organic result URLs of a Serper web search for <paramref name="query"/> in <paramref name="country"/>.</summary>
    public static async Task<IReadOnlyList<string>> SearchUrlsAsync(Uri sandbox, string query, string country, int num = 10)
    {
        using var http = new HttpClient { BaseAddress = sandbox };
        using var request = new HttpRequestMessage(HttpMethod.Post, "serper/search")
        {
            Content = JsonContent.Create(new { q = query, gl = country.ToLowerInvariant(), hl = "en", num, page = 1 }),
        };
        request.Headers.Add("X-API-KEY", "replay");
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.TryGetProperty("organic", out var organic)
            ? organic.EnumerateArray().Select(o => o.GetProperty("link").GetString()!).ToList()
            : [];
    }
}
