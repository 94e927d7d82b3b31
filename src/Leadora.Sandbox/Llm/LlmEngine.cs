using System.Text.Json;
using System.Text.Json.Nodes;
using Leadora.Sandbox.World;

namespace Leadora.Sandbox.Llm;

/// <summary>
/// The provider-neutral "model": reads the request's facts, detects the Leadora task, generates schema-valid JSON
/// conditioned on the request (or plain text when no JSON was asked for), corrupts it when a fault says so, and
/// estimates tokens (about four characters a token).
/// </summary>
internal sealed class LlmEngine
{
    private readonly long _seed;

    public LlmEngine(long seed) => _seed = seed;

    /// <summary>Whether the model name is a reasoning model (gpt-5 family except the chat variants, o-series).</summary>
    public static bool IsReasoningModel(string model)
    {
        var m = model.Trim().ToLowerInvariant();
        return (m.StartsWith("gpt-5", StringComparison.Ordinal) && !m.Contains("chat", StringComparison.Ordinal))
            || (m.Length > 1 && m[0] == 'o' && char.IsDigit(m[1]))
            || m.Contains("reasoner", StringComparison.Ordinal)
            || m.StartsWith("gemini-2.5", StringComparison.Ordinal) || m.StartsWith("gemini-3", StringComparison.Ordinal);
    }

    public static int EstimateTokens(string? text) => string.IsNullOrEmpty(text) ? 0 : (text.Length + 3) / 4;

    public LlmOutput Generate(LlmRequest request, LlmCorruption corruption)
    {
        var facts = PromptFacts.Parse(request.Texts);
        var text = request.Schema is not null || request.WantsJson ? GenerateJson(request, facts, corruption) : GenerateText(request, facts, corruption);
        var input = request.Texts.Sum(EstimateTokens) + EstimateTokens(request.Schema?.ToJsonString()) + (4 * (request.Messages.Count + 1));
        var output = EstimateTokens(text);
        var reasoning = IsReasoningModel(request.Model) ? 64 * (1 + (int)(StableHash.Of(_seed, "reasoning", request.Model, text) % 8)) + (output / 2) : 0;
        return new LlmOutput(text, input, output + reasoning, reasoning);
    }

    /// <summary>Generates a schema-valid document (exposed for tests and other emulators).</summary>
    public JsonNode? GenerateDocument(string? schemaName, JsonObject schema, PromptFacts facts)
    {
        var task = LeadoraTasks.Detect(schemaName, schema, facts);
        var overlay = LeadoraTasks.Overlay(task, schema, facts, _seed);
        // Round-trip the overlay so every value is JSON-backed (uniform numeric access).
        var normalized = overlay is null ? null : JsonNode.Parse(overlay.ToJsonString());
        return new SchemaGenerator(schema, new RequestFiller(facts, _seed)).Generate(normalized);
    }

    private string GenerateJson(LlmRequest request, PromptFacts facts, LlmCorruption corruption)
    {
        JsonNode? document;
        if (request.Schema is { } schema)
        {
            document = GenerateDocument(request.SchemaName, schema, facts);
        }
        else
        {
            // JSON mode without a schema (DeepSeek json_object): the task's overlay is the answer.
            var task = LeadoraTasks.Detect(request.SchemaName, null, facts);
            document = LeadoraTasks.Overlay(task, null, facts, _seed) ?? new JsonObject { ["answer"] = Sentence(facts) };
        }

        return corruption switch
        {
            LlmCorruption.SchemaViolation => Corruption.ViolateSchema(document, request.Schema),
            LlmCorruption.Malformed => Corruption.Malform(Serialize(document)),
            _ => Serialize(document),
        };
    }

    private static string GenerateText(LlmRequest request, PromptFacts facts, LlmCorruption corruption)
    {
        var text = Sentence(facts);
        return corruption == LlmCorruption.Malformed ? text[..(text.Length / 2)] : text;
    }

    private static string Sentence(PromptFacts facts) =>
        facts.Product.Length > 0
            ? $"{facts.ProductOrDefault} fits {string.Join(" and ", facts.IndustryNames).ToLowerInvariant()} buyers in {string.Join(" and ", facts.CountryNames)}."
            : "Understood. Here is a short answer based on the request.";

    private static string Serialize(JsonNode? document) => document?.ToJsonString(SerializerOptions) ?? "null";

    private static readonly JsonSerializerOptions SerializerOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
