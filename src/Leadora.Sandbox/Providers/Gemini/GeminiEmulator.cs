using System.Text.Json;
using System.Text.Json.Nodes;
using Leadora.Sandbox.Hosting;
using Leadora.Sandbox.Llm;
using Leadora.Sandbox.Providers.Google;
using Leadora.Sandbox.World;
using Microsoft.AspNetCore.Http;

namespace Leadora.Sandbox.Providers.Gemini;

/// <summary>
/// Gemini under <c>/gemini/v1beta</c>: <c>POST models/{model}:generateContent</c> with <c>x-goog-api-key</c> (or
/// <c>?key=</c>). Reads <c>contents</c> (roles user/model), <c>systemInstruction</c> and <c>generationConfig</c>
/// (<c>responseMimeType</c>, <c>responseJsonSchema</c> or the OpenAPI-style <c>responseSchema</c>, <c>maxOutputTokens</c>).
/// Answers <c>candidates[0].content.parts[].text</c>, <c>finishReason</c>, <c>usageMetadata</c> (with
/// <c>thoughtsTokenCount</c> for 2.5+ models; a <c>thought: true</c> summary part first when <c>thinkingConfig.includeThoughts</c>
/// is set), <c>modelVersion</c> and <c>responseId</c>. Errors use Google's envelope;
/// a rate limit carries a <c>google.rpc.RetryInfo</c> detail.
/// </summary>
internal sealed class GeminiEmulator : ProviderEmulator
{
    /// <summary>A prompt containing this makes the candidate stop with <c>finishReason: SAFETY</c> and no parts.</summary>
    public const string SafetyTrigger = "[sandbox:safety]";

    private const string Service = "generativelanguage.googleapis.com";
    private readonly long _seed;
    private readonly LlmEngine _engine;

    public GeminiEmulator(long seed)
    {
        _seed = seed;
        _engine = new LlmEngine(seed);
    }

    public override string Provider => SandboxProviders.Gemini;

    public override string BasePath => "gemini/v1beta/";

    public override IEnumerable<SandboxEndpoint> Endpoints =>
    [
        new("POST", "/gemini/v1beta/models/{model}:generateContent", GenerateContent, EndpointTraits.LlmOutput),
    ];

    public override SandboxResponse? Authenticate(SandboxCall call)
    {
        var key = call.Header("x-goog-api-key") ?? call.Query("key");
        if (string.IsNullOrWhiteSpace(key))
        {
            return GoogleApi.Error(StatusCodes.Status403Forbidden, "PERMISSION_DENIED", GoogleApi.UnregisteredCaller, new JsonArray(GoogleApi.ErrorInfo("SERVICE_DISABLED", Service)));
        }

        return GoogleApi.IsInvalidKey(key)
            ? GoogleApi.Error(StatusCodes.Status400BadRequest, "INVALID_ARGUMENT", GoogleApi.InvalidKey, new JsonArray(GoogleApi.ErrorInfo("API_KEY_INVALID", Service)))
            : null;
    }

    public override SandboxResponse FaultResponse(SandboxFault fault, SandboxCall call)
    {
        var model = call.RouteValue("model") ?? "gemini-2.0-flash";
        return fault.Kind switch
        {
            SandboxFaultKind.RateLimit => GoogleApi.Error(StatusCodes.Status429TooManyRequests, "RESOURCE_EXHAUSTED",
                "You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.",
                new JsonArray(
                    GoogleApi.QuotaFailure("generativelanguage.googleapis.com/generate_content_requests", "GenerateRequestsPerMinutePerProjectPerModel", "15", ("location", "global"), ("model", model)),
                    GoogleApi.Help("Learn more about Gemini API quotas", "https://ai.google.dev/gemini-api/docs/rate-limits"),
                    GoogleApi.RetryInfo(fault.EffectiveRetryAfter))),
            SandboxFaultKind.OutOfCredit => GoogleApi.Error(StatusCodes.Status429TooManyRequests, "RESOURCE_EXHAUSTED",
                "You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.",
                new JsonArray(
                    GoogleApi.QuotaFailure("generativelanguage.googleapis.com/generate_content_requests", "GenerateRequestsPerDayPerProjectPerModel", "1500", ("location", "global"), ("model", model)),
                    GoogleApi.Help("Learn more about Gemini API quotas", "https://ai.google.dev/gemini-api/docs/rate-limits"))),
            SandboxFaultKind.ServiceUnavailable => GoogleApi.Error(StatusCodes.Status503ServiceUnavailable, "UNAVAILABLE", "The model is overloaded. Please try again later."),
            SandboxFaultKind.Timeout => GoogleApi.Error(StatusCodes.Status504GatewayTimeout, "DEADLINE_EXCEEDED", "Deadline expired before operation could complete."),
            _ => GoogleApi.Error(StatusCodes.Status500InternalServerError, "INTERNAL", "An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting"),
        };
    }

    private SandboxResponse GenerateContent(SandboxCall call)
    {
        var model = call.RouteValue("model") ?? "";
        if (call.Json is not JsonObject request)
        {
            return GoogleApi.Error(StatusCodes.Status400BadRequest, "INVALID_ARGUMENT", "Invalid JSON payload received. Unexpected token.");
        }

        if (model.Length == 0 || model.Equals("nonexistent", StringComparison.OrdinalIgnoreCase) || model.StartsWith("unknown-", StringComparison.OrdinalIgnoreCase))
        {
            return GoogleApi.Error(StatusCodes.Status404NotFound, "NOT_FOUND", $"models/{model} is not found for API version v1beta, or is not supported for generateContent. Call ModelService.ListModels to see the list of available models and their supported methods.");
        }

        if (request["contents"] is not JsonArray contents || contents.Count == 0)
        {
            return GoogleApi.Error(StatusCodes.Status400BadRequest, "INVALID_ARGUMENT", "* GenerateContentRequest.contents: contents is not specified\n");
        }

        var messages = new List<LlmMessage>();
        foreach (var content in contents)
        {
            var role = SandboxJson.String(content, "role") ?? "user";
            if (role is not ("user" or "model"))
            {
                return GoogleApi.Error(StatusCodes.Status400BadRequest, "INVALID_ARGUMENT", "Please use a valid role: user, model.");
            }

            messages.Add(new LlmMessage(role == "model" ? "assistant" : "user", PartsText(content)));
        }

        var config = request["generationConfig"] as JsonObject;
        var mimeType = SandboxJson.String(config, "responseMimeType") ?? "text/plain";
        var schema = config?["responseJsonSchema"] as JsonObject;
        var openApiSchema = config?["responseSchema"] as JsonObject;
        if (schema is not null && openApiSchema is not null)
        {
            return GoogleApi.Error(StatusCodes.Status400BadRequest, "INVALID_ARGUMENT", "Only one of response_schema and response_json_schema can be set.");
        }

        schema ??= openApiSchema;
        if (schema is not null && mimeType != "application/json")
        {
            return GoogleApi.Error(StatusCodes.Status400BadRequest, "INVALID_ARGUMENT", "Invalid JSON payload received. response_mime_type must be application/json when a response schema is set.");
        }

        var instructions = request["systemInstruction"] is { } system ? PartsText(system) : null;
        var output = _engine.Generate(new LlmRequest
        {
            Model = model,
            Instructions = instructions,
            Messages = messages,
            Schema = schema,
            WantsJson = mimeType == "application/json",
        }, call.Fault?.Kind switch
        {
            SandboxFaultKind.Malformed => LlmCorruption.Malformed,
            SandboxFaultKind.SchemaViolation when schema is not null => LlmCorruption.SchemaViolation,
            _ => LlmCorruption.None,
        });

        var reasoning = LlmEngine.IsReasoningModel(model);
        var random = DeterministicRandom.For(_seed, "gemini-response", call.Body);
        var candidate = new JsonObject();
        var candidatesTokens = output.OutputTokens - output.ReasoningTokens;
        var allText = string.Join("\n", messages.Select(m => m.Text).Append(instructions ?? ""));
        if (allText.Contains(SafetyTrigger, StringComparison.Ordinal))
        {
            candidate["content"] = new JsonObject();
            candidate["finishReason"] = "SAFETY";
            candidate["index"] = 0;
            candidate["safetyRatings"] = new JsonArray(
                new JsonObject { ["category"] = "HARM_CATEGORY_HATE_SPEECH", ["probability"] = "LOW", ["blocked"] = true },
                new JsonObject { ["category"] = "HARM_CATEGORY_DANGEROUS_CONTENT", ["probability"] = "NEGLIGIBLE" },
                new JsonObject { ["category"] = "HARM_CATEGORY_HARASSMENT", ["probability"] = "NEGLIGIBLE" },
                new JsonObject { ["category"] = "HARM_CATEGORY_SEXUALLY_EXPLICIT", ["probability"] = "NEGLIGIBLE" });
            candidatesTokens = 0;
        }
        else if (SandboxJson.Number(config, "maxOutputTokens") is { } limit && output.OutputTokens > limit)
        {
            // Out of tokens: thinking models spent them on thoughts and return no parts; others return cut-off text.
            if (reasoning)
            {
                candidate["content"] = new JsonObject { ["role"] = "model" };
                candidatesTokens = 0;
            }
            else
            {
                var cut = output.Text[..Math.Min(output.Text.Length, Math.Max(1, (int)limit * 4))];
                candidate["content"] = new JsonObject { ["parts"] = new JsonArray(new JsonObject { ["text"] = cut }), ["role"] = "model" };
                candidatesTokens = (int)limit;
            }

            candidate["finishReason"] = "MAX_TOKENS";
            candidate["index"] = 0;
        }
        else
        {
            var parts = new JsonArray();
            var thinking = config?["thinkingConfig"] as JsonObject;
            if (reasoning && (SandboxJson.Boolean(thinking, "includeThoughts") ?? SandboxJson.Boolean(thinking, "include_thoughts")) == true)
            {
                // includeThoughts: Gemini puts a thought summary part (thought: true) before the answer.
                parts.Add(new JsonObject { ["text"] = "**Synthetic sandbox thought summary**\n\nReading the request and drafting the answer.", ["thought"] = true });
            }

            parts.Add(new JsonObject { ["text"] = output.Text });
            candidate["content"] = new JsonObject { ["parts"] = parts, ["role"] = "model" };
            candidate["finishReason"] = "STOP";
            candidate["index"] = 0;
        }

        var usage = new JsonObject { ["promptTokenCount"] = output.InputTokens };
        if (candidatesTokens > 0)
        {
            usage["candidatesTokenCount"] = candidatesTokens;
        }

        usage["totalTokenCount"] = output.InputTokens + candidatesTokens + output.ReasoningTokens;
        usage["promptTokensDetails"] = new JsonArray(new JsonObject { ["modality"] = "TEXT", ["tokenCount"] = output.InputTokens });
        if (reasoning && output.ReasoningTokens > 0)
        {
            usage["thoughtsTokenCount"] = output.ReasoningTokens;
        }

        var response = new JsonObject
        {
            ["candidates"] = new JsonArray(candidate),
            ["usageMetadata"] = usage,
            ["modelVersion"] = model,
            ["responseId"] = random.Hex(22),
        };
        return SandboxResponse.Json(StatusCodes.Status200OK, SandboxJson.Labelled(response), indented: true);
    }

    private static string PartsText(JsonNode? content) =>
        content?["parts"] is JsonArray parts
            ? string.Join("\n", parts.OfType<JsonObject>().Where(p => SandboxJson.Boolean(p, "thought") != true).Select(p => SandboxJson.String(p, "text")).OfType<string>())
            : "";
}
