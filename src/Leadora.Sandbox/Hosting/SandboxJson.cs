using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Leadora.Sandbox.Hosting;

/// <summary>JSON conventions shared by every emulator: the synthetic label and serializer settings.</summary>
internal static class SandboxJson
{
    /// <summary>The notice every sandbox body carries.</summary>
    public const string Notice = "Synthetic data from the Leadora sandbox; not real businesses or people.";

    /// <summary>The header every sandbox response carries.</summary>
    public const string HeaderName = "X-Leadora-Sandbox";

    /// <summary>The header's value.</summary>
    public const string HeaderValue = "synthetic";

    public static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static readonly JsonSerializerOptions Indented = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, WriteIndented = true };

    public static readonly JsonDocumentOptions Lenient = new() { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 128 };

    /// <summary>A fresh copy of the label member's value.</summary>
    public static JsonObject Label() => new() { ["synthetic"] = true, ["notice"] = Notice };

    /// <summary>Adds the top-level <c>sandbox</c> label to a body and returns it.</summary>
    public static JsonObject Labelled(JsonObject body)
    {
        body["sandbox"] = Label();
        return body;
    }

    /// <summary>Writes the label member with a <see cref="Utf8JsonWriter"/>.</summary>
    public static void WriteLabel(Utf8JsonWriter writer)
    {
        writer.WriteStartObject("sandbox");
        writer.WriteBoolean("synthetic", true);
        writer.WriteString("notice", Notice);
        writer.WriteEndObject();
    }

    /// <summary>Parses a request body, or returns null when it is not JSON.</summary>
    public static JsonNode? TryParse(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(body, documentOptions: Lenient);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Reads a string member, or null.</summary>
    public static string? String(JsonNode? node, string name) =>
        node is JsonObject obj && obj[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    /// <summary>Reads a number member, or null.</summary>
    public static double? Number(JsonNode? node, string name) =>
        node is JsonObject obj && obj[name] is JsonValue value && value.GetValueKind() == JsonValueKind.Number ? value.GetValue<double>() : null;

    /// <summary>Reads a boolean member, or null.</summary>
    public static bool? Boolean(JsonNode? node, string name) =>
        node is JsonObject obj && obj[name] is JsonValue value && value.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? value.GetValue<bool>() : null;
}
