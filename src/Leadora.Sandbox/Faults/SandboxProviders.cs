namespace Leadora.Sandbox;

/// <summary>Provider names used in options, flags, scripted faults and the request log.</summary>
public static class SandboxProviders
{
    /// <summary>OpenAI Responses and embeddings (<c>/openai/v1/…</c>).</summary>
    public const string OpenAI = "openai";

    /// <summary>Gemini generateContent (<c>/gemini/v1beta/…</c>).</summary>
    public const string Gemini = "gemini";

    /// <summary>DeepSeek chat completions (<c>/deepseek/…</c>).</summary>
    public const string DeepSeek = "deepseek";

    /// <summary>Serper places, maps and search (<c>/serper/…</c>).</summary>
    public const string Serper = "serper";

    /// <summary>Google Places API (New) (<c>/places/v1/…</c>).</summary>
    public const string Places = "places";

    /// <summary>Google Places legacy Text Search and Details (<c>/maps/api/place/…</c>).</summary>
    public const string PlacesLegacy = "places_legacy";

    /// <summary>Google Custom Search JSON API (<c>/customsearch/v1</c>).</summary>
    public const string CustomSearch = "cse";

    /// <summary>Every provider name the sandbox accepts.</summary>
    public static IReadOnlyList<string> All { get; } = [OpenAI, Gemini, DeepSeek, Serper, Places, PlacesLegacy, CustomSearch];

    /// <summary>Providers whose responses carry LLM output (the only ones a schema fault applies to).</summary>
    public static IReadOnlyList<string> Llm { get; } = [OpenAI, Gemini, DeepSeek];

    /// <summary>Normalises a provider name, or returns null when it is unknown.</summary>
    public static string? Normalize(string? name)
    {
        var trimmed = name?.Trim().ToLowerInvariant().Replace('-', '_');
        return trimmed is not null && All.Contains(trimmed) ? trimmed : null;
    }

    /// <summary>Normalises a provider name or throws an <see cref="ArgumentException"/> naming it.</summary>
    internal static string Require(string? name, string parameterName) =>
        Normalize(name) ?? throw new ArgumentException($"Unknown sandbox provider '{name}'. Known providers: {string.Join(", ", All)}.", parameterName);
}
