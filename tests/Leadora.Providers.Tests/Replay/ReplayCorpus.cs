using System.Text.Json;
using Leadora.Ports;

namespace Leadora.Providers.Tests.Replay;

/// <summary>
/// One captured provider response: the body exactly as the provider sent it (<c>name.json</c>) and its sidecar
/// (<c>name.source.json</c>) naming where it came from, the request that produced it, the status and headers to replay,
/// and what the adapter must make of it.
/// </summary>
public sealed record Capture(string Provider, string Name, string Body, JsonElement Sidecar, string Origin)
{
    /// <summary>"provider/name", the id tests and the summary print.</summary>
    public string Id => $"{Provider}/{Name}";

    /// <summary>The endpoint the body answered (places, maps, search, searchText, textsearch, details, customsearch, responses, embeddings, generateContent, chat_completions).</summary>
    public string Endpoint => Sidecar.GetProperty("endpoint").GetString()!;

    public int Status => Sidecar.GetProperty("response").GetProperty("status").GetInt32();

    /// <summary>Response headers to replay (content-type, retry-after, retry-after-ms).</summary>
    public IReadOnlyDictionary<string, string> Headers =>
        Sidecar.GetProperty("response").TryGetProperty("headers", out var headers) && headers.ValueKind == JsonValueKind.Object
            ? headers.EnumerateObject().ToDictionary(h => h.Name, h => h.Value.GetString()!, StringComparer.OrdinalIgnoreCase)
            : new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    public string ContentType => Headers.TryGetValue("content-type", out var type) ? type : "application/json";

    public JsonElement Request => Sidecar.GetProperty("request");

    /// <summary>A value of the request body or query the capture was made with, when the sidecar records it.</summary>
    public string? RequestValue(string name)
    {
        foreach (var part in new[] { "body", "query" })
        {
            if (Request.TryGetProperty(part, out var values) && values.ValueKind == JsonValueKind.Object && values.TryGetProperty(name, out var value))
            {
                return value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText();
            }
        }

        return null;
    }

    public JsonElement Expect => Sidecar.GetProperty("expect");

    /// <summary><c>ok</c>, <c>error</c> or <c>warning</c>.</summary>
    public string Outcome => Expect.GetProperty("outcome").GetString()!;

    public ProviderErrorKind? ExpectedKind =>
        Expect.TryGetProperty("kind", out var kind) ? Enum.Parse<ProviderErrorKind>(kind.GetString()!) : null;

    public TimeSpan? ExpectedRetryAfter =>
        Expect.TryGetProperty("retryAfterSeconds", out var seconds) ? TimeSpan.FromSeconds(seconds.GetDouble()) : null;

    public string? ExpectedWarning => Expect.TryGetProperty("code", out var code) ? code.GetString() : null;

    /// <summary>Another capture replayed with this one (a Text Search page for a Place Details answer).</summary>
    public string? Companion => Sidecar.TryGetProperty("companion", out var companion) ? companion.GetString() : null;

    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public override string ToString() => Id;
}

/// <summary>The corpus in the repository (copied next to the test assembly) and the optional shared one.</summary>
public static class ReplayCorpus
{
    /// <summary>The repository's corpus, as the build copies it into the output folder.</summary>
    public static string Root => Path.Combine(AppContext.BaseDirectory, "Replay", "Corpus");

    private static readonly Lazy<IReadOnlyList<Capture>> All = new(() => Load(Root, "repository"));

    public static IReadOnlyList<Capture> Captures => All.Value;

    public static Capture Get(string id) => Captures.Single(c => c.Id == id);

    /// <summary>Every capture id, for theories.</summary>
    public static IEnumerable<object[]> Ids => Captures.Select(c => new object[] { c.Id });

    /// <summary>The sources that show the repository corpus' providers and endpoints, for the README and the summary.</summary>
    public static IReadOnlyList<Capture> Load(string root, string origin)
    {
        if (!Directory.Exists(root))
        {
            return [];
        }

        var captures = new List<Capture>();
        foreach (var sidecar in Directory.EnumerateFiles(root, "*.source.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(sidecar)[..^".source.json".Length];
            var provider = Path.GetFileName(Path.GetDirectoryName(sidecar)!);
            var body = File.ReadAllText(Path.Combine(Path.GetDirectoryName(sidecar)!, name + ".json"));
            captures.Add(new Capture(provider, name, body, JsonDocument.Parse(File.ReadAllText(sidecar)).RootElement.Clone(), origin));
        }

        return captures;
    }
}
