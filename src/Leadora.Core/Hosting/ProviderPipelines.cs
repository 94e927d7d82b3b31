using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Leadora;

/// <summary>Where a step added with one of the <c>Configure…</c> methods of <see cref="ProviderPipelineExtensions"/> sits.</summary>
public enum StepPlacement
{
    /// <summary>
    /// Around the whole port, outside the response cache and the fallback chain: the step sees every call the pipeline
    /// makes, including those the cache answers (logging, tracing, auditing, a per-tenant quota).
    /// </summary>
    Port,

    /// <summary>
    /// Around each raw provider adapter, inside the spending guard and usage accounting: the step sees only calls that are
    /// really sent to that provider (a rate limiter, a proxy, request signing). It runs once per provider in a fallback chain.
    /// </summary>
    EachProvider,
}

/// <summary>What a step is being composed for.</summary>
/// <param name="Services">The application's services.</param>
/// <param name="Operation">Operation name in the usage ledger: <c>chat.primary</c>, <c>chat.light</c>, <c>chat.ultra_light</c>, <c>embeddings</c>, <c>places</c> or <c>search</c>.</param>
/// <param name="Tier">The model tier, for chat steps.</param>
/// <param name="Provider">The provider the step wraps, for <see cref="StepPlacement.EachProvider"/> steps; <see langword="null"/> around the port.</param>
public sealed record ProviderStepContext(IServiceProvider Services, string Operation, ModelTier? Tier, string? Provider);

/// <summary>
/// Composes a non-AI port (<see cref="Ports.IPlacesSearch"/>, <see cref="Ports.IWebSearch"/>) from delegating steps, in the
/// style of Microsoft.Extensions.AI's <see cref="ChatClientBuilder"/>: the first step added is the outermost.
/// </summary>
/// <typeparam name="TService">The port.</typeparam>
public sealed class PortBuilder<TService>
    where TService : class
{
    private readonly TService _inner;
    private readonly List<Func<TService, IServiceProvider, TService>> _steps = [];

    /// <summary>Starts a pipeline around <paramref name="inner"/>.</summary>
    /// <param name="inner">The innermost service.</param>
    public PortBuilder(TService inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
    }

    /// <summary>Adds a step; steps added earlier wrap steps added later.</summary>
    /// <param name="step">Wraps the inner service.</param>
    /// <returns>This builder.</returns>
    public PortBuilder<TService> Use(Func<TService, TService> step)
    {
        ArgumentNullException.ThrowIfNull(step);
        return Use((inner, _) => step(inner));
    }

    /// <summary>Adds a step that needs services; steps added earlier wrap steps added later.</summary>
    /// <param name="step">Wraps the inner service.</param>
    /// <returns>This builder.</returns>
    public PortBuilder<TService> Use(Func<TService, IServiceProvider, TService> step)
    {
        ArgumentNullException.ThrowIfNull(step);
        _steps.Add(step);
        return this;
    }

    /// <summary>Builds the pipeline.</summary>
    /// <param name="services">Services passed to the steps.</param>
    /// <returns>The outermost service.</returns>
    public TService Build(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var service = _inner;
        for (var i = _steps.Count - 1; i >= 0; i--)
        {
            service = _steps[i](service, services) ?? throw new InvalidOperationException($"A step of the {typeof(TService).Name} pipeline returned null.");
        }

        return service;
    }
}

/// <summary>A user step registered for a port (see <see cref="ProviderPipelineExtensions"/>).</summary>
internal sealed record PipelineStep<TBuilder>(StepPlacement Placement, ModelTier? Tier, Action<TBuilder, ProviderStepContext> Configure);

/// <summary>
/// Adds your own steps to the pipelines Leadora composes for its provider ports. Leadora builds every port the same way;
/// from the outside in:
/// <list type="number">
/// <item>your <see cref="StepPlacement.Port"/> steps, in the order added;</item>
/// <item>the response cache (a hit from any provider in the chain is reused; streamed calls too);</item>
/// <item>the fallback chain, when the port has several providers;</item>
/// <item>per provider: schema validation with one repair (chat), batching (embeddings);</item>
/// <item>per provider: the spending guard and usage accounting with its span and metrics (<see cref="Ports.IProviderUsage"/>);</item>
/// <item>your <see cref="StepPlacement.EachProvider"/> steps, in the order added;</item>
/// <item>the raw provider adapter.</item>
/// </list>
/// Every step, Leadora's and yours, handles streaming chat calls as well as non-streaming ones.
/// </summary>
public static class ProviderPipelineExtensions
{
    /// <summary>Adds steps to the chat pipelines (every tier, or only <paramref name="tier"/>).</summary>
    /// <param name="builder">The Leadora builder.</param>
    /// <param name="configure">Adds steps, for example <c>(chat, _) =&gt; chat.Use(inner =&gt; new MyClient(inner))</c>.</param>
    /// <param name="placement">Around the port, or around each provider.</param>
    /// <param name="tier">Only this tier; every tier when <see langword="null"/>.</param>
    /// <returns>The builder.</returns>
    public static ILeadoraBuilder ConfigureChat(this ILeadoraBuilder builder, Action<ChatClientBuilder, ProviderStepContext> configure, StepPlacement placement = StepPlacement.Port, ModelTier? tier = null) =>
        Add(builder, new PipelineStep<ChatClientBuilder>(placement, tier, configure));

    /// <summary>Adds steps to the embeddings pipeline.</summary>
    /// <param name="builder">The Leadora builder.</param>
    /// <param name="configure">Adds steps.</param>
    /// <param name="placement">Around the port, or around the provider.</param>
    /// <returns>The builder.</returns>
    public static ILeadoraBuilder ConfigureEmbeddings(this ILeadoraBuilder builder, Action<EmbeddingGeneratorBuilder<string, Embedding<float>>, ProviderStepContext> configure, StepPlacement placement = StepPlacement.Port) =>
        Add(builder, new PipelineStep<EmbeddingGeneratorBuilder<string, Embedding<float>>>(placement, null, configure));

    /// <summary>Adds steps to the places pipeline.</summary>
    /// <param name="builder">The Leadora builder.</param>
    /// <param name="configure">Adds steps.</param>
    /// <param name="placement">Around the port, or around each provider.</param>
    /// <returns>The builder.</returns>
    public static ILeadoraBuilder ConfigurePlaces(this ILeadoraBuilder builder, Action<PortBuilder<Ports.IPlacesSearch>, ProviderStepContext> configure, StepPlacement placement = StepPlacement.Port) =>
        Add(builder, new PipelineStep<PortBuilder<Ports.IPlacesSearch>>(placement, null, configure));

    /// <summary>Adds steps to the web-search pipeline.</summary>
    /// <param name="builder">The Leadora builder.</param>
    /// <param name="configure">Adds steps.</param>
    /// <param name="placement">Around the port, or around each provider.</param>
    /// <returns>The builder.</returns>
    public static ILeadoraBuilder ConfigureWebSearch(this ILeadoraBuilder builder, Action<PortBuilder<Ports.IWebSearch>, ProviderStepContext> configure, StepPlacement placement = StepPlacement.Port) =>
        Add(builder, new PipelineStep<PortBuilder<Ports.IWebSearch>>(placement, null, configure));

    private static ILeadoraBuilder Add<TBuilder>(ILeadoraBuilder builder, PipelineStep<TBuilder> step)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(step.Configure);
        if (!Enum.IsDefined(step.Placement))
        {
            throw new ArgumentOutOfRangeException(nameof(step), step.Placement, "Unknown step placement.");
        }

        builder.Services.AddSingleton(step);
        return builder;
    }
}
