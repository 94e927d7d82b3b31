using System.Runtime.InteropServices;
using System.Text.Json;
using Leadora.Llm;
using Leadora.Ports;
using Leadora.Usage;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Leadora.Caching;

/// <summary>
/// Reads and writes the response cache for the caching decorators. A cache that fails is logged and bypassed: the
/// request then goes to the providers as if there were no cache.
/// </summary>
public sealed partial class ResponseCacheAccess(IResponseCache cache, UsageRecorder recorder, SearchWarnings warnings, ILogger<ResponseCacheAccess> logger)
{
    /// <summary>The cached payload, or <see langword="null"/> on a miss or a cache failure.</summary>
    public async Task<CachedResponse?> GetAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            return await cache.GetAsync(key, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogCacheFailed(logger, "read", ex.GetType().Name);
            return null;
        }
    }

    /// <summary>Stores a payload; failures are logged, not thrown.</summary>
    public async Task SetAsync(string key, string source, string payload, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        try
        {
            await cache.SetAsync(key, source, payload, timeToLive, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogCacheFailed(logger, "write", ex.GetType().Name);
        }
    }

    /// <summary>The cached payloads among <paramref name="keys"/>; empty on a cache failure.</summary>
    public async Task<IReadOnlyDictionary<string, CachedResponse>> GetManyAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        try
        {
            return await cache.GetManyAsync(keys, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogCacheFailed(logger, "read", ex.GetType().Name);
            return new Dictionary<string, CachedResponse>();
        }
    }

    /// <summary>Stores several payloads; failures are logged, not thrown.</summary>
    public async Task SetManyAsync(IReadOnlyList<(string Key, string Payload)> entries, string source, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        try
        {
            await cache.SetManyAsync(entries, source, timeToLive, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogCacheFailed(logger, "write", ex.GetType().Name);
        }
    }

    /// <summary>Records a cache hit in the usage ledger, and (once per search) as an informational warning.</summary>
    public async Task RecordHitAsync(string source, string operation, string? model, int items)
    {
        await recorder.RecordCacheHitAsync(source, operation, model, items, CancellationToken.None).ConfigureAwait(false);
        await warnings.AddAsync(WarningCodes.CacheUsed, "Some provider responses were reused from the response cache; see the cache hits in usage.", "cache", CancellationToken.None).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Response cache {Action} failed ({ErrorType}); continuing without the cache")]
    private static partial void LogCacheFailed(ILogger logger, string action, string errorType);
}

/// <summary>Answers repeated LLM calls (same operation, model, messages and response format) from the cache.</summary>
public sealed class ResponseCachingChatClient(IChatClient innerClient, string operation, ResponseCacheAccess cache, TimeSpan timeToLive)
    : DelegatingChatClient(innerClient)
{
    private sealed record Entry(string Text, string? ModelId, long InputTokens, long OutputTokens);

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var conversation = messages as IReadOnlyList<ChatMessage> ?? messages.ToList();
        var model = options?.ModelId ?? InnerClient.GetService<ChatClientMetadata>()?.DefaultModelId;
        var key = CacheKeys.For(operation, model, conversation, options);
        if (await cache.GetAsync(key, cancellationToken).ConfigureAwait(false) is { } hit
            && JsonSerializer.Deserialize<Entry>(hit.Payload, StructuredOutput.SerializerOptions) is { } entry)
        {
            await cache.RecordHitAsync(hit.Source, operation, entry.ModelId, 1).ConfigureAwait(false);
            return new ChatResponse(new ChatMessage(ChatRole.Assistant, entry.Text))
            {
                ModelId = entry.ModelId,
                AdditionalProperties = new() { [UsageTrackingChatClient.ProviderProperty] = hit.Source, ["leadora.cache_hit"] = true },
            };
        }

        var response = await base.GetResponseAsync(conversation, options, cancellationToken).ConfigureAwait(false);
        var source = response.AdditionalProperties?.TryGetValue(UsageTrackingChatClient.ProviderProperty, out var name) == true ? name as string : null;
        var payload = JsonSerializer.Serialize(new Entry(response.Text, response.ModelId, response.Usage?.InputTokenCount ?? 0, response.Usage?.OutputTokenCount ?? 0), StructuredOutput.SerializerOptions);
        await cache.SetAsync(key, source ?? "unknown", payload, timeToLive, cancellationToken).ConfigureAwait(false);
        return response;
    }
}

/// <summary>
/// Reuses embeddings text by text (same model and dimensions): only texts not in the cache go to the provider, in one
/// call, so re-running a search embeds nothing twice however its batches are composed.
/// </summary>
public sealed class ResponseCachingEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> innerGenerator, string provider, ResponseCacheAccess cache, TimeSpan timeToLive)
    : DelegatingEmbeddingGenerator<string, Embedding<float>>(innerGenerator)
{
    /// <inheritdoc />
    public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var texts = values as IReadOnlyList<string> ?? values.ToList();
        var metadata = InnerGenerator.GetService<EmbeddingGeneratorMetadata>();
        var model = options?.ModelId ?? metadata?.DefaultModelId;
        var keys = texts.Select(t => CacheKeys.ForEmbedding(model, options?.Dimensions ?? metadata?.DefaultModelDimensions, t)).ToList();
        var cached = await cache.GetManyAsync(keys, cancellationToken).ConfigureAwait(false);

        var vectors = new ReadOnlyMemory<float>?[texts.Count];
        var hits = 0;
        string? source = null;
        for (var i = 0; i < texts.Count; i++)
        {
            if (cached.TryGetValue(keys[i], out var entry) && Decode(entry.Payload) is { } vector)
            {
                vectors[i] = vector;
                source ??= entry.Source;
                hits++;
            }
        }

        var missing = Enumerable.Range(0, texts.Count).Where(i => vectors[i] is null).ToList();
        UsageDetails? usage = null;
        if (missing.Count > 0)
        {
            var fresh = await base.GenerateAsync(missing.Select(i => texts[i]).ToList(), options, cancellationToken).ConfigureAwait(false);
            usage = fresh.Usage;
            var entries = new List<(string Key, string Payload)>(missing.Count);
            for (var j = 0; j < missing.Count; j++)
            {
                vectors[missing[j]] = fresh[j].Vector;
                entries.Add((keys[missing[j]], Encode(fresh[j].Vector.Span)));
            }

            await cache.SetManyAsync(entries, provider, timeToLive, cancellationToken).ConfigureAwait(false);
        }

        if (hits > 0)
        {
            await cache.RecordHitAsync(source ?? provider, UsageTrackingEmbeddingGenerator.Operation, model, hits).ConfigureAwait(false);
        }

        var result = new GeneratedEmbeddings<Embedding<float>>(vectors.Select(v => new Embedding<float>(v!.Value) { ModelId = model })) { Usage = usage };
        return result;
    }

    private static string Encode(ReadOnlySpan<float> vector) => Convert.ToBase64String(MemoryMarshal.AsBytes(vector));

    private static ReadOnlyMemory<float>? Decode(string payload)
    {
        try
        {
            return MemoryMarshal.Cast<byte, float>(Convert.FromBase64String(payload)).ToArray();
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

/// <summary>Answers repeated places queries from the cache.</summary>
public sealed class ResponseCachingPlacesSearch(IPlacesSearch inner, ResponseCacheAccess cache, TimeSpan timeToLive) : IPlacesSearch
{
    /// <inheritdoc />
    public async Task<PlacesPage> SearchAsync(PlacesQuery query, CancellationToken cancellationToken = default)
    {
        var key = CacheKeys.For(query);
        if (await cache.GetAsync(key, cancellationToken).ConfigureAwait(false) is { } hit
            && JsonSerializer.Deserialize<PlacesPage>(hit.Payload, StructuredOutput.SerializerOptions) is { } cached)
        {
            await cache.RecordHitAsync(hit.Source, UsageTrackingPlacesSearch.Operation, null, cached.Places.Count).ConfigureAwait(false);
            return cached;
        }

        var page = await inner.SearchAsync(query, cancellationToken).ConfigureAwait(false);
        await cache.SetAsync(key, page.Provider, JsonSerializer.Serialize(page, StructuredOutput.SerializerOptions), timeToLive, cancellationToken).ConfigureAwait(false);
        return page;
    }
}

/// <summary>Answers repeated web searches from the cache. Empty pages are not cached.</summary>
public sealed class ResponseCachingWebSearch(IWebSearch inner, ResponseCacheAccess cache, TimeSpan timeToLive) : IWebSearch
{
    /// <inheritdoc />
    public async Task<WebSearchPage> SearchAsync(WebSearchQuery query, CancellationToken cancellationToken = default)
    {
        var key = CacheKeys.For(query);
        if (await cache.GetAsync(key, cancellationToken).ConfigureAwait(false) is { } hit
            && JsonSerializer.Deserialize<WebSearchPage>(hit.Payload, StructuredOutput.SerializerOptions) is { } cached)
        {
            await cache.RecordHitAsync(hit.Source, UsageTrackingWebSearch.Operation, null, cached.Results.Count).ConfigureAwait(false);
            return cached;
        }

        var page = await inner.SearchAsync(query, cancellationToken).ConfigureAwait(false);
        if (page.Results.Count > 0)
        {
            // An empty page may be a blocked or exhausted provider answering "nothing" with a warning; asking again is cheap.
            await cache.SetAsync(key, page.Provider, JsonSerializer.Serialize(page, StructuredOutput.SerializerOptions), timeToLive, cancellationToken).ConfigureAwait(false);
        }

        return page;
    }
}
