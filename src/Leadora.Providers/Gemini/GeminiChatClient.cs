using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Leadora.Ports;
using Microsoft.Extensions.AI;

namespace Leadora.Providers;

/// <summary>
/// An <see cref="IChatClient"/> over Gemini's REST API: <c>POST {BaseUrl}/models/{model}:generateContent</c> with the
/// <c>x-goog-api-key</c> header. A JSON-schema response format becomes
/// <c>generationConfig = {responseMimeType: "application/json", responseJsonSchema: schema}</c> with the schema as given
/// (Leadora's schemas are inlined and use only keywords Gemini documents for <c>responseJsonSchema</c>; keywords outside
/// that subset are ignored by Gemini, and Leadora validates every reply anyway). Output that stopped at the token limit
/// or has no text is <see cref="ProviderErrorKind.InvalidResponse"/>; a safety or recitation stop, or a blocked prompt,
/// is <see cref="ProviderErrorKind.Rejected"/>.
/// </summary>
internal sealed class GeminiChatClient(ProviderHttp http, GeminiOptions settings, string model) : IChatClient
{
    /// <summary>Operation name used in exceptions and logs.</summary>
    public const string Operation = "generateContent";

    private readonly ChatClientMetadata metadata = new(GeminiProvider.Provider, new Uri(settings.BaseUrl), model);

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var modelId = ModelName(options?.ModelId ?? model);
        var body = BuildRequest(messages, options);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"models/{Uri.EscapeDataString(modelId)}:generateContent", UriKind.Relative))
        {
            Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, GeminiJsonContext.Default.GeminiRequest))
            {
                Headers = { ContentType = new MediaTypeHeaderValue("application/json") },
            },
        };
        request.Headers.TryAddWithoutValidation("x-goog-api-key", settings.ApiKey);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        var reply = await http.SendAsync(request, Operation, cancellationToken).ConfigureAwait(false);
        var answer = http.Parse(reply, GeminiJsonContext.Default.GeminiResponse, Operation);
        return ToChatResponse(answer, modelId, reply.StatusCode);
    }

    /// <summary>
    /// Streams the buffered response. Every Leadora call asks for one structured JSON document that must be validated as a
    /// whole, so one non-streaming call keeps the same checks and error translation on both paths.
    /// </summary>
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        foreach (var update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(ChatClientMetadata) ? metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    public void Dispose()
    {
    }

    /// <summary>Translates messages and options into a <c>generateContent</c> body.</summary>
    internal static GeminiRequest BuildRequest(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        var system = new List<GeminiPart>();
        if (!string.IsNullOrWhiteSpace(options?.Instructions))
        {
            system.Add(new GeminiPart { Text = options.Instructions });
        }

        var contents = new List<GeminiContent>();
        foreach (var message in messages)
        {
            var text = message.Text;
            if (string.IsNullOrEmpty(text))
            {
                continue;
            }

            if (message.Role == ChatRole.System)
            {
                system.Add(new GeminiPart { Text = text });
                continue;
            }

            var role = message.Role == ChatRole.Assistant ? "model" : "user";
            if (contents.Count > 0 && contents[^1].Role == role)
            {
                // Gemini expects turns to alternate; consecutive messages of one role become parts of one turn.
                contents[^1].Parts!.Add(new GeminiPart { Text = text });
            }
            else
            {
                contents.Add(new GeminiContent { Role = role, Parts = [new GeminiPart { Text = text }] });
            }
        }

        return new GeminiRequest
        {
            Contents = contents,
            SystemInstruction = system.Count == 0 ? null : new GeminiContent { Parts = system },
            GenerationConfig = GenerationConfig(options),
        };
    }

    private static GeminiGenerationConfig? GenerationConfig(ChatOptions? options)
    {
        if (options is null)
        {
            return null;
        }

        var (mimeType, schema) = options.ResponseFormat switch
        {
            ChatResponseFormatJson { Schema: { } s } => ("application/json", (JsonElement?)s),
            ChatResponseFormatJson => ("application/json", null),
            _ => ((string?)null, (JsonElement?)null),
        };
        if (mimeType is null && options.MaxOutputTokens is null && options.Temperature is null && options.TopP is null && options.TopK is null && options.StopSequences is not { Count: > 0 } && options.Seed is null)
        {
            return null;
        }

        return new GeminiGenerationConfig
        {
            ResponseMimeType = mimeType,
            ResponseJsonSchema = schema,
            MaxOutputTokens = options.MaxOutputTokens,
            Temperature = options.Temperature,
            TopP = options.TopP,
            TopK = options.TopK,
            StopSequences = options.StopSequences is { Count: > 0 } stops ? stops : null,
            Seed = options.Seed,
        };
    }

    private ChatResponse ToChatResponse(GeminiResponse answer, string modelId, int status)
    {
        var candidate = answer.Candidates?.FirstOrDefault(c => c is not null);
        if (candidate is null)
        {
            var blocked = answer.PromptFeedback?.BlockReason;
            throw blocked is not null
                ? Fail(ProviderErrorKind.Rejected, $"the prompt was blocked ({blocked}){Suffix(answer.PromptFeedback?.BlockReasonMessage)}", status)
                : Fail(ProviderErrorKind.InvalidResponse, "the response has no candidates", status);
        }

        var reason = candidate.FinishReason ?? "STOP";
        switch (reason)
        {
            case "STOP":
                break;
            case "MAX_TOKENS":
                throw Fail(ProviderErrorKind.InvalidResponse, "the response is incomplete: it reached maxOutputTokens (finishReason MAX_TOKENS)", status);
            case "SAFETY" or "RECITATION" or "BLOCKLIST" or "PROHIBITED_CONTENT" or "SPII" or "IMAGE_SAFETY" or "LANGUAGE":
                throw Fail(ProviderErrorKind.Rejected, $"the model stopped: finishReason {reason}{Suffix(candidate.FinishMessage)}", status);
            default:
                throw Fail(ProviderErrorKind.InvalidResponse, $"the model stopped: finishReason {reason}{Suffix(candidate.FinishMessage)}", status);
        }

        var text = new StringBuilder();
        foreach (var part in candidate.Content?.Parts ?? [])
        {
            if (part.Thought != true && part.Text is { } piece)
            {
                text.Append(piece);
            }
        }

        if (string.IsNullOrWhiteSpace(text.ToString()))
        {
            throw Fail(ProviderErrorKind.InvalidResponse, "the response has no output text", status);
        }

        var usage = answer.UsageMetadata;
        var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, text.ToString()))
        {
            // The configured model, which is what pricing is keyed by; the exact version is kept alongside.
            ModelId = modelId,
            ResponseId = answer.ResponseId,
            FinishReason = ChatFinishReason.Stop,
            RawRepresentation = answer,
            Usage = usage is null ? null : new UsageDetails
            {
                InputTokenCount = usage.PromptTokenCount,
                OutputTokenCount = (usage.CandidatesTokenCount ?? 0) + (usage.ThoughtsTokenCount ?? 0),
                ReasoningTokenCount = usage.ThoughtsTokenCount,
                CachedInputTokenCount = usage.CachedContentTokenCount,
                TotalTokenCount = usage.TotalTokenCount,
            },
        };
        if (answer.ModelVersion is { } version)
        {
            response.AdditionalProperties = new() { ["modelVersion"] = version };
        }

        return response;
    }

    private ProviderException Fail(ProviderErrorKind kind, string detail, int status) =>
        http.Fail(Operation, new ProviderFailure(kind, detail), status);

    private static string Suffix(string? message) => string.IsNullOrWhiteSpace(message) ? "" : ": " + message;

    /// <summary>Accepts "gemini-2.0-flash" and "models/gemini-2.0-flash".</summary>
    private static string ModelName(string name) => name.StartsWith("models/", StringComparison.Ordinal) ? name["models/".Length..] : name;
}
