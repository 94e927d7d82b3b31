using Leadora;
using Leadora.Caching;
using Leadora.Embeddings;
using Leadora.Hosting;
using Leadora.InMemory;
using Leadora.Jobs;
using Leadora.Matching;
using Leadora.Pipeline;
using Leadora.Pipeline.Stages;
using Leadora.Ports;
using Leadora.Usage;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds Leadora to a service collection.</summary>
public static class LeadoraServiceCollectionExtensions
{
    /// <summary>
    /// Adds the Leadora pipeline with in-memory storage (the embedded default). Options bind from the <c>Leadora</c> section
    /// of <paramref name="configuration"/> and from the flat environment variable names Leadora has always accepted
    /// (<c>OPENAI_API_KEY</c>, <c>SERPER_KEY</c>, <c>LINKEDIN_MAX_EMPLOYEES_PER_COMPANY</c>, …; see <see cref="LeadoraConfiguration.Aliases"/>).
    /// Add providers on the returned builder, for example <c>.UseOpenAI().UseSerper()</c> or <c>.UseSandbox(uri)</c>.
    /// </summary>
    public static ILeadoraBuilder AddLeadora(this IServiceCollection services, IConfiguration? configuration = null, Action<LeadoraOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var section = LeadoraConfiguration.GetLeadoraSection(configuration);
        var options = services.AddOptions<LeadoraOptions>().Bind(section);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        var builder = new LeadoraBuilder(services, section);
        if (services.Any(d => d.ServiceType == typeof(LeadoraMarker)))
        {
            return builder;
        }

        services.AddSingleton<LeadoraMarker>();
        services.AddLogging();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LeadoraOptions>, LeadoraOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        services.TryAddSingleton<ILeadStore, InMemoryLeadStore>();
        services.TryAddSingleton<IVectorStore, InMemoryVectorStore>();
        services.TryAddSingleton<IJobQueue, InMemoryJobQueue>();
        services.TryAddSingleton<IResponseCache, InMemoryResponseCache>();
        services.TryAddSingleton<IUsageLedger, InMemoryUsageLedger>();
        services.TryAddSingleton<IRequestLimiter, InMemoryRequestLimiter>();
        services.TryAddSingleton<ISpendingLimiter, InMemorySpendingLimiter>();

        services.TryAddSingleton<UsageRecorder>();
        services.TryAddSingleton<IProviderUsage>(sp => sp.GetRequiredService<UsageRecorder>());
        services.TryAddSingleton<ResponseCacheAccess>();
        services.TryAddSingleton<SearchWarnings>();
        services.TryAddSingleton<SearchSignals>();
        services.TryAddSingleton<SearchLifecycle>();
        services.TryAddSingleton<SearchReader>();
        services.TryAddSingleton<PersonaMapper>();
        services.TryAddSingleton<Leadora.Fit.BusinessFitScorer>();
        services.TryAddSingleton<Leadora.DecisionMakers.CompanyIdentityJudge>();
        services.TryAddSingleton<LeadJobRunner>();
        services.TryAddSingleton<JobSweeper>();
        services.TryAddSingleton<ILeadPipeline, LeadPipeline>();
        services.TryAddEnumerable(
        [
            ServiceDescriptor.Singleton<IJobHandler, PersonasStage>(),
            ServiceDescriptor.Singleton<IJobHandler, DiscoveryStage>(),
            ServiceDescriptor.Singleton<IJobHandler, DecisionMakersStage>(),
            ServiceDescriptor.Singleton<IJobHandler, MarketStage>(),
        ]);

        foreach (var tier in Enum.GetValues<ModelTier>())
        {
            services.AddKeyedSingleton<IChatClient>(tier, (sp, _) => ProviderComposition.Chat(sp, tier));
        }

        services.AddSingleton(ProviderComposition.Embeddings);
        services.AddSingleton(ProviderComposition.Places);
        services.AddSingleton(ProviderComposition.Web);
        return builder;
    }

    /// <summary>Uses the deterministic local hashing embedder instead of a provider (offline runs, tests).</summary>
    public static ILeadoraBuilder UseHashingEmbeddings(this ILeadoraBuilder builder, int dimensions = HashingEmbeddingGenerator.DefaultDimensions) =>
        builder.SetEmbeddingProvider(HashingEmbeddingGenerator.ProviderName, _ => new HashingEmbeddingGenerator(dimensions), maxBatchSize: int.MaxValue);

    /// <summary>
    /// Marks this host as one that only starts, reads, follows and cancels searches (a web host whose jobs run in separate
    /// workers, <c>leadora search --detach</c>): it needs storage, not providers, so start-up validation does not ask for
    /// provider keys. Running a job in such a host fails with a message that says why.
    /// </summary>
    public static ILeadoraBuilder EnqueueOnly(this ILeadoraBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<EnqueueOnlyMarker>();
        return builder;
    }

    private sealed class LeadoraMarker;

    private sealed class LeadoraBuilder(IServiceCollection services, IConfiguration configuration) : ILeadoraBuilder
    {
        public IServiceCollection Services { get; } = services;

        public IConfiguration Configuration { get; } = configuration;
    }
}
