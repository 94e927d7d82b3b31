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
/// The one place the provider-facing services are composed from the registered adapters. Every port is built the same way
/// (see <see cref="ProviderPipelineExtensions"/> for the order, outside in): user port steps, response cache, fallback
/// chain, then per provider the port's own shaping (schema validation, batching), the spending guard with usage
/// accounting and telemetry (<see cref="IProviderUsage"/>), user per-provider steps, and the raw adapter. A new
/// cross-cutting concern goes here, or in a <c>Configure…</c> call, never into an adapter.
/// </summary>
internal static class ProviderComposition
{
    public static string ChatOperation(ModelTier tier) =>
        "chat." + tier switch { ModelTier.Primary => "primary", ModelTier.Light => "light", _ => "ultra_light" };

    public static IChatClient Chat(IServiceProvider services, ModelTier tier)
    {
        EnsureValid(services);
        var operation = ChatOperation(tier);
        var usage = services.GetRequiredService<IProviderUsage>();
        var loggers = services.GetRequiredService<ILoggerFactory>();
        var steps = Steps<ChatClientBuilder>(services, tier);
        var chain = services.GetServices<ChatProviderRegistration>()
            .Where(r => r.Tier == tier)
            .Select(r =>
            {
                var provider = new ChatClientBuilder(r.Create(services))
                    .Use(inner => new SchemaValidatingChatClient(inner, loggers.CreateLogger<SchemaValidatingChatClient>()))
                    .Use(inner => new UsageTrackingChatClient(inner, r.Name, operation, usage));
                Apply(steps, StepPlacement.EachProvider, provider, new ProviderStepContext(services, operation, tier, r.Name));
                return (r.Name, provider.Build(services));
            })
            .ToList();
        var port = new ChatClientBuilder(chain.Count == 1
            ? chain[0].Item2
            : new FallbackChatClient(new FallbackChain<IChatClient>(chain, operation, services.GetRequiredService<SearchWarnings>(), loggers.CreateLogger("Leadora.Fallback"))));
        Apply(steps, StepPlacement.Port, port, new ProviderStepContext(services, operation, tier, null));
        if (Cache(services) is { } cache)
        {
            port.Use(inner => new ResponseCachingChatClient(inner, operation, cache.Access, cache.Options.LlmTimeToLive));
        }

        return port.Build(services);
    }

    public static IEmbeddingGenerator<string, Embedding<float>> Embeddings(IServiceProvider services)
    {
        EnsureValid(services);
        const string operation = UsageTrackingEmbeddingGenerator.Operation;
        var registration = services.GetServices<EmbeddingProviderRegistration>().Last();
        var usage = services.GetRequiredService<IProviderUsage>();
        var steps = Steps<EmbeddingGeneratorBuilder<string, Embedding<float>>>(services, null);
        var provider = new EmbeddingGeneratorBuilder<string, Embedding<float>>(registration.Create(services))
            .Use(inner => new BatchingEmbeddingGenerator(inner, registration.MaxBatchSize))
            .Use(inner => new UsageTrackingEmbeddingGenerator(inner, registration.Name, usage));
        Apply(steps, StepPlacement.EachProvider, provider, new ProviderStepContext(services, operation, null, registration.Name));
        var port = new EmbeddingGeneratorBuilder<string, Embedding<float>>(provider.Build(services));
        Apply(steps, StepPlacement.Port, port, new ProviderStepContext(services, operation, null, null));
        if (Cache(services) is { } cache && registration.Name != HashingEmbeddingGenerator.ProviderName)
        {
            port.Use(inner => new ResponseCachingEmbeddingGenerator(inner, registration.Name, cache.Access, cache.Options.EmbeddingsTimeToLive));
        }

        return port.Build(services);
    }

    public static IPlacesSearch Places(IServiceProvider services) =>
        Search<IPlacesSearch, PlacesProviderRegistration>(
            services, UsageTrackingPlacesSearch.Operation, r => (r.Name, r.Create),
            (inner, name, usage) => new UsageTrackingPlacesSearch(inner, name, usage),
            chain => new FallbackPlacesSearch(chain),
            (inner, cache) => new ResponseCachingPlacesSearch(inner, cache.Access, cache.Options.PlacesTimeToLive));

    public static IWebSearch Web(IServiceProvider services) =>
        Search<IWebSearch, WebSearchProviderRegistration>(
            services, UsageTrackingWebSearch.Operation, r => (r.Name, r.Create),
            (inner, name, usage) => new UsageTrackingWebSearch(inner, name, usage),
            chain => new FallbackWebSearch(chain),
            (inner, cache) => new ResponseCachingWebSearch(inner, cache.Access, cache.Options.SearchTimeToLive));

    private static TService Search<TService, TRegistration>(
        IServiceProvider services,
        string operation,
        Func<TRegistration, (string Name, Func<IServiceProvider, TService> Create)> describe,
        Func<TService, string, IProviderUsage, TService> track,
        Func<FallbackChain<TService>, TService> fallback,
        Func<TService, (ResponseCacheAccess Access, CacheOptions Options), TService> cached)
        where TService : class
    {
        EnsureValid(services);
        var usage = services.GetRequiredService<IProviderUsage>();
        var steps = Steps<PortBuilder<TService>>(services, null);
        var chain = services.GetServices<TRegistration>()
            .Select(describe)
            .Select(r =>
            {
                var provider = new PortBuilder<TService>(r.Create(services)).Use(inner => track(inner, r.Name, usage));
                Apply(steps, StepPlacement.EachProvider, provider, new ProviderStepContext(services, operation, null, r.Name));
                return (r.Name, provider.Build(services));
            })
            .ToList();
        var port = new PortBuilder<TService>(chain.Count == 1
            ? chain[0].Item2
            : fallback(new FallbackChain<TService>(chain, operation, services.GetRequiredService<SearchWarnings>(), services.GetRequiredService<ILoggerFactory>().CreateLogger("Leadora.Fallback"))));
        Apply(steps, StepPlacement.Port, port, new ProviderStepContext(services, operation, null, null));
        if (Cache(services) is { } cache)
        {
            port.Use(inner => cached(inner, cache));
        }

        return port.Build(services);
    }

    private static List<PipelineStep<TBuilder>> Steps<TBuilder>(IServiceProvider services, ModelTier? tier) =>
        services.GetServices<PipelineStep<TBuilder>>().Where(s => s.Tier is null || s.Tier == tier).ToList();

    private static void Apply<TBuilder>(List<PipelineStep<TBuilder>> steps, StepPlacement placement, TBuilder builder, ProviderStepContext context)
    {
        foreach (var step in steps.Where(s => s.Placement == placement))
        {
            step.Configure(builder, context);
        }
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
