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
        conversation.Add(new ChatMessage(ChatRole.User,
            $"{RepairPrefix}. Problems: {string.Join("; ", problems.Take(10))}. Reply again with only a JSON document that matches the schema exactly."));
        var repaired = await base.GetResponseAsync(conversation, options, cancellationToken).ConfigureAwait(false);
        var remaining = Validate(schema, repaired.Text);
        if (remaining.Count > 0)
        {
            throw new StructuredOutputException(schemaName, remaining);
        }

        return repaired;
    }

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
