using System.Runtime.CompilerServices;
using Leadora.Ports;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using OpenAI.Responses;

namespace Leadora.Providers;

/// <summary>
/// Wraps the Microsoft.Extensions.AI adapter over OpenAI's Responses API: asks for strict structured output when a
/// JSON schema is given, turns failures into <see cref="ProviderException"/>s, and refuses responses that cannot
/// be used (truncated, filtered or empty).
/// </summary>
internal sealed class OpenAIResponsesChatClient(IChatClient inner, OpenAICompatibleErrorTranslator errors, ILogger logger) : DelegatingChatClient(inner)
{
    /// <summary>Operation name used in exceptions and logs.</summary>
    public const string Operation = "responses";

    /// <summary>
    /// The <see cref="ChatOptions.AdditionalProperties"/> key the OpenAI adapter reads to send
    /// <c>"strict": true</c> in <c>text.format</c>.
    /// </summary>
    internal const string StrictKey = "strict";

    /// <summary>The schema name sent when the caller gave none (OpenAI requires one).</summary>
    internal const string DefaultSchemaName = "json_schema";

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ChatResponse response;
        try
        {
            response = await base.GetResponseAsync(messages, WithStrictSchema(options), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (errors.TryTranslate(exception, Operation, cancellationToken, out var translated))
        {
            throw ProviderLog.Failed(logger, translated);
        }

        EnsureUsable(response);
        return response;
    }

    /// <summary>
    /// Streams the buffered response. Every Leadora call asks for one structured JSON document that must be validated as a
    /// whole, so partial updates add nothing; one non-streaming call keeps the same strictness, checks and error
    /// translation on both paths.
    /// </summary>
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        foreach (var update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    /// <summary>
    /// Returns options that ask for strict schema adherence when a JSON schema is given; never mutates the caller's
    /// options. Two things are set:
    /// <list type="bullet">
    /// <item>the raw <c>text.format</c> with the caller's schema byte for byte and <c>strict: true</c>. Without it the
    /// adapter rewrites the schema for strict mode and moves keywords OpenAI has enforced since 2025 (<c>minItems</c>,
    /// <c>maxItems</c>, <c>pattern</c>, <c>minimum</c>…) into <c>description</c>, so the model is no longer held to them;</item>
    /// <item>the <c>strict</c> additional property, which is what the adapter reads when it builds the format itself.</item>
    /// </list>
    /// </summary>
    internal static ChatOptions? WithStrictSchema(ChatOptions? options)
    {
        if (options?.ResponseFormat is not ChatResponseFormatJson { Schema: { } schema } format)
        {
            return options;
        }

        var strict = options.Clone();
        strict.AdditionalProperties = options.AdditionalProperties is { } existing ? new AdditionalPropertiesDictionary(existing) : [];
        strict.AdditionalProperties[StrictKey] = true;

        var callerFactory = options.RawRepresentationFactory;
        var name = format.SchemaName ?? DefaultSchemaName;
        var schemaJson = BinaryData.FromString(schema.GetRawText());
        strict.RawRepresentationFactory = client =>
        {
            // OPENAI001: the Responses request types are marked for evaluation in OpenAI 2.x; they are the API this provider is built on.
#pragma warning disable OPENAI001
            var request = callerFactory?.Invoke(client) as CreateResponseOptions ?? new CreateResponseOptions();
            request.TextOptions ??= new ResponseTextOptions();
            request.TextOptions.TextFormat ??= ResponseTextFormat.CreateJsonSchemaFormat(name, schemaJson, format.SchemaDescription, jsonSchemaIsStrict: true);
#pragma warning restore OPENAI001
            return request;
        };
        return strict;
    }

    private void EnsureUsable(ChatResponse response)
    {
        if (response.FinishReason == ChatFinishReason.Length)
        {
            throw ProviderLog.Failed(logger, errors.Create(Operation, ProviderErrorKind.InvalidResponse, "the response is incomplete: it reached max_output_tokens"));
        }

        if (response.FinishReason == ChatFinishReason.ContentFilter)
        {
            throw ProviderLog.Failed(logger, errors.Create(Operation, ProviderErrorKind.Rejected, "the response was stopped by the content filter"));
        }

        if (response.Messages.SelectMany(m => m.Contents).OfType<ErrorContent>().FirstOrDefault() is { } error)
        {
            throw ProviderLog.Failed(logger, errors.Create(Operation, ProviderErrorKind.Rejected, $"the model refused: {error.Message}"));
        }

        var calledFunction = response.Messages.SelectMany(m => m.Contents).Any(c => c is FunctionCallContent);
        if (string.IsNullOrWhiteSpace(response.Text) && !calledFunction)
        {
            throw ProviderLog.Failed(logger, errors.Create(Operation, ProviderErrorKind.InvalidResponse, "the response has no output text"));
        }
    }
}
