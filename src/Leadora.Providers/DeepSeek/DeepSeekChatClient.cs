using System.Runtime.CompilerServices;
using Leadora.Ports;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Leadora.Providers;

/// <summary>
/// Wraps the Microsoft.Extensions.AI adapter over DeepSeek's OpenAI-compatible chat completions. DeepSeek has no
/// schema mode: a JSON-schema response format is sent as <c>response_format: {type: "json_object"}</c> with the schema
/// in a system message (JSON mode also needs the word "json" in the prompt, which that message carries). Leadora
/// validates the reply against the schema and asks once for a repair. A reply cut off by the token limit or empty is
/// <see cref="ProviderErrorKind.InvalidResponse"/>; a content-filter stop is <see cref="ProviderErrorKind.Rejected"/>;
/// DeepSeek's <c>insufficient_system_resource</c> stop is <see cref="ProviderErrorKind.Transient"/>.
/// </summary>
internal sealed class DeepSeekChatClient(IChatClient inner, OpenAICompatibleErrorTranslator errors, ILogger logger) : DelegatingChatClient(inner)
{
    /// <summary>Operation name used in exceptions and logs.</summary>
    public const string Operation = "chat.completions";

    /// <summary>Start of the system message that carries the schema.</summary>
    internal const string SchemaInstruction = "Reply with a single JSON object and nothing else. It must match this JSON schema exactly: every required property present, no other properties, values of the stated types and enums.";

    /// <summary>The system message added when JSON is asked for without a schema.</summary>
    internal const string JsonInstruction = "Reply with a single JSON object and nothing else.";

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var (conversation, jsonOptions) = ToJsonMode(messages, options);
        ChatResponse response;
        try
        {
            response = await base.GetResponseAsync(conversation, jsonOptions, cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentOutOfRangeException exception) when (!cancellationToken.IsCancellationRequested)
        {
            // The OpenAI SDK refuses values it does not know while reading a response (DeepSeek's own finish reasons).
            throw ProviderLog.Failed(logger, errors.Create(Operation, ProviderErrorKind.InvalidResponse, $"the response could not be read: {exception.Message}"));
        }
        catch (Exception exception) when (errors.TryTranslate(exception, Operation, cancellationToken, out var translated))
        {
            throw ProviderLog.Failed(logger, translated);
        }

        EnsureUsable(response);
        return response;
    }

    /// <summary>Streams the buffered response, so both paths get the same JSON mode, checks and error translation.</summary>
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        foreach (var update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    /// <summary>
    /// Replaces a JSON-schema format with JSON mode plus the schema in a leading system message; never mutates the
    /// caller's messages or options.
    /// </summary>
    internal static (IEnumerable<ChatMessage> Messages, ChatOptions? Options) ToJsonMode(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        if (options?.ResponseFormat is not ChatResponseFormatJson format)
        {
            return (messages, options);
        }

        var instruction = format.Schema is { } schema
            ? $"{SchemaInstruction}\n```json\n{schema.GetRawText()}\n```"
            : JsonInstruction;
        var jsonOptions = options.Clone();
        jsonOptions.ResponseFormat = ChatResponseFormat.Json;
        return ([new ChatMessage(ChatRole.System, instruction), .. messages], jsonOptions);
    }

    private void EnsureUsable(ChatResponse response)
    {
        if (response.FinishReason == ChatFinishReason.Length)
        {
            throw ProviderLog.Failed(logger, errors.Create(Operation, ProviderErrorKind.InvalidResponse, "the response is incomplete: it reached max_tokens (finish_reason length)"));
        }

        if (response.FinishReason == ChatFinishReason.ContentFilter)
        {
            throw ProviderLog.Failed(logger, errors.Create(Operation, ProviderErrorKind.Rejected, "the response was stopped by the content filter"));
        }

        if (response.FinishReason is { } reason && reason.Value == "insufficient_system_resource")
        {
            throw ProviderLog.Failed(logger, errors.Create(Operation, ProviderErrorKind.Transient, "DeepSeek stopped the response: insufficient system resource"));
        }

        if (string.IsNullOrWhiteSpace(response.Text))
        {
            throw ProviderLog.Failed(logger, errors.Create(Operation, ProviderErrorKind.InvalidResponse, "the response has no output text"));
        }
    }
}
