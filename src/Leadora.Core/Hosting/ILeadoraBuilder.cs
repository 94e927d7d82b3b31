using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Leadora.Ports;

namespace Leadora;

/// <summary>Configures Leadora's providers and storage. Returned by <c>services.AddLeadora(...)</c>.</summary>
public interface ILeadoraBuilder
{
    /// <summary>The service collection.</summary>
    IServiceCollection Services { get; }

    /// <summary>The <c>Leadora</c> configuration section, with the seed's flat environment variable names (such as <c>OPENAI_API_KEY</c>) mapped into it.</summary>
    IConfiguration Configuration { get; }
}

/// <summary>An LLM provider for one tier. Several for the same tier form a fallback chain in registration order.</summary>
/// <param name="Name">Provider name used in the usage ledger, for example <c>openai</c>.</param>
/// <param name="Tier">The tier it serves.</param>
/// <param name="Create">Creates the raw client; Leadora adds validation, usage accounting and fallback around it.</param>
public sealed record ChatProviderRegistration(string Name, ModelTier Tier, Func<IServiceProvider, IChatClient> Create);

/// <summary>The embedding provider (only one: vectors from different models are not comparable).</summary>
/// <param name="Name">Provider name.</param>
/// <param name="Create">Creates the raw generator; Leadora adds batching and usage accounting around it.</param>
/// <param name="MaxBatchSize">Most inputs the provider accepts in one call (OpenAI: 2048).</param>
public sealed record EmbeddingProviderRegistration(string Name, Func<IServiceProvider, IEmbeddingGenerator<string, Embedding<float>>> Create, int MaxBatchSize);

/// <summary>A places provider. Several form a fallback chain in registration order.</summary>
/// <param name="Name">Provider name.</param>
/// <param name="Create">Creates the raw adapter.</param>
public sealed record PlacesProviderRegistration(string Name, Func<IServiceProvider, IPlacesSearch> Create);

/// <summary>A web-search provider. Several form a fallback chain in registration order.</summary>
/// <param name="Name">Provider name.</param>
/// <param name="Create">Creates the raw adapter.</param>
public sealed record WebSearchProviderRegistration(string Name, Func<IServiceProvider, IWebSearch> Create);

/// <summary>Registration helpers used by provider and storage packages.</summary>
public static class LeadoraBuilderExtensions
{
    /// <summary>Adds an LLM provider for a tier.</summary>
    public static ILeadoraBuilder AddChatProvider(this ILeadoraBuilder builder, string name, ModelTier tier, Func<IServiceProvider, IChatClient> create)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton(new ChatProviderRegistration(name, tier, create));
        return builder;
    }

    /// <summary>Sets the embedding provider, replacing any earlier one.</summary>
    public static ILeadoraBuilder SetEmbeddingProvider(this ILeadoraBuilder builder, string name, Func<IServiceProvider, IEmbeddingGenerator<string, Embedding<float>>> create, int maxBatchSize = 2048)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchSize, 1);
        builder.Services.RemoveAll<EmbeddingProviderRegistration>();
        builder.Services.AddSingleton(new EmbeddingProviderRegistration(name, create, maxBatchSize));
        return builder;
    }

    /// <summary>Adds a places provider.</summary>
    public static ILeadoraBuilder AddPlacesProvider(this ILeadoraBuilder builder, string name, Func<IServiceProvider, IPlacesSearch> create)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton(new PlacesProviderRegistration(name, create));
        return builder;
    }

    /// <summary>Adds a web-search provider.</summary>
    public static ILeadoraBuilder AddWebSearchProvider(this ILeadoraBuilder builder, string name, Func<IServiceProvider, IWebSearch> create)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton(new WebSearchProviderRegistration(name, create));
        return builder;
    }

    private static void RemoveAll<T>(this IServiceCollection services)
    {
        for (var i = services.Count - 1; i >= 0; i--)
        {
            if (services[i].ServiceType == typeof(T))
            {
                services.RemoveAt(i);
            }
        }
    }
}

/// <summary>Registered by <c>EnqueueOnly()</c>: this host runs no jobs, so it needs no providers.</summary>
public sealed class EnqueueOnlyMarker;
