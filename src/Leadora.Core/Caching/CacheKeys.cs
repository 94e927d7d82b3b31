using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Leadora.Ports;
using Microsoft.Extensions.AI;

namespace Leadora.Caching;

/// <summary>
/// Normalized request keys for the response cache. Equivalent requests (case, spacing) share a key; keys never contain
/// the request text itself (prompts are hashed), so cache rows hold no more than the responses do.
/// </summary>
public static class CacheKeys
{
    /// <summary>Key of a places query.</summary>
    public static string For(PlacesQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return $"places:{query.Country.ToUpperInvariant()}:{query.Page}:{query.Language ?? "-"}:{Hash(Normalize(query.Text))}";
    }

    /// <summary>Key of a web search.</summary>
    public static string For(WebSearchQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return $"search:{query.Country.ToUpperInvariant()}:{query.Page}:{query.Count}:{query.Language ?? "-"}:{Hash(Normalize(query.Text))}";
    }

    /// <summary>Key of an LLM call: operation, model, every message's role and text, and the requested response format.</summary>
    public static string For(string operation, string? model, IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var builder = new StringBuilder();
        builder.Append(model).Append('\u001f');
        foreach (var message in messages)
        {
            builder.Append(message.Role.Value).Append('\u001e').Append(message.Text).Append('\u001f');
        }

        if (options?.ResponseFormat is ChatResponseFormatJson json)
        {
            builder.Append(json.SchemaName).Append('\u001e').Append(json.Schema?.GetRawText());
        }

        return $"llm:{operation}:{Hash(builder.ToString())}";
    }

    /// <summary>Key of one text's embedding under a model and dimension count.</summary>
    public static string ForEmbedding(string? model, int? dimensions, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return $"embedding:{model ?? "-"}:{dimensions?.ToString(CultureInfo.InvariantCulture) ?? "-"}:{Hash(text)}";
    }

    private static string Normalize(string text) =>
        string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();

    private static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}
