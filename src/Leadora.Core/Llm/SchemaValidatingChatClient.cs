using System.Runtime.CompilerServices;
using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NJsonSchema;

namespace Leadora.Llm;

/// <summary>
/// Validates JSON-schema replies with NJsonSchema. An invalid reply gets exactly one repair attempt (the model sees its
/// reply and the problems); a second invalid reply throws <see cref="StructuredOutputException"/>, which a fallback chain
/// treats as a reason to try the next provider.
/// </summary>
public sealed partial class SchemaValidatingChatClient : DelegatingChatClient
{
    /// <summary>Start of the repair message (the sandbox recognizes it).</summary>
    public const string RepairPrefix = "Your previous reply did not match the JSON schema";

    private const int MaxCachedSchemas = 256;
    private static readonly ConcurrentDictionary<string, Lazy<Task<JsonSchema>>> ParsedSchemas = new(StringComparer.Ordinal);
    private readonly ILogger _logger;

    /// <summary>Wraps <paramref name="innerClient"/>.</summary>
    public SchemaValidatingChatClient(IChatClient innerClient, ILogger? logger = null)
        : base(innerClient)
    {
        _logger = logger ?? NullLogger.Instance;
    }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (options?.ResponseFormat is not ChatResponseFormatJson { Schema: { } schemaElement } format)
        {
            return await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }

        var schemaName = format.SchemaName ?? "reply";
        var schema = await ParseAsync(schemaElement).ConfigureAwait(false);
        var conversation = messages.ToList();
        var response = await base.GetResponseAsync(conversation, options, cancellationToken).ConfigureAwait(false);
        var problems = Validate(schema, response.Text);
        if (problems.Count == 0)
        {
            return response;
        }

        LogRepair(_logger, schemaName, problems.Count);
        conversation.Add(new ChatMessage(ChatRole.Assistant, response.Text));
        conversation.Add(RepairRequest(problems));
        var repaired = await base.GetResponseAsync(conversation, options, cancellationToken).ConfigureAwait(false);
        var remaining = Validate(schema, repaired.Text);
        if (remaining.Count > 0)
        {
            throw new StructuredOutputException(schemaName, remaining);
        }

        return repaired;
    }

    /// <summary>
    /// Streams with the same checks as <see cref="GetResponseAsync"/>. With a JSON schema the reply is only useful as a
    /// whole, so the inner stream is read to its end and validated (with the one repair) before any update is passed on:
    /// a caller never sees a reply that fails the schema. Without a schema updates pass straight through.
    /// </summary>
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (options?.ResponseFormat is not ChatResponseFormatJson { Schema: { } schemaElement } format)
        {
            await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
            {
                yield return update;
            }

            yield break;
        }

        var schemaName = format.SchemaName ?? "reply";
        var schema = await ParseAsync(schemaElement).ConfigureAwait(false);
        var conversation = messages.ToList();
        var updates = await ReadAllAsync(conversation, options, cancellationToken).ConfigureAwait(false);
        var text = updates.ToChatResponse().Text;
        var problems = Validate(schema, text);
        if (problems.Count > 0)
        {
            LogRepair(_logger, schemaName, problems.Count);
            conversation.Add(new ChatMessage(ChatRole.Assistant, text));
            conversation.Add(RepairRequest(problems));
            updates = await ReadAllAsync(conversation, options, cancellationToken).ConfigureAwait(false);
            var remaining = Validate(schema, updates.ToChatResponse().Text);
            if (remaining.Count > 0)
            {
                throw new StructuredOutputException(schemaName, remaining);
            }
        }

        foreach (var update in updates)
        {
            yield return update;
        }
    }

    private async Task<List<ChatResponseUpdate>> ReadAllAsync(IReadOnlyList<ChatMessage> conversation, ChatOptions? options, CancellationToken cancellationToken)
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in base.GetStreamingResponseAsync(conversation, options, cancellationToken).ConfigureAwait(false))
        {
            updates.Add(update);
        }

        return updates;
    }

    private static ChatMessage RepairRequest(IReadOnlyList<string> problems) => new(ChatRole.User,
        $"{RepairPrefix}. Problems: {string.Join("; ", problems.Take(10))}. Reply again with only a JSON document that matches the schema exactly.");

    /// <summary>Problems of <paramref name="text"/> against <paramref name="schema"/>; empty when it is valid.</summary>
    internal static IReadOnlyList<string> Validate(JsonSchema schema, string? text)
    {
        var json = StructuredOutput.ExtractJson(text);
        if (json.Length == 0)
        {
            return ["the reply was empty"];
        }

        try
        {
            using var _ = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            return [$"the reply is not valid JSON ({ex.Message})"];
        }

        return schema.Validate(json).Select(e => $"{e.Path}: {e.Kind}").ToList();
    }

    internal static Task<JsonSchema> ParseAsync(JsonElement schema)
    {
        var text = schema.GetRawText();
        if (ParsedSchemas.Count > MaxCachedSchemas)
        {
            // Market schemas embed each search's source URLs, so the set of schemas is open-ended: keep the cache bounded.
            ParsedSchemas.Clear();
        }

        return ParsedSchemas.GetOrAdd(text, static t => new Lazy<Task<JsonSchema>>(() => JsonSchema.FromJsonAsync(t))).Value;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "LLM reply for {SchemaName} failed schema validation with {ProblemCount} problems; asking once for a repair")]
    private static partial void LogRepair(ILogger logger, string schemaName, int problemCount);
}
