using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Leadora.Sandbox.Hosting;
using Leadora.Sandbox.Llm;
using Leadora.Sandbox.World;
using Microsoft.AspNetCore.Http;

namespace Leadora.Sandbox.Providers.DeepSeek;

/// <summary>
/// DeepSeek under <c>/deepseek</c>: OpenAI-compatible <c>POST /chat/completions</c> (also <c>/v1/chat/completions</c>)
/// with Bearer auth. <c>response_format</c> may be <c>text</c> or <c>json_object</c> (which needs the word "json" in the
/// prompt); there is no schema mode, so a JSON schema given in a fenced <c>```json</c> block of a message is what the
/// "model" follows. Answers carry <c>reasoning_content</c> for <c>deepseek-reasoner</c> and DeepSeek's usage fields
/// (<c>prompt_cache_hit_tokens</c>, <c>prompt_cache_miss_tokens</c>). Errors use the OpenAI-style body with DeepSeek's
/// messages: 401 "Authentication Fails", 402 "Insufficient Balance", 429 "Rate Limit Reached".
/// </summary>
internal sealed partial class DeepSeekEmulator : ProviderEmulator
{
    private const long CreatedEpoch = 1_767_225_600;
    private readonly long _seed;
    private readonly LlmEngine _engine;

    public DeepSeekEmulator(long seed)
    {
        _seed = seed;
        _engine = new LlmEngine(seed);
    }

    public override string Provider => SandboxProviders.DeepSeek;

    public override string BasePath => "deepseek/";

    public override IEnumerable<SandboxEndpoint> Endpoints =>
    [
        new("POST", "/deepseek/chat/completions", ChatCompletions, EndpointTraits.LlmOutput),
        new("POST", "/deepseek/v1/chat/completions", ChatCompletions, EndpointTraits.LlmOutput),
    ];

    public override SandboxResponse? Authenticate(SandboxCall call)
    {
        var authorization = call.Header("Authorization");
        var key = authorization is not null && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..].Trim() : "";
        if (key.Length == 0)
        {
            return Error(StatusCodes.Status401Unauthorized, "Authentication Fails (no such user)", "authentication_error");
        }

        return key.StartsWith("invalid", StringComparison.OrdinalIgnoreCase) || key.StartsWith("sk-invalid", StringComparison.OrdinalIgnoreCase)
            ? Error(StatusCodes.Status401Unauthorized, $"Authentication Fails, Your api key: ****{key[Math.Max(0, key.Length - 4)..]} is invalid", "authentication_error")
            : null;
    }

    public override SandboxResponse FaultResponse(SandboxFault fault, SandboxCall call) => fault.Kind switch
    {
        SandboxFaultKind.RateLimit => Error(StatusCodes.Status429TooManyRequests, "Rate Limit Reached", "rate_limit_error", new Dictionary<string, string>
        {
            ["Retry-After"] = ((long)Math.Ceiling(fault.EffectiveRetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture),
        }),
        SandboxFaultKind.OutOfCredit => Error(StatusCodes.Status402PaymentRequired, "Insufficient Balance", "unknown_error"),
        SandboxFaultKind.ServiceUnavailable => Error(StatusCodes.Status503ServiceUnavailable, "Server Overloaded", "server_error"),
        SandboxFaultKind.Timeout => Error(StatusCodes.Status504GatewayTimeout, "Gateway Timeout", "server_error"),
        _ => Error(StatusCodes.Status500InternalServerError, "Server Error", "server_error"),
    };

    private SandboxResponse ChatCompletions(SandboxCall call)
    {
        if (call.Json is not JsonObject request)
        {
            return Error(StatusCodes.Status400BadRequest, "Failed to deserialize the JSON body into the target type", "invalid_request_error");
        }

        var model = SandboxJson.String(request, "model");
        if (string.IsNullOrWhiteSpace(model) || model.Equals("nonexistent", StringComparison.OrdinalIgnoreCase) || model.StartsWith("unknown-", StringComparison.OrdinalIgnoreCase))
        {
            return Error(StatusCodes.Status400BadRequest, "Model Not Exist", "invalid_request_error");
        }

        if (SandboxJson.Boolean(request, "stream") == true)
        {
            return Error(StatusCodes.Status400BadRequest, "The Leadora sandbox does not stream responses; send \"stream\": false.", "invalid_request_error");
        }

        if (request["messages"] is not JsonArray rawMessages || rawMessages.Count == 0)
        {
            return Error(StatusCodes.Status422UnprocessableEntity, "Failed to deserialize the JSON body into the target type: messages: invalid length 0, expected a non-empty sequence", "invalid_request_error");
        }

        var system = new List<string>();
        var messages = new List<LlmMessage>();
        JsonObject? schema = null;
        foreach (var message in rawMessages.OfType<JsonObject>())
        {
            var role = SandboxJson.String(message, "role") ?? "user";
            var text = Text(message["content"]);
            if (schema is null && FindSchema(text) is { } found)
            {
                schema = found.Schema;
                text = found.Remainder;
            }

            if (role == "system")
            {
                system.Add(text);
            }
            else
            {
                messages.Add(new LlmMessage(role, text));
            }
        }

        var formatType = SandboxJson.String(request["response_format"], "type") ?? "text";
        switch (formatType)
        {
            case "text":
                break;
            case "json_object":
                if (!rawMessages.ToJsonString().Contains("json", StringComparison.OrdinalIgnoreCase))
                {
                    return Error(StatusCodes.Status400BadRequest, "Prompt must contain the word 'json' in some form to use 'response_format' of type 'json_object'.", "invalid_request_error");
                }

                break;
            default:
                return Error(StatusCodes.Status400BadRequest, "This response_format type is unavailable now", "invalid_request_error");
        }

        var output = _engine.Generate(new LlmRequest
        {
            Model = model,
            Instructions = system.Count == 0 ? null : string.Join("\n", system),
            Messages = messages,
            Schema = formatType == "json_object" ? schema : null,
            WantsJson = formatType == "json_object",
        }, call.Fault?.Kind switch
        {
            SandboxFaultKind.Malformed => LlmCorruption.Malformed,
            SandboxFaultKind.SchemaViolation when schema is not null && formatType == "json_object" => LlmCorruption.SchemaViolation,
            _ => LlmCorruption.None,
        });

        var content = output.Text;
        var finish = "stop";
        var completionTokens = output.OutputTokens;
        if ((SandboxJson.Number(request, "max_tokens") ?? SandboxJson.Number(request, "max_completion_tokens")) is { } limit && output.OutputTokens - output.ReasoningTokens > limit)
        {
            content = content[..Math.Min(content.Length, Math.Max(1, (int)limit * 4))];
            finish = "length";
            completionTokens = (int)limit + output.ReasoningTokens;
        }

        var random = DeterministicRandom.For(_seed, "deepseek-response", call.Body);
        var reasoner = model.Contains("reasoner", StringComparison.OrdinalIgnoreCase);
        var assistant = new JsonObject { ["role"] = "assistant", ["content"] = content };
        if (reasoner)
        {
            assistant["reasoning_content"] = "Synthetic sandbox reasoning: read the request, then wrote the JSON object it asks for.";
        }

        var cached = (int)(StableHash.Of(_seed, "deepseek-cache", model, system.FirstOrDefault()) % 4) * 64;
        cached = Math.Min(cached, output.InputTokens / 64 * 64);
        var usage = new JsonObject
        {
            ["prompt_tokens"] = output.InputTokens,
            ["completion_tokens"] = completionTokens,
            ["total_tokens"] = output.InputTokens + completionTokens,
            ["prompt_tokens_details"] = new JsonObject { ["cached_tokens"] = cached },
            ["prompt_cache_hit_tokens"] = cached,
            ["prompt_cache_miss_tokens"] = output.InputTokens - cached,
        };
        if (reasoner)
        {
            usage["completion_tokens_details"] = new JsonObject { ["reasoning_tokens"] = output.ReasoningTokens };
        }

        var response = new JsonObject
        {
            ["id"] = Guid(random),
            ["object"] = "chat.completion",
            ["created"] = CreatedEpoch + (long)(StableHash.Of(_seed, "created", call.Body) % 31_536_000),
            ["model"] = model,
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = assistant,
                ["logprobs"] = null,
                ["finish_reason"] = finish,
            }),
            ["usage"] = usage,
            ["system_fingerprint"] = "fp_sandbox_" + random.Hex(8),
        };
        return SandboxResponse.Json(StatusCodes.Status200OK, SandboxJson.Labelled(response), indented: true);
    }

    /// <summary>A message's text: a string, or the text parts of a part list.</summary>
    private static string Text(JsonNode? content) => content switch
    {
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        JsonArray parts => string.Join("\n", parts.OfType<JsonObject>().Select(p => SandboxJson.String(p, "text")).OfType<string>()),
        _ => "",
    };

    /// <summary>The first fenced <c>```json</c> block that is a JSON Schema, and the text without it.</summary>
    internal static (JsonObject Schema, string Remainder)? FindSchema(string text)
    {
        foreach (Match match in FencedJson().Matches(text))
        {
            if (SandboxJson.TryParse(match.Groups[1].Value) is JsonObject schema && (schema.ContainsKey("type") || schema.ContainsKey("properties")))
            {
                return (schema, text.Remove(match.Index, match.Length).Trim());
            }
        }

        return null;
    }

    private static string Guid(DeterministicRandom random)
    {
        var hex = random.Hex(32);
        return $"{hex[..8]}-{hex[8..12]}-4{hex[13..16]}-a{hex[17..20]}-{hex[20..32]}";
    }

    private static SandboxResponse Error(int status, string message, string type, IReadOnlyDictionary<string, string>? headers = null) =>
        SandboxResponse.Json(status, SandboxJson.Labelled(new JsonObject
        {
            ["error"] = new JsonObject { ["message"] = message, ["type"] = type, ["param"] = null, ["code"] = "invalid_request_error" },
        }), headers: headers);

    [GeneratedRegex("```json[ \\t]*\\r?\\n(.*?)\\r?\\n```", RegexOptions.Singleline)]
    private static partial Regex FencedJson();
}
