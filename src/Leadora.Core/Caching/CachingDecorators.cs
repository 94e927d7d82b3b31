using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;
using Leadora.Llm;
using Leadora.Ports;
using Leadora.Usage;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Leadora.Caching;

/// <summary>
/// Reads and writes the response cache for the caching decorators, always under the tenant of the current
/// <see cref="SearchContext"/> (<see cref="UsageRecorder.SystemTenant"/> outside a search), so one tenant is never served
/// another's entry whatever the adapter. A cache that fails is logged and bypassed: the request then goes to the
/// providers as if there were no cache.
/// </summary>
public sealed partial class ResponseCacheAccess(IResponseCache cache, IProviderUsage recorder, SearchWarnings warnings, ILogger<ResponseCacheAccess> logger)
{
    /// <summary>The tenant the current flow reads and writes the cache as.</summary>
    public static string CurrentTenant => SearchContext.Current?.TenantId ?? UsageRecorder.SystemTenant;

    /// <summary>The cached payload, or <see langword="null"/> on a miss or a cache failure.</summary>
    public async Task<CachedResponse?> GetAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            return await cache.GetAsync(CurrentTenant, key, cancellationToken).ConfigureAwait(false);
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
            await cache.SetAsync(CurrentTenant, key, source, payload, timeToLive, cancellationToken).ConfigureAwait(false);
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
            return await cache.GetManyAsync(CurrentTenant, keys, cancellationToken).ConfigureAwait(false);
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
            await cache.SetManyAsync(CurrentTenant, entries, source, timeToLive, cancellationToken).ConfigureAwait(false);
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

/// <summary>
/// Answers repeated LLM calls (same operation, model, messages and response format) from the cache, streamed or not:
/// a hit is replayed as updates without reaching the providers, and a streamed miss is stored once the stream completes.
/// </summary>
public sealed class ResponseCachingChatClient(IChatClient innerClient, string operation, ResponseCacheAccess cache, TimeSpan timeToLive)
    : DelegatingChatClient(innerClient)
{
    private const string CacheHitProperty = "leadora.cache_hit";

    private sealed record Entry(string Text, string? ModelId, long InputTokens, long OutputTokens);

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var conversation = messages as IReadOnlyList<ChatMessage> ?? messages.ToList();
        var key = KeyFor(conversation, options);
        if (await LookupAsync(key, cancellationToken).ConfigureAwait(false) is { } cached)
        {
            return cached;
        }

        var response = await base.GetResponseAsync(conversation, options, cancellationToken).ConfigureAwait(false);
        await StoreAsync(key, response, ProviderOf(response.AdditionalProperties), cancellationToken).ConfigureAwait(false);
        return response;
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var conversation = messages as IReadOnlyList<ChatMessage> ?? messages.ToList();
        var key = KeyFor(conversation, options);
        if (await LookupAsync(key, cancellationToken).ConfigureAwait(false) is { } cached)
        {
            foreach (var update in cached.ToChatResponseUpdates())
            {
                yield return update;
            }

            yield break;
        }

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in base.GetStreamingResponseAsync(conversation, options, cancellationToken).ConfigureAwait(false))
        {
            updates.Add(update);
            yield return update;
        }

        // Only a stream read to its end is stored: a partial reply must never be served as a whole one.
        var source = updates.Select(u => ProviderOf(u.AdditionalProperties)).LastOrDefault(p => p is not null);
        await StoreAsync(key, updates.ToChatResponse(), source, cancellationToken).ConfigureAwait(false);
    }

    private string KeyFor(IReadOnlyList<ChatMessage> conversation, ChatOptions? options) =>
        CacheKeys.For(operation, options?.ModelId ?? InnerClient.GetService<ChatClientMetadata>()?.DefaultModelId, conversation, options);

    private async Task<ChatResponse?> LookupAsync(string key, CancellationToken cancellationToken)
    {
        if (await cache.GetAsync(key, cancellationToken).ConfigureAwait(false) is not { } hit
            || JsonSerializer.Deserialize<Entry>(hit.Payload, StructuredOutput.SerializerOptions) is not { } entry)
        {
            return null;
        }

        await cache.RecordHitAsync(hit.Source, operation, entry.ModelId, 1).ConfigureAwait(false);
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, entry.Text))
        {
            ModelId = entry.ModelId,
            AdditionalProperties = new() { [UsageTrackingChatClient.ProviderProperty] = hit.Source, [CacheHitProperty] = true },
        };
    }

    private static string? ProviderOf(AdditionalPropertiesDictionary? properties) =>
        properties?.TryGetValue(UsageTrackingChatClient.ProviderProperty, out var name) == true ? name as string : null;

    private async Task StoreAsync(string key, ChatResponse response, string? source, CancellationToken cancellationToken)
    {
        var payload = JsonSerializer.Serialize(new Entry(response.Text, response.ModelId, response.Usage?.InputTokenCount ?? 0, response.Usage?.OutputTokenCount ?? 0), StructuredOutput.SerializerOptions);
        await cache.SetAsync(key, source ?? "unknown", payload, timeToLive, cancellationToken).ConfigureAwait(false);
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
