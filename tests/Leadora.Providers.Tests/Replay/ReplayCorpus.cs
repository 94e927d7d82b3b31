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

/// <summary>
/// The corpus in the repository (copied next to the test assembly) and, when the shared evaluation folder is on this
/// machine, its captures (<c>../shared/eval/api</c>), replayed with the expectations in <c>Replay/SharedEvalApi.json</c>.
/// </summary>
public static class ReplayCorpus
{
    /// <summary>Origin of the repository's captures.</summary>
    public const string Repository = "repository";

    /// <summary>Origin of the shared evaluation folder's captures.</summary>
    public const string SharedOrigin = "shared";

    /// <summary>The repository's corpus, as the build copies it into the output folder.</summary>
    public static string Root => Path.Combine(AppContext.BaseDirectory, "Replay", "Corpus");

    private static readonly Lazy<IReadOnlyList<Capture>> All = new(() => Load(Root, Repository));

    private static readonly Lazy<(IReadOnlyList<Capture> Captures, IReadOnlyList<string> Unlisted)> SharedAll = new(() => LoadShared(Infrastructure.EvalData.Root));

    public static IReadOnlyList<Capture> Captures => All.Value;

    /// <summary>The shared evaluation folder's captures; empty when the folder is absent.</summary>
    public static IReadOnlyList<Capture> Shared => SharedAll.Value.Captures;

    /// <summary>Files in the shared folder that have no entry in <c>SharedEvalApi.json</c>, so are not replayed.</summary>
    public static IReadOnlyList<string> SharedUnlisted => SharedAll.Value.Unlisted;

    public static Capture Get(string id) => Captures.Single(c => c.Id == id);

    public static Capture GetShared(string id) => Shared.Single(c => c.Id == id);

    /// <summary>The capture replayed with <paramref name="capture"/>, from the same origin.</summary>
    public static Capture Companion(Capture capture)
    {
        var id = capture.Companion!.Replace(".json", "", StringComparison.Ordinal);
        return capture.Origin == SharedOrigin ? GetShared(id) : Get(id);
    }

    /// <summary>Every capture id, for theories.</summary>
    public static IEnumerable<object[]> Ids => Captures.Select(c => new object[] { c.Id });

    /// <summary>Every shared capture id, for theories (one placeholder when there are none, which the theory skips).</summary>
    public static IEnumerable<object[]> SharedIds => Shared.Count == 0 ? [["(none)"]] : Shared.Select(c => new object[] { c.Id });

    /// <summary>The captures under <paramref name="root"/>: every <c>name.source.json</c> with its <c>name.json</c>.</summary>
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

    /// <summary>
    /// The shared folder's bodies (<c>api/&lt;provider&gt;/&lt;name&gt;.json</c>) with sidecars made from their entries in
    /// <c>SharedEvalApi.json</c>; the folder's own SOURCES.md names where each came from.
    /// </summary>
    private static (IReadOnlyList<Capture>, IReadOnlyList<string>) LoadShared(string root)
    {
        if (!Directory.Exists(root))
        {
            return ([], []);
        }

        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Replay", "SharedEvalApi.json")));
        var providers = manifest.RootElement.GetProperty("providers");
        var entries = manifest.RootElement.GetProperty("captures");
        var captures = new List<Capture>();
        var unlisted = new List<string>();
        foreach (var file in Directory.EnumerateFiles(root, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(root, file).Replace(Path.DirectorySeparatorChar, '/');
            if (!entries.TryGetProperty(relative, out var entry))
            {
                unlisted.Add(relative);
                continue;
            }

            var folder = relative[..relative.IndexOf('/', StringComparison.Ordinal)];
            var provider = providers.TryGetProperty(folder, out var mapped) ? mapped.GetString()! : folder;
            var sidecar = new System.Text.Json.Nodes.JsonObject
            {
                ["provider"] = provider,
                ["endpoint"] = entry.GetProperty("endpoint").GetString(),
                ["summary"] = entry.TryGetProperty("note", out var note) ? note.GetString() : "shared evaluation capture",
                ["source"] = new System.Text.Json.Nodes.JsonObject { ["shared"] = "api/" + relative, ["see"] = "SOURCES.md" },
                ["request"] = new System.Text.Json.Nodes.JsonObject
                {
                    ["query"] = entry.TryGetProperty("request", out var request) ? System.Text.Json.Nodes.JsonNode.Parse(request.GetRawText()) : null,
                },
                ["response"] = new System.Text.Json.Nodes.JsonObject { ["status"] = entry.GetProperty("status").GetInt32() },
                ["expect"] = System.Text.Json.Nodes.JsonNode.Parse(entry.GetProperty("expect").GetRawText()),
            };
            if (entry.TryGetProperty("companion", out var companion))
            {
                sidecar["companion"] = companion.GetString();
            }

            var name = Path.GetFileNameWithoutExtension(file);
            captures.Add(new Capture(provider, name, File.ReadAllText(file), JsonDocument.Parse(sidecar.ToJsonString()).RootElement.Clone(), SharedOrigin));
        }

        return (captures, unlisted);
    }
}
