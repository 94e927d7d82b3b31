using System.Text.Json.Nodes;

namespace Leadora.Sandbox.Llm;

/// <summary>One chat message, reduced to its role and text.</summary>
internal sealed record LlmMessage(string Role, string Text);

/// <summary>A structured-output request in provider-neutral form (OpenAI, Gemini and DeepSeek emulators all map to it).</summary>
internal sealed record LlmRequest
{
    public required string Model { get; init; }

    /// <summary>System-level instructions (OpenAI <c>instructions</c>, Gemini <c>systemInstruction</c>).</summary>
    public string? Instructions { get; init; }

    public IReadOnlyList<LlmMessage> Messages { get; init; } = [];

    /// <summary>The schema's name (OpenAI <c>text.format.name</c>); Gemini has none, so the task is inferred from the schema.</summary>
    public string? SchemaName { get; init; }

    /// <summary>The JSON Schema the output must satisfy, when the request asks for structured output.</summary>
    public JsonObject? Schema { get; init; }

    /// <summary>Whether the caller asked for JSON (with or without a schema).</summary>
    public bool WantsJson { get; init; }

    /// <summary>Every text of the request, system first.</summary>
    public IEnumerable<string> Texts => (Instructions is null ? [] : new[] { Instructions }).Concat(Messages.Select(m => m.Text));
}

/// <summary>What the model "wrote", with a token estimate.</summary>
internal sealed record LlmOutput(string Text, int InputTokens, int OutputTokens, int ReasoningTokens);

/// <summary>How the output should be corrupted, when a fault asks for it.</summary>
internal enum LlmCorruption
{
    None,

    /// <summary>Valid JSON that fails the schema (a required property missing or a wrong type).</summary>
    SchemaViolation,

    /// <summary>Text that is not JSON at all (truncated).</summary>
    Malformed,
}
