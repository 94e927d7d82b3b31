using System.Text.Json;
using System.Text.Json.Serialization;

namespace Leadora.Providers;

/// <summary>Body of <c>POST models/{model}:generateContent</c>.</summary>
internal sealed class GeminiRequest
{
    public required List<GeminiContent> Contents { get; init; }

    public GeminiContent? SystemInstruction { get; init; }

    public GeminiGenerationConfig? GenerationConfig { get; init; }
}

/// <summary>A turn: <c>role</c> is <c>user</c> or <c>model</c>; the system instruction has none.</summary>
internal sealed class GeminiContent
{
    public string? Role { get; init; }

    public List<GeminiPart>? Parts { get; init; }
}

/// <summary>A part; Leadora only sends and reads text. Thought summaries are marked <c>thought: true</c>.</summary>
internal sealed class GeminiPart
{
    public string? Text { get; init; }

    public bool? Thought { get; init; }
}

/// <summary><c>generationConfig</c>.</summary>
internal sealed class GeminiGenerationConfig
{
    public string? ResponseMimeType { get; init; }

    /// <summary>The caller's JSON Schema, sent as given.</summary>
    public JsonElement? ResponseJsonSchema { get; init; }

    public int? MaxOutputTokens { get; init; }

    public float? Temperature { get; init; }

    public float? TopP { get; init; }

    public int? TopK { get; init; }

    public IList<string>? StopSequences { get; init; }

    public long? Seed { get; init; }
}

/// <summary>Answer of <c>generateContent</c>; only what Leadora uses.</summary>
internal sealed class GeminiResponse
{
    public List<GeminiCandidate?>? Candidates { get; init; }

    public GeminiPromptFeedback? PromptFeedback { get; init; }

    public GeminiUsage? UsageMetadata { get; init; }

    public string? ModelVersion { get; init; }

    public string? ResponseId { get; init; }
}

/// <summary>A candidate: content (which may have no parts) and why it stopped.</summary>
internal sealed class GeminiCandidate
{
    public GeminiContent? Content { get; init; }

    public string? FinishReason { get; init; }

    public string? FinishMessage { get; init; }
}

/// <summary>Why the prompt itself was blocked, when it was.</summary>
internal sealed class GeminiPromptFeedback
{
    public string? BlockReason { get; init; }

    public string? BlockReasonMessage { get; init; }
}

/// <summary><c>usageMetadata</c>.</summary>
internal sealed class GeminiUsage
{
    public long? PromptTokenCount { get; init; }

    public long? CandidatesTokenCount { get; init; }

    public long? ThoughtsTokenCount { get; init; }

    public long? CachedContentTokenCount { get; init; }

    public long? TotalTokenCount { get; init; }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(GeminiRequest))]
[JsonSerializable(typeof(GeminiResponse))]
internal sealed partial class GeminiJsonContext : JsonSerializerContext;
