using System.Text.Json;
using System.Text.Json.Nodes;

namespace Leadora.Sandbox.Llm;

/// <summary>Turns a valid output into the two kinds of bad output real models produce.</summary>
internal static class Corruption
{
    /// <summary>
    /// Valid JSON that fails the schema: the first required property is dropped; without one, the first property
    /// gets the wrong type; without properties, the root gets the wrong type.
    /// </summary>
    public static string ViolateSchema(JsonNode? document, JsonObject? schema)
    {
        if (document is JsonObject obj && schema is not null)
        {
            var required = schema["required"] as JsonArray;
            var name = required?.Select(r => r?.GetValue<string>()).FirstOrDefault(r => r is not null && obj.ContainsKey(r));
            if (name is not null)
            {
                obj.Remove(name);
                return obj.ToJsonString();
            }

            if (schema["properties"] is JsonObject properties && properties.Count > 0)
            {
                var (first, propertySchema) = properties.First();
                var types = propertySchema is JsonObject p ? SchemaGenerator.Types(p) : ["string"];
                obj[first] = !types.Contains("object") ? new JsonObject { ["unexpected"] = true }
                    : !types.Contains("number") && !types.Contains("integer") ? JsonValue.Create(12345)
                    : JsonValue.Create("wrong type");
                return obj.ToJsonString();
            }

            return "[]";
        }

        return document is JsonObject ? "[]" : "{\"unexpected\":true}";
    }

    /// <summary>Text that is not JSON: the document cut off part way, as a model that ran out of tokens leaves it.</summary>
    public static string Malform(string json)
    {
        var cut = json.Length < 8 ? json + "{\"" : json[..Math.Max(2, json.Length * 3 / 5)];
        try
        {
            using var _ = JsonDocument.Parse(cut);
            return cut + ",\"";
        }
        catch (JsonException)
        {
            return cut;
        }
    }
}
