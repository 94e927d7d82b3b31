using Leadora.Caching;
using Leadora.Embeddings;
using Leadora.Llm;
using Leadora.Ports;
using Leadora.Resilience;
using Leadora.Usage;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Leadora.Hosting;

/// <summary>
/// Builds the provider-facing services from the registered adapters, adding the cross-cutting behaviour in one place.
/// From the outside in: the response cache (so a cached answer from any provider in a chain is reused), the fallback
/// chain where a port has several providers, schema validation with one repair around every LLM, batching around the
/// embedder, and usage accounting with the spending guard around every raw adapter.
/// </summary>
internal static class ProviderComposition
{
    public static IChatClient Chat(IServiceProvider services, ModelTier tier)
    {
        EnsureValid(services);
        var operation = "chat." + tier switch { ModelTier.Primary => "primary", ModelTier.Light => "light", _ => "ultra_light" };
        var recorder = services.GetRequiredService<UsageRecorder>();
        var loggers = services.GetRequiredService<ILoggerFactory>();
        var chain = services.GetServices<ChatProviderRegistration>()
            .Where(r => r.Tier == tier)
            .Select(r => (r.Name, (IChatClient)new SchemaValidatingChatClient(
                new UsageTrackingChatClient(r.Create(services), r.Name, operation, recorder),
                loggers.CreateLogger<SchemaValidatingChatClient>())))
            .ToList();
        var client = chain.Count == 1
            ? chain[0].Item2
            : new FallbackChatClient(new FallbackChain<IChatClient>(chain, operation, services.GetRequiredService<SearchWarnings>(), loggers.CreateLogger("Leadora.Fallback")));
        return Cache(services) is { } cache ? new ResponseCachingChatClient(client, operation, cache.Access, cache.Options.LlmTimeToLive) : client;
    }

    public static IEmbeddingGenerator<string, Embedding<float>> Embeddings(IServiceProvider services)
    {
        EnsureValid(services);
        var registration = services.GetServices<EmbeddingProviderRegistration>().Last();
        var tracked = new UsageTrackingEmbeddingGenerator(registration.Create(services), registration.Name, services.GetRequiredService<UsageRecorder>());
        var batched = new BatchingEmbeddingGenerator(tracked, registration.MaxBatchSize);
        return Cache(services) is { } cache && registration.Name != HashingEmbeddingGenerator.ProviderName
            ? new ResponseCachingEmbeddingGenerator(batched, registration.Name, cache.Access, cache.Options.EmbeddingsTimeToLive)
            : batched;
    }

    public static IPlacesSearch Places(IServiceProvider services)
    {
        EnsureValid(services);
        var recorder = services.GetRequiredService<UsageRecorder>();
        var chain = services.GetServices<PlacesProviderRegistration>()
            .Select(r => (r.Name, (IPlacesSearch)new UsageTrackingPlacesSearch(r.Create(services), r.Name, recorder)))
            .ToList();
        var places = chain.Count == 1
            ? chain[0].Item2
            : new FallbackPlacesSearch(new FallbackChain<IPlacesSearch>(chain, UsageTrackingPlacesSearch.Operation, services.GetRequiredService<SearchWarnings>(), services.GetRequiredService<ILoggerFactory>().CreateLogger("Leadora.Fallback")));
        return Cache(services) is { } cache ? new ResponseCachingPlacesSearch(places, cache.Access, cache.Options.PlacesTimeToLive) : places;
    }

    public static IWebSearch Web(IServiceProvider services)
    {
        EnsureValid(services);
        var recorder = services.GetRequiredService<UsageRecorder>();
        var chain = services.GetServices<WebSearchProviderRegistration>()
            .Select(r => (r.Name, (IWebSearch)new UsageTrackingWebSearch(r.Create(services), r.Name, recorder)))
            .ToList();
        var web = chain.Count == 1
            ? chain[0].Item2
            : new FallbackWebSearch(new FallbackChain<IWebSearch>(chain, UsageTrackingWebSearch.Operation, services.GetRequiredService<SearchWarnings>(), services.GetRequiredService<ILoggerFactory>().CreateLogger("Leadora.Fallback")));
        return Cache(services) is { } cache ? new ResponseCachingWebSearch(web, cache.Access, cache.Options.SearchTimeToLive) : web;
    }

    private static (ResponseCacheAccess Access, CacheOptions Options)? Cache(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<LeadoraOptions>>().Value.Cache;
        return options.Enabled ? (services.GetRequiredService<ResponseCacheAccess>(), options) : null;
    }

    /// <summary>Reading the options runs start-up validation, which names any missing provider before composition fails.</summary>
    private static void EnsureValid(IServiceProvider services)
    {
        if (services.GetService<EnqueueOnlyMarker>() is not null)
        {
            throw new InvalidOperationException(
                "This host was composed with EnqueueOnly(): it starts, reads and cancels searches, and workers run their jobs. It has no providers, so it cannot run a job itself.");
        }

        _ = services.GetRequiredService<IOptions<LeadoraOptions>>().Value;
    }
}
