using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.Extensions.AI;

namespace Leadora.Llm;

/// <summary>Thrown when an LLM's output does not match the requested JSON schema, even after one repair attempt.</summary>
public sealed class StructuredOutputException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StructuredOutputException(string schemaName, IReadOnlyList<string> problems)
        : base($"The LLM's reply for '{schemaName}' did not match its JSON schema after one repair attempt: {string.Join("; ", problems.Take(5))}")
    {
        SchemaName = schemaName;
        Problems = problems;
    }

    /// <summary>Creates the exception with no details.</summary>
    public StructuredOutputException()
        : this("unknown", [])
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public StructuredOutputException(string message)
        : base(message)
    {
        SchemaName = "unknown";
        Problems = [message];
    }

    /// <summary>Creates the exception with a message and inner exception.</summary>
    public StructuredOutputException(string message, Exception innerException)
        : base(message, innerException)
    {
        SchemaName = "unknown";
        Problems = [message];
    }

    /// <summary>The schema name.</summary>
    public string SchemaName { get; }

    /// <summary>Validation problems of the last reply.</summary>
    public IReadOnlyList<string> Problems { get; }
}

/// <summary>JSON schemas for structured LLM output, generated from C# types and compatible with OpenAI's strict mode.</summary>
public static class StructuredOutput
{
    private static readonly ConcurrentDictionary<Type, JsonElement> Schemas = new();

    /// <summary>Serializer options for LLM payloads: camelCase names, camelCase enum strings.</summary>
    public static JsonSerializerOptions SerializerOptions { get; } = CreateSerializerOptions();

    /// <summary>
    /// The strict schema of <typeparamref name="T"/>: every object closed (<c>additionalProperties: false</c>) with every
    /// property required; nullable members become type unions with <c>null</c>.
    /// </summary>
    /// <remarks>
    /// Every <c>$ref</c> is inlined: the exporter points repeated types at their first occurrence
    /// (<c>#/properties/tam/properties/sourceUrls</c>), which not every provider resolves, and which would hide those
    /// properties from <see cref="WithAllowedValues"/>. Recursive types are therefore not supported.
    /// </remarks>
    public static JsonElement SchemaFor<T>() => Schemas.GetOrAdd(typeof(T), static type =>
    {
        var schema = AIJsonUtilities.CreateJsonSchema(
            type,
            serializerOptions: SerializerOptions,
            inferenceOptions: new AIJsonSchemaCreateOptions
            {
                TransformOptions = new AIJsonSchemaTransformOptions
                {
                    DisallowAdditionalProperties = true,
                    RequireAllProperties = true,
                    MoveDefaultKeywordToDescription = true,
                },
            });
        var root = JsonNode.Parse(schema.GetRawText())!;
        var inlined = Inline(root, root, depth: 0);
        return JsonSerializer.SerializeToElement(inlined);
    });

    /// <summary>Returns a copy of <paramref name="schema"/> where every array property named <paramref name="propertyName"/> has exactly <paramref name="count"/> items.</summary>
    public static JsonElement WithArrayLength(JsonElement schema, string propertyName, int count) =>
        Edit(schema, propertyName, property =>
        {
            property["minItems"] = count;
            property["maxItems"] = count;
        });

    /// <summary>
    /// Returns a copy of <paramref name="schema"/> where every property named <paramref name="propertyName"/> (a string, or an
    /// array of strings) may only hold one of <paramref name="values"/>.
    /// </summary>
    public static JsonElement WithAllowedValues(JsonElement schema, string propertyName, IReadOnlyList<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return Edit(schema, propertyName, property =>
        {
            var target = property["type"]?.GetValue<string>() == "array" ? property["items"] as JsonObject : property;
            if (target is not null)
            {
                target["enum"] = new JsonArray(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
            }
        });
    }

    /// <summary>
    /// A strict schema of one closed object with one required property per key, each matching <paramref name="itemSchema"/>:
    /// the shape of batched judgements, so that every item of a batch is answered exactly once.
    /// </summary>
    internal static JsonElement Keyed(IReadOnlyList<string> keys, JsonObject itemSchema)
    {
        var properties = new JsonObject();
        foreach (var key in keys)
        {
            properties[key] = itemSchema.DeepClone();
        }

        var schema = new JsonObject
        {
            ["type"] = "object",
            ["additionalProperties"] = false,
            ["required"] = new JsonArray(keys.Select(k => (JsonNode?)JsonValue.Create(k)).ToArray()),
            ["properties"] = properties,
        };
        return JsonSerializer.SerializeToElement(schema);
    }

    /// <summary>Removes a Markdown code fence around a JSON reply, as some models add one.</summary>
    public static string ExtractJson(string? text)
    {
        var trimmed = (text ?? "").Trim();
        if (!trimmed.StartsWith("```", StringComparison.Ordinal))
        {
            return trimmed;
        }

        var firstLineEnd = trimmed.IndexOf('\n', StringComparison.Ordinal);
        var closing = trimmed.LastIndexOf("```", StringComparison.Ordinal);
        return firstLineEnd < 0 || closing <= firstLineEnd ? trimmed : trimmed[(firstLineEnd + 1)..closing].Trim();
    }

    private static JsonNode? Inline(JsonNode? node, JsonNode root, int depth)
    {
        if (depth > 64)
        {
            throw new NotSupportedException("The schema is recursive; structured output types must not be.");
        }

        switch (node)
        {
            case JsonObject obj when obj["$ref"] is JsonValue reference && reference.TryGetValue<string>(out var pointer) && pointer.StartsWith("#/", StringComparison.Ordinal):
            {
                var target = Resolve(root, pointer) ?? throw new InvalidOperationException($"The schema reference '{pointer}' does not resolve.");
                var copy = Inline(target.DeepClone(), root, depth + 1)!.AsObject();
                foreach (var (key, value) in obj)
                {
                    if (key != "$ref")
                    {
                        copy[key] = value?.DeepClone();
                    }
                }

                return copy;
            }

            case JsonObject obj:
            {
                var result = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    result[key] = Inline(value, root, depth + 1);
                }

                return result;
            }

            case JsonArray array:
                return new JsonArray(array.Select(item => Inline(item, root, depth + 1)).ToArray());
            default:
                return node?.DeepClone();
        }
    }

    private static JsonNode? Resolve(JsonNode root, string pointer)
    {
        JsonNode? current = root;
        foreach (var raw in pointer[2..].Split('/'))
        {
            var segment = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            current = current switch
            {
                JsonObject obj => obj[segment],
                JsonArray array when int.TryParse(segment, out var index) && index < array.Count => array[index],
                _ => null,
            };
        }

        return current;
    }

    private static JsonElement Edit(JsonElement schema, string propertyName, Action<JsonObject> edit)
    {
        var root = JsonNode.Parse(schema.GetRawText())!;
        Visit(root, propertyName, edit);
        return JsonSerializer.SerializeToElement(root);
    }

    private static void Visit(JsonNode? node, string propertyName, Action<JsonObject> edit)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["properties"] is JsonObject properties && properties[propertyName] is JsonObject property)
                {
                    edit(property);
                }

                foreach (var (_, child) in obj.ToList())
                {
                    Visit(child, propertyName, edit);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Visit(child, propertyName, edit);
                }

                break;
        }
    }

    private static JsonSerializerOptions CreateSerializerOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
            NumberHandling = JsonNumberHandling.Strict,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}

/// <summary>Typed structured-output calls on any <see cref="IChatClient"/>.</summary>
public static class StructuredChatClientExtensions
{
    /// <summary>
    /// Asks for a JSON document matching <paramref name="schema"/> (default: the strict schema of <typeparamref name="T"/>) and
    /// deserializes it. Pair with <see cref="SchemaValidatingChatClient"/> so invalid replies are repaired once, then rejected.
    /// </summary>
    /// <exception cref="StructuredOutputException">The reply could not be read as <typeparamref name="T"/>.</exception>
    public static async Task<T> GenerateAsync<T>(this IChatClient client, string schemaName, string system, string user, JsonElement? schema = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var options = new ChatOptions
        {
            ResponseFormat = ChatResponseFormat.ForJsonSchema(schema ?? StructuredOutput.SchemaFor<T>(), schemaName),
        };
        List<ChatMessage> messages = [new(ChatRole.System, system), new(ChatRole.User, user)];
        var response = await client.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        try
        {
            return JsonSerializer.Deserialize<T>(StructuredOutput.ExtractJson(response.Text), StructuredOutput.SerializerOptions)
                ?? throw new StructuredOutputException(schemaName, ["the reply was the JSON literal null"]);
        }
        catch (JsonException ex)
        {
            throw new StructuredOutputException(schemaName, [ex.Message]);
        }
    }
}
