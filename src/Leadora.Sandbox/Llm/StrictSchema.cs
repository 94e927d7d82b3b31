using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Leadora.Sandbox.Llm;

/// <summary>
/// OpenAI's strict structured-output rules: the root is an object, and every object sets
/// <c>additionalProperties: false</c> and lists every property in <c>required</c>. Messages follow OpenAI's wording,
/// including the Python-style context tuple.
/// </summary>
internal static class StrictSchema
{
    /// <summary>Returns OpenAI's error message for the first rule the schema breaks, or null when it is strict.</summary>
    public static string? Check(string name, JsonObject schema)
    {
        var rootTypes = SchemaGenerator.Types(schema);
        if (!rootTypes.Contains("object") || schema.ContainsKey("anyOf"))
        {
            var got = schema["type"]?.ToJsonString() ?? "None";
            return $"Invalid schema for response_format '{name}': schema must be a JSON Schema of 'type: \"object\"', got 'type: {got}'.";
        }

        var detail = Walk(schema, []);
        return detail is null ? null : $"Invalid schema for response_format '{name}': {detail}";
    }

    private static string? Walk(JsonNode? node, List<object> context)
    {
        if (node is not JsonObject schema)
        {
            return null;
        }

        var isObject = schema["properties"] is JsonObject || (schema["type"] is { } type && type.ToJsonString().Contains("\"object\"", StringComparison.Ordinal));
        if (isObject)
        {
            if (schema["additionalProperties"] is not JsonValue additional || additional.GetValueKind() != JsonValueKind.False)
            {
                return $"In context={Tuple(context)}, 'additionalProperties' is required to be supplied and to be false.";
            }

            if (schema["properties"] is JsonObject properties)
            {
                var required = schema["required"] is JsonArray list ? list.Select(r => r?.GetValue<string>()).ToHashSet(StringComparer.Ordinal) : [];
                var missing = properties.Select(p => p.Key).FirstOrDefault(p => !required.Contains(p));
                if (missing is not null)
                {
                    return $"In context={Tuple(context)}, 'required' is required to be supplied and to be an array including every key in properties. Missing '{missing}'.";
                }

                foreach (var (property, child) in properties)
                {
                    var error = Walk(child, [.. context, "properties", property]);
                    if (error is not null)
                    {
                        return error;
                    }
                }
            }
        }

        foreach (var keyword in new[] { "items", "additionalProperties" })
        {
            if (schema[keyword] is JsonObject child && Walk(child, [.. context, keyword]) is { } error)
            {
                return error;
            }
        }

        foreach (var keyword in new[] { "anyOf", "oneOf", "allOf", "prefixItems" })
        {
            if (schema[keyword] is JsonArray branches)
            {
                for (var i = 0; i < branches.Count; i++)
                {
                    if (Walk(branches[i], [.. context, keyword, i]) is { } error)
                    {
                        return error;
                    }
                }
            }
        }

        foreach (var keyword in new[] { "$defs", "definitions" })
        {
            if (schema[keyword] is JsonObject definitions)
            {
                foreach (var (definition, child) in definitions)
                {
                    if (Walk(child, [.. context, keyword, definition]) is { } error)
                    {
                        return error;
                    }
                }
            }
        }

        return null;
    }

    private static string Tuple(List<object> context)
    {
        if (context.Count == 0)
        {
            return "()";
        }

        var builder = new StringBuilder("(");
        builder.AppendJoin(", ", context.Select(c => c is int i ? i.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"'{c}'"));
        return builder.Append(context.Count == 1 ? ",)" : ")").ToString();
    }
}
