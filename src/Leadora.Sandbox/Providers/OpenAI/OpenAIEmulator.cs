using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Leadora.Embeddings;
using Leadora.Sandbox.Hosting;
using Leadora.Sandbox.Llm;
using Leadora.Sandbox.World;
using Microsoft.AspNetCore.Http;

namespace Leadora.Sandbox.Providers.OpenAI;

/// <summary>
/// OpenAI under <c>/openai/v1</c>: the Responses API (structured output with strict json_schema, reasoning items for
/// reasoning models) and embeddings (float or base64, vectors from <see cref="HashingEmbeddingGenerator"/>).
/// Errors use OpenAI's <c>{"error":{message,type,param,code}}</c> body.
/// </summary>
internal sealed class OpenAIEmulator : ProviderEmulator
{
    /// <summary>Most inputs one embeddings call accepts.</summary>
    public const int MaxEmbeddingInputs = 2048;

    private const string InvalidJsonMessage = "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON. If you have trouble figuring out how to fix this, please contact us through our help center at help.openai.com.)";
    private const string InvalidInputMessage = "'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.";
    private const long CreatedAtEpoch = 1_767_225_600; // 2026-01-01T00:00:00Z: responses carry a fixed synthetic clock so bodies are byte-identical.

    private readonly long _seed;
    private readonly LlmEngine _engine;

    public OpenAIEmulator(long seed)
    {
        _seed = seed;
        _engine = new LlmEngine(seed);
    }

    public override string Provider => SandboxProviders.OpenAI;

    public override string BasePath => "openai/v1/";

    public override IEnumerable<SandboxEndpoint> Endpoints =>
    [
        new("POST", "/openai/v1/responses", Responses, EndpointTraits.LlmOutput),
        new("POST", "/openai/v1/embeddings", Embeddings),
    ];

    public override SandboxResponse? Authenticate(SandboxCall call)
    {
        var authorization = call.Header("Authorization");
        if (string.IsNullOrWhiteSpace(authorization))
        {
            return Error(StatusCodes.Status401Unauthorized, "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if you're accessing the API from your browser and are prompted for a username and password. You can obtain an API key from https://platform.openai.com/account/api-keys.", "invalid_request_error", null, null);
        }

        var key = authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..].Trim() : "";
        if (key.Length == 0 || key.StartsWith("invalid", StringComparison.OrdinalIgnoreCase) || key.StartsWith("sk-invalid", StringComparison.OrdinalIgnoreCase))
        {
            var shown = key.Length <= 8 ? key : string.Concat(key.AsSpan(0, 4), new string('*', Math.Max(0, key.Length - 8)), key.AsSpan(key.Length - 4));
            return Error(StatusCodes.Status401Unauthorized, $"Incorrect API key provided: {shown}. You can find your API key at https://platform.openai.com/account/api-keys.", "invalid_request_error", null, "invalid_api_key");
        }

        return null;
    }

    public override SandboxResponse FaultResponse(SandboxFault fault, SandboxCall call)
    {
        var model = SandboxJson.String(call.Json, "model") ?? "gpt-5";
        switch (fault.Kind)
        {
            case SandboxFaultKind.RateLimit:
                var wait = fault.EffectiveRetryAfter;
                var body = ErrorBody(
                    TextUtil.Inv($"Rate limit reached for {model} in organization org-sandbox on requests per min (RPM): Limit 500, Used 500, Requested 1. Please try again in {wait.TotalSeconds:0.###}s. Visit https://platform.openai.com/account/rate-limits to learn more."),
                    "requests", null, "rate_limit_exceeded");
                return SandboxResponse.Json(StatusCodes.Status429TooManyRequests, body, indented: true, new Dictionary<string, string>
                {
                    ["retry-after-ms"] = ((long)Math.Ceiling(wait.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture),
                    ["retry-after"] = ((long)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture),
                    ["x-ratelimit-limit-requests"] = "500",
                    ["x-ratelimit-remaining-requests"] = "0",
                    ["x-ratelimit-reset-requests"] = TextUtil.Inv($"{wait.TotalSeconds:0.###}s"),
                });
            case SandboxFaultKind.OutOfCredit:
                return Error(StatusCodes.Status429TooManyRequests, "You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.", "insufficient_quota", null, "insufficient_quota");
            case SandboxFaultKind.ServiceUnavailable:
                return Error(StatusCodes.Status503ServiceUnavailable, "The server is overloaded or not ready yet.", "server_error", null, null);
            case SandboxFaultKind.Timeout:
                return Error(StatusCodes.Status504GatewayTimeout, "Gateway timeout. The request took too long to complete.", "server_error", null, "timeout");
            default:
                return Error(StatusCodes.Status500InternalServerError, "The server had an error while processing your request. Sorry about that!", "server_error", null, null);
        }
    }

    private SandboxResponse Responses(SandboxCall call)
    {
        if (call.Json is not JsonObject request)
        {
            return Error(StatusCodes.Status400BadRequest, InvalidJsonMessage, "invalid_request_error", null, null);
        }

        var model = SandboxJson.String(request, "model");
        if (string.IsNullOrWhiteSpace(model))
        {
            return Error(StatusCodes.Status400BadRequest, "Missing required parameter: 'model'.", "invalid_request_error", "model", "missing_required_parameter");
        }

        if (IsUnknownModel(model))
        {
            return ModelNotFound(model);
        }

        if (SandboxJson.Boolean(request, "stream") == true)
        {
            return Error(StatusCodes.Status400BadRequest, "The Leadora sandbox does not stream responses; send \"stream\": false.", "invalid_request_error", "stream", "unsupported_value");
        }

        var reasoning = LlmEngine.IsReasoningModel(model);
        foreach (var parameter in new[] { "temperature", "top_p" })
        {
            if (reasoning && SandboxJson.Number(request, parameter) is { } value && Math.Abs(value - 1) > 1e-9)
            {
                return Error(StatusCodes.Status400BadRequest, $"Unsupported parameter: '{parameter}' is not supported with this model.", "invalid_request_error", parameter, null);
            }
        }

        var messages = ReadInput(request["input"]);
        var instructions = SandboxJson.String(request, "instructions");
        var format = request["text"]?["format"] as JsonObject;
        var formatType = SandboxJson.String(format, "type") ?? "text";
        string? schemaName = null;
        JsonObject? schema = null;
        switch (formatType)
        {
            case "json_schema":
                schemaName = SandboxJson.String(format, "name");
                if (string.IsNullOrWhiteSpace(schemaName))
                {
                    return Error(StatusCodes.Status400BadRequest, "Missing required parameter: 'text.format.name'.", "invalid_request_error", "text.format.name", "missing_required_parameter");
                }

                schema = format!["schema"] as JsonObject;
                if (schema is null)
                {
                    return Error(StatusCodes.Status400BadRequest, "Missing required parameter: 'text.format.schema'.", "invalid_request_error", "text.format.schema", "missing_required_parameter");
                }

                if (SandboxJson.Boolean(format, "strict") == true && StrictSchema.Check(schemaName, schema) is { } strictError)
                {
                    return Error(StatusCodes.Status400BadRequest, strictError, "invalid_request_error", "text.format.schema", "invalid_json_schema");
                }

                break;
            case "json_object":
                if (!messages.Any(m => m.Text.Contains("json", StringComparison.OrdinalIgnoreCase)) && instructions?.Contains("json", StringComparison.OrdinalIgnoreCase) != true)
                {
                    return Error(StatusCodes.Status400BadRequest, "Response input messages must contain the word 'json' in some form to use 'text.format' of type 'json_object'.", "invalid_request_error", "input", null);
                }

                break;
            case "text":
                break;
            default:
                return Error(StatusCodes.Status400BadRequest, $"Invalid value: '{formatType}'. Supported values are: 'text', 'json_object', and 'json_schema'.", "invalid_request_error", "text.format.type", "invalid_value");
        }

        var corruption = call.Fault?.Kind switch
        {
            SandboxFaultKind.Malformed => LlmCorruption.Malformed,
            SandboxFaultKind.SchemaViolation when schema is not null => LlmCorruption.SchemaViolation,
            _ => LlmCorruption.None,
        };
        var output = _engine.Generate(new LlmRequest
        {
            Model = model,
            Instructions = instructions,
            Messages = messages,
            SchemaName = schemaName,
            Schema = schema,
            WantsJson = formatType != "text",
        }, corruption);

        var random = DeterministicRandom.For(_seed, "openai-response", call.Body);
        var items = new JsonArray();
        if (reasoning)
        {
            items.Add(new JsonObject { ["id"] = "rs_" + random.Hex(48), ["type"] = "reasoning", ["summary"] = new JsonArray() });
        }

        items.Add(new JsonObject
        {
            ["id"] = "msg_" + random.Hex(48),
            ["type"] = "message",
            ["status"] = "completed",
            ["content"] = new JsonArray(new JsonObject
            {
                ["type"] = "output_text",
                ["annotations"] = new JsonArray(),
                ["logprobs"] = new JsonArray(),
                ["text"] = output.Text,
            }),
            ["role"] = "assistant",
        });

        var echoedFormat = format is null ? new JsonObject { ["type"] = "text" } : (JsonObject)format.DeepClone();
        if (formatType == "json_schema" && !echoedFormat.ContainsKey("description"))
        {
            echoedFormat["description"] = null;
        }

        var createdAt = CreatedAtEpoch + (long)(StableHash.Of(_seed, "created", call.Body) % 31_536_000);
        var response = new JsonObject
        {
            ["id"] = "resp_" + random.Hex(48),
            ["object"] = "response",
            ["created_at"] = createdAt,
            ["status"] = "completed",
            ["background"] = false,
            ["error"] = null,
            ["incomplete_details"] = null,
            ["instructions"] = instructions,
            ["max_output_tokens"] = request["max_output_tokens"]?.DeepClone(),
            ["max_tool_calls"] = null,
            ["model"] = model,
            ["output"] = items,
            ["parallel_tool_calls"] = true,
            ["previous_response_id"] = request["previous_response_id"]?.DeepClone(),
            ["prompt_cache_key"] = null,
            ["reasoning"] = new JsonObject
            {
                ["effort"] = reasoning ? (request["reasoning"]?["effort"]?.DeepClone() ?? "medium") : null,
                ["summary"] = null,
            },
            ["safety_identifier"] = null,
            ["service_tier"] = "default",
            ["store"] = request["store"]?.DeepClone() ?? true,
            ["temperature"] = SandboxJson.Number(request, "temperature") ?? 1.0,
            ["text"] = new JsonObject { ["format"] = echoedFormat, ["verbosity"] = "medium" },
            ["tool_choice"] = "auto",
            ["tools"] = new JsonArray(),
            ["top_logprobs"] = 0,
            ["top_p"] = SandboxJson.Number(request, "top_p") ?? 1.0,
            ["truncation"] = "disabled",
            ["usage"] = new JsonObject
            {
                ["input_tokens"] = output.InputTokens,
                ["input_tokens_details"] = new JsonObject { ["cached_tokens"] = 0 },
                ["output_tokens"] = output.OutputTokens,
                ["output_tokens_details"] = new JsonObject { ["reasoning_tokens"] = output.ReasoningTokens },
                ["total_tokens"] = output.InputTokens + output.OutputTokens,
            },
            ["user"] = null,
            ["metadata"] = request["metadata"]?.DeepClone() ?? new JsonObject(),
        };

        return SandboxResponse.Json(StatusCodes.Status200OK, SandboxJson.Labelled(response), indented: true, RequestHeaders(call));
    }

    private SandboxResponse Embeddings(SandboxCall call)
    {
        if (call.Json is not JsonObject request)
        {
            return Error(StatusCodes.Status400BadRequest, InvalidJsonMessage, "invalid_request_error", null, null);
        }

        var model = SandboxJson.String(request, "model");
        if (string.IsNullOrWhiteSpace(model))
        {
            return Error(StatusCodes.Status400BadRequest, "you must provide a model parameter", "invalid_request_error", null, null);
        }

        if (IsUnknownModel(model))
        {
            return ModelNotFound(model);
        }

        var inputs = ReadEmbeddingInputs(request["input"]);
        if (inputs is null || inputs.Count == 0 || inputs.Count > MaxEmbeddingInputs || inputs.Any(i => i.Length == 0))
        {
            return Error(StatusCodes.Status400BadRequest, InvalidInputMessage, "invalid_request_error", null, null);
        }

        var encoding = SandboxJson.String(request, "encoding_format") ?? "float";
        if (encoding is not ("float" or "base64"))
        {
            return Error(StatusCodes.Status400BadRequest, $"'{encoding}' is not one of ['float', 'base64'] - 'encoding_format'", "invalid_request_error", null, null);
        }

        var maxDimensions = model.Contains("3-large", StringComparison.OrdinalIgnoreCase) ? 3072 : HashingEmbeddingGenerator.DefaultDimensions;
        var dimensions = maxDimensions;
        if (request["dimensions"] is JsonValue dimensionValue)
        {
            if (!model.StartsWith("text-embedding-3", StringComparison.OrdinalIgnoreCase) && model.Contains("embedding", StringComparison.OrdinalIgnoreCase))
            {
                return Error(StatusCodes.Status400BadRequest, "This model does not support specifying dimensions.", "invalid_request_error", null, null);
            }

            var requested = dimensionValue.GetValueKind() == JsonValueKind.Number ? dimensionValue.GetValue<double>() : double.NaN;
            if (double.IsNaN(requested) || requested % 1 != 0)
            {
                return Error(StatusCodes.Status400BadRequest, $"{dimensionValue.ToJsonString()} is not of type 'integer' - 'dimensions'", "invalid_request_error", null, null);
            }

            if (requested < 1)
            {
                return Error(StatusCodes.Status400BadRequest, TextUtil.Inv($"{requested} is less than the minimum of 1 - 'dimensions'"), "invalid_request_error", null, null);
            }

            if (requested > maxDimensions)
            {
                return Error(StatusCodes.Status400BadRequest, TextUtil.Inv($"{requested} is greater than the maximum of {maxDimensions} - 'dimensions'"), "invalid_request_error", null, null);
            }

            dimensions = (int)requested;
        }

        return new SandboxResponse(StatusCodes.Status200OK, WriteEmbeddings(inputs, model, dimensions, encoding == "base64")) { Headers = RequestHeaders(call) };
    }

    private static string WriteEmbeddings(List<string> inputs, string model, int dimensions, bool base64)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = SandboxJson.Compact.Encoder }))
        {
            var vector = new float[dimensions];
            var bytes = base64 ? new byte[dimensions * sizeof(float)] : [];
            var tokens = 0;
            writer.WriteStartObject();
            writer.WriteString("object", "list");
            writer.WriteStartArray("data");
            for (var i = 0; i < inputs.Count; i++)
            {
                HashingEmbeddingGenerator.Embed(inputs[i], vector);
                tokens += Math.Max(1, LlmEngine.EstimateTokens(inputs[i]));
                writer.WriteStartObject();
                writer.WriteString("object", "embedding");
                writer.WriteNumber("index", i);
                if (base64)
                {
                    for (var d = 0; d < dimensions; d++)
                    {
                        BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(d * sizeof(float)), vector[d]);
                    }

                    writer.WriteString("embedding", Convert.ToBase64String(bytes));
                }
                else
                {
                    writer.WriteStartArray("embedding");
                    foreach (var value in vector)
                    {
                        writer.WriteNumberValue(value);
                    }

                    writer.WriteEndArray();
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteString("model", model);
            writer.WriteStartObject("usage");
            writer.WriteNumber("prompt_tokens", tokens);
            writer.WriteNumber("total_tokens", tokens);
            writer.WriteEndObject();
            SandboxJson.WriteLabel(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    /// <summary>Reads the Responses <c>input</c>: a string, or items with a role and string or part-list content.</summary>
    private static List<LlmMessage> ReadInput(JsonNode? input)
    {
        var messages = new List<LlmMessage>();
        switch (input)
        {
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                messages.Add(new LlmMessage("user", value.GetValue<string>()));
                break;
            case JsonArray items:
                foreach (var item in items.OfType<JsonObject>())
                {
                    var type = SandboxJson.String(item, "type") ?? "message";
                    var role = SandboxJson.String(item, "role") ?? "user";
                    if (type == "function_call_output")
                    {
                        messages.Add(new LlmMessage("tool", item["output"]?.ToString() ?? ""));
                        continue;
                    }

                    if (type != "message")
                    {
                        continue;
                    }

                    var text = item["content"] switch
                    {
                        JsonValue content when content.GetValueKind() == JsonValueKind.String => content.GetValue<string>(),
                        JsonArray parts => string.Join("\n", parts.OfType<JsonObject>().Select(p => SandboxJson.String(p, "text")).OfType<string>()),
                        _ => "",
                    };
                    messages.Add(new LlmMessage(role, text));
                }

                break;
        }

        return messages;
    }

    /// <summary>Reads embeddings input: a string, strings, a token array, or token arrays. Null when malformed.</summary>
    private static List<string>? ReadEmbeddingInputs(JsonNode? input)
    {
        switch (input)
        {
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                return [value.GetValue<string>()];
            case JsonArray array when array.Count > 0 && array.All(n => n is JsonValue v && v.GetValueKind() == JsonValueKind.Number):
                return [string.Join(' ', array.Select(n => n!.ToJsonString()))];
            case JsonArray array:
                var result = new List<string>(array.Count);
                foreach (var item in array)
                {
                    switch (item)
                    {
                        case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                            result.Add(v.GetValue<string>());
                            break;
                        case JsonArray tokens when tokens.All(n => n is JsonValue t && t.GetValueKind() == JsonValueKind.Number):
                            result.Add(string.Join(' ', tokens.Select(n => n!.ToJsonString())));
                            break;
                        default:
                            return null;
                    }
                }

                return result;
            default:
                return null;
        }
    }

    private static bool IsUnknownModel(string model) =>
        model.Equals("nonexistent", StringComparison.OrdinalIgnoreCase) || model.StartsWith("unknown-", StringComparison.OrdinalIgnoreCase);

    private static SandboxResponse ModelNotFound(string model) =>
        Error(StatusCodes.Status404NotFound, $"The model `{model}` does not exist or you do not have access to it.", "invalid_request_error", null, "model_not_found");

    private Dictionary<string, string> RequestHeaders(SandboxCall call) => new()
    {
        ["x-request-id"] = "req_" + DeterministicRandom.For(_seed, "request-id", call.Body).Hex(32),
        ["openai-processing-ms"] = "1",
    };

    private static JsonObject ErrorBody(string message, string type, string? param, string? code) => SandboxJson.Labelled(new JsonObject
    {
        ["error"] = new JsonObject { ["message"] = message, ["type"] = type, ["param"] = param, ["code"] = code },
    });

    private static SandboxResponse Error(int status, string message, string type, string? param, string? code) =>
        SandboxResponse.Json(status, ErrorBody(message, type, param, code), indented: true);
}
