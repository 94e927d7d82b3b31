using Leadora.Ports;
using Leadora.Providers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Leadora;

/// <summary>
/// Registers Leadora's production provider adapters on an <see cref="ILeadoraBuilder"/>. Where a port has several
/// providers, Leadora tries them in registration order (a fallback chain), so the order of the calls is the order of
/// fallback. Every adapter's options bind from its <c>Leadora:{Section}</c> configuration section, then from the
/// delegate passed in, and are validated at start-up; calling a method again only applies its delegate.
/// </summary>
public static class ProvidersLeadoraBuilderExtensions
{
    /// <summary>The key <see cref="UseSandbox(ILeadoraBuilder, Uri)"/> sends; the sandbox accepts any non-empty key.</summary>
    internal const string SandboxApiKey = "sandbox-key";

    /// <summary>The search engine id <see cref="UseSandbox(ILeadoraBuilder, Uri)"/> sends to the Custom Search emulator.</summary>
    internal const string SandboxCx = "sandbox-cx";

    /// <summary>
    /// Adds OpenAI (<c>openai</c>) as an LLM provider for all three tiers (Responses API, strict JSON-schema output) and
    /// as the embedding provider, from the <c>Leadora:OpenAI</c> section (<see cref="OpenAIProviderOptions"/>).
    /// </summary>
    /// <param name="builder">The Leadora builder.</param>
    /// <param name="configure">Overrides applied after configuration binding.</param>
    /// <returns>The builder.</returns>
    public static ILeadoraBuilder UseOpenAI(this ILeadoraBuilder builder, Action<OpenAIProviderOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var section = builder.Configuration.GetSection(OpenAIProviderOptions.SectionName);
        var registration = AddOptions<OpenAIProviderOptions, OpenAIProviderOptionsValidator>(builder, OpenAIProviderOptions.SectionName, configure);
        if (Marker<OpenAIProvider>.TryAdd(builder.Services))
        {
            builder.Services.AddProviderHttpClient<OpenAIProviderOptions>(OpenAIProvider.HttpClientName, o => o.BaseUrl, OpenAIProvider.Rules, OpenAIProvider.Provider);
            builder.Services.TryAddSingleton<OpenAIProvider>();
            foreach (var tier in Enum.GetValues<ModelTier>())
            {
                builder.AddChatProvider(OpenAIProvider.Provider, tier, sp => sp.GetRequiredService<OpenAIProvider>().CreateChatClient(tier));
            }
        }

        // Leadora needs the batch size at registration; read it the way the options will be built. Invalid values
        // are clamped here and reported by start-up validation.
        var maxBatch = registration.Build(section).MaxEmbeddingBatch;
        builder.SetEmbeddingProvider(
            OpenAIProvider.Provider,
            sp => sp.GetRequiredService<OpenAIProvider>().CreateEmbeddingGenerator(),
            Math.Clamp(maxBatch, 1, OpenAIProviderOptionsValidator.ApiMaxEmbeddingBatch));
        return builder;
    }

    /// <summary>
    /// Adds Gemini (<c>gemini</c>, <c>generateContent</c> with <c>responseJsonSchema</c>) as an LLM provider for all three
    /// tiers, from the <c>Leadora:Gemini</c> section (<see cref="GeminiOptions"/>). It provides no embeddings: keep
    /// OpenAI for them, or call <c>UseHashingEmbeddings()</c>.
    /// </summary>
    /// <param name="builder">The Leadora builder.</param>
    /// <param name="configure">Overrides applied after configuration binding.</param>
    /// <returns>The builder.</returns>
    public static ILeadoraBuilder UseGemini(this ILeadoraBuilder builder, Action<GeminiOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        AddOptions<GeminiOptions, GeminiOptionsValidator>(builder, GeminiOptions.SectionName, configure);
        if (Marker<GeminiProvider>.TryAdd(builder.Services))
        {
            builder.Services.AddProviderHttpClient<GeminiOptions>(GeminiProvider.HttpClientName, o => o.BaseUrl, GeminiProvider.Rules, GeminiProvider.Provider);
            builder.Services.TryAddSingleton<GeminiProvider>();
            foreach (var tier in Enum.GetValues<ModelTier>())
            {
                builder.AddChatProvider(GeminiProvider.Provider, tier, sp => sp.GetRequiredService<GeminiProvider>().CreateChatClient(tier));
            }
        }

        return builder;
    }

    /// <summary>
    /// Adds DeepSeek (<c>deepseek</c>, OpenAI-compatible chat completions in JSON mode) as an LLM provider for all three
    /// tiers, from the <c>Leadora:DeepSeek</c> section (<see cref="DeepSeekOptions"/>).
    /// </summary>
    /// <param name="builder">The Leadora builder.</param>
    /// <param name="configure">Overrides applied after configuration binding.</param>
    /// <returns>The builder.</returns>
    public static ILeadoraBuilder UseDeepSeek(this ILeadoraBuilder builder, Action<DeepSeekOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        AddOptions<DeepSeekOptions, DeepSeekOptionsValidator>(builder, DeepSeekOptions.SectionName, configure);
        if (Marker<DeepSeekProvider>.TryAdd(builder.Services))
        {
            builder.Services.AddProviderHttpClient<DeepSeekOptions>(DeepSeekProvider.HttpClientName, o => o.BaseUrl, DeepSeekProvider.Rules, DeepSeekProvider.Provider);
            builder.Services.TryAddSingleton<DeepSeekProvider>();
            foreach (var tier in Enum.GetValues<ModelTier>())
            {
                builder.AddChatProvider(DeepSeekProvider.Provider, tier, sp => sp.GetRequiredService<DeepSeekProvider>().CreateChatClient(tier));
            }
        }

        return builder;
    }

    /// <summary>
    /// Adds Serper (<c>serper</c>) as a places provider (<c>/places</c>, or <c>/maps</c> with
    /// <see cref="SerperOptions.UseMapsEndpoint"/>) and a web-search provider (<c>/search</c>), from the
    /// <c>Leadora:Serper</c> section (<see cref="SerperOptions"/>).
    /// </summary>
    /// <param name="builder">The Leadora builder.</param>
    /// <param name="configure">Overrides applied after configuration binding.</param>
    /// <returns>The builder.</returns>
    public static ILeadoraBuilder UseSerper(this ILeadoraBuilder builder, Action<SerperOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        AddOptions<SerperOptions, SerperOptionsValidator>(builder, SerperOptions.SectionName, configure);
        if (Marker<SerperClient>.TryAdd(builder.Services))
        {
            builder.Services.AddProviderHttpClient<SerperOptions>(SerperClient.HttpClientName, o => o.BaseUrl, SerperErrorRules.Instance, SerperClient.Provider);
            builder.Services.TryAddSingleton<SerperClient>();
            builder.Services.TryAddSingleton<SerperPlacesSearch>();
            builder.Services.TryAddSingleton<SerperWebSearch>();
            builder.AddPlacesProvider(SerperClient.Provider, sp => sp.GetRequiredService<SerperPlacesSearch>());
            builder.AddWebSearchProvider(SerperClient.Provider, sp => sp.GetRequiredService<SerperWebSearch>());
        }

        return builder;
    }

    /// <summary>
    /// Adds the Google Places API (New) (<c>google_places</c>, <c>places:searchText</c>) as a places provider, from the
    /// <c>Leadora:GooglePlaces</c> section (<see cref="GooglePlacesOptions"/>).
    /// </summary>
    /// <param name="builder">The Leadora builder.</param>
    /// <param name="configure">Overrides applied after configuration binding.</param>
    /// <returns>The builder.</returns>
    public static ILeadoraBuilder UseGooglePlaces(this ILeadoraBuilder builder, Action<GooglePlacesOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        AddOptions<GooglePlacesOptions, GooglePlacesOptionsValidator>(builder, GooglePlacesOptions.SectionName, configure);
        if (Marker<GooglePlacesNewSearch>.TryAdd(builder.Services))
        {
            builder.Services.AddProviderHttpClient<GooglePlacesOptions>(GooglePlacesNewSearch.HttpClientName, o => o.BaseUrl, GooglePlacesNewSearch.Rules, GooglePlacesNewSearch.Provider);
            builder.Services.TryAddSingleton<GooglePlacesNewSearch>();
            builder.AddPlacesProvider(GooglePlacesNewSearch.Provider, sp => sp.GetRequiredService<GooglePlacesNewSearch>());
        }

        return builder;
    }

    /// <summary>
    /// Adds the legacy Places web service (<c>google_places_legacy</c>: Text Search, plus Place Details for phone and
    /// website) as a places provider, from the same <c>Leadora:GooglePlaces</c> section and request budget as
    /// <see cref="UseGooglePlaces"/>. Google no longer lets new projects enable this API; register it after the new one.
    /// </summary>
    /// <param name="builder">The Leadora builder.</param>
    /// <param name="configure">Overrides applied after configuration binding.</param>
    /// <returns>The builder.</returns>
    public static ILeadoraBuilder UseGooglePlacesLegacy(this ILeadoraBuilder builder, Action<GooglePlacesOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        AddOptions<GooglePlacesOptions, GooglePlacesOptionsValidator>(builder, GooglePlacesOptions.SectionName, configure);
        if (Marker<GooglePlacesLegacySearch>.TryAdd(builder.Services))
        {
            // The same throttle key as the new API: one Google Places budget.
            builder.Services.AddProviderHttpClient<GooglePlacesOptions>(GooglePlacesLegacySearch.HttpClientName, o => o.LegacyBaseUrl, LegacyPlacesErrorRules.Instance, GooglePlacesNewSearch.Provider);
            builder.Services.TryAddSingleton<GooglePlacesLegacySearch>();
            builder.AddPlacesProvider(GooglePlacesLegacySearch.Provider, sp => sp.GetRequiredService<GooglePlacesLegacySearch>());
        }

        return builder;
    }

    /// <summary>
    /// Adds the Google Custom Search JSON API (<c>google_cse</c>) as a web-search provider, from the
    /// <c>Leadora:GoogleCse</c> section (<see cref="GoogleCseOptions"/>). The API is closed to new customers and shuts
    /// down on 2027-01-01; a blocked or exhausted CSE answers empty pages with a search warning.
    /// </summary>
    /// <param name="builder">The Leadora builder.</param>
    /// <param name="configure">Overrides applied after configuration binding.</param>
    /// <returns>The builder.</returns>
    public static ILeadoraBuilder UseGoogleCse(this ILeadoraBuilder builder, Action<GoogleCseOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        AddOptions<GoogleCseOptions, GoogleCseOptionsValidator>(builder, GoogleCseOptions.SectionName, configure);
        if (Marker<GoogleCseWebSearch>.TryAdd(builder.Services))
        {
            builder.Services.AddProviderHttpClient<GoogleCseOptions>(GoogleCseWebSearch.HttpClientName, o => o.BaseUrl, GoogleCseWebSearch.Rules, GoogleCseWebSearch.Provider);
            builder.Services.TryAddSingleton<GoogleCseWebSearch>();
            builder.AddWebSearchProvider(GoogleCseWebSearch.Provider, sp => sp.GetRequiredService<GoogleCseWebSearch>());
        }

        return builder;
    }

    /// <summary>
    /// Adds every provider that has an API key in configuration, in fallback order: LLM tiers OpenAI → Gemini →
    /// DeepSeek (<c>OPENAI_API_KEY</c>, <c>GEMINI_API_KEY</c>, <c>DEEPSEEK_API_KEY</c>); places Serper → Google Places
    /// (New) → legacy Places (<c>SERPER_KEY</c>, <c>GOOGLE_PLACES_KEY</c>; the legacy API unless
    /// <c>Leadora:GooglePlaces:LegacyFallback</c> is false); web search Serper → Google Custom Search
    /// (<c>GOOGLE_CSE_KEY</c>). A provider without a key is skipped; with no provider for a port, Leadora's start-up
    /// validation says which key to set. Embeddings come from OpenAI only.
    /// </summary>
    /// <param name="builder">The Leadora builder.</param>
    /// <returns>The builder.</returns>
    public static ILeadoraBuilder UseConfiguredProviders(this ILeadoraBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        if (HasApiKey(configuration, OpenAIProviderOptions.SectionName))
        {
            builder.UseOpenAI();
        }

        if (HasApiKey(configuration, GeminiOptions.SectionName))
        {
            builder.UseGemini();
        }

        if (HasApiKey(configuration, DeepSeekOptions.SectionName))
        {
            builder.UseDeepSeek();
        }

        if (HasApiKey(configuration, SerperOptions.SectionName))
        {
            builder.UseSerper();
        }

        if (HasApiKey(configuration, GooglePlacesOptions.SectionName))
        {
            builder.UseGooglePlaces();
            if (configuration.GetSection(GooglePlacesOptions.SectionName).GetValue(nameof(GooglePlacesOptions.LegacyFallback), true))
            {
                builder.UseGooglePlacesLegacy();
            }
        }

        if (HasApiKey(configuration, GoogleCseOptions.SectionName))
        {
            builder.UseGoogleCse();
        }

        return builder;
    }

    /// <summary>
    /// Points every production adapter at the offline sandbox and registers them all, in the same fallback order as
    /// <see cref="UseConfiguredProviders"/>, so offline runs exercise every fallback: OpenAI at <c>{sandbox}openai/v1</c>,
    /// Gemini at <c>{sandbox}gemini/v1beta</c>, DeepSeek at <c>{sandbox}deepseek</c>, Serper at <c>{sandbox}serper</c>,
    /// Google Places (New) at <c>{sandbox}places/v1</c>, legacy Places at <c>{sandbox}maps/api/place</c> and Custom
    /// Search at <c>{sandbox}customsearch/v1</c>, with placeholder keys, and no pacing and 8 requests in flight unless
    /// configuration sets a provider's <c>MinDelayMs</c> or <c>MaxConcurrent</c> (<c>OPENAI_MIN_DELAY_MS</c>, …). Retries,
    /// timeouts and circuit breakers keep their configured values.
    /// </summary>
    /// <param name="builder">The Leadora builder.</param>
    /// <param name="sandboxBaseAddress">The sandbox's absolute base address, for example <c>http://127.0.0.1:5123/</c>.</param>
    /// <returns>The builder.</returns>
    public static ILeadoraBuilder UseSandbox(this ILeadoraBuilder builder, Uri sandboxBaseAddress) => builder.UseSandbox(sandboxBaseAddress, keepConfiguredLimits: false);

    /// <summary>
    /// Like <see cref="UseSandbox(ILeadoraBuilder, Uri)"/>; with <paramref name="keepConfiguredLimits"/>, a provider's
    /// <c>MaxConcurrent</c> and <c>MinDelayMs</c> set in configuration (<c>OPENAI_MAX_CONCURRENT</c>,
    /// <c>OPENAI_MIN_DELAY_MS</c>, …) still apply, as they do for a fleet of workers sharing one standalone sandbox.
    /// </summary>
    /// <param name="builder">The Leadora builder.</param>
    /// <param name="sandboxBaseAddress">The sandbox's absolute base address.</param>
    /// <param name="keepConfiguredLimits">Keep the configured concurrency and pacing limits instead of lifting them.</param>
    /// <returns>The builder.</returns>
    public static ILeadoraBuilder UseSandbox(this ILeadoraBuilder builder, Uri sandboxBaseAddress, bool keepConfiguredLimits)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(sandboxBaseAddress);
        if (!sandboxBaseAddress.IsAbsoluteUri)
        {
            throw new ArgumentException($"The sandbox base address must be absolute; got '{sandboxBaseAddress}'.", nameof(sandboxBaseAddress));
        }

        var root = ProviderHttpClients.WithTrailingSlash(sandboxBaseAddress.AbsoluteUri);
        string At(string path) => new Uri(root, path).AbsoluteUri;
        // The sandbox answers at once, so by default it is not paced; asked to, limits set in configuration
        // (OPENAI_MAX_CONCURRENT, OPENAI_MIN_DELAY_MS, …) still apply, so a fleet sharing one sandbox can show that they hold.
        void Unpaced(ProviderHttpOptions o, string section, string path)
        {
            var configured = builder.Configuration.GetSection(section);
            o.BaseUrl = At(path);
            o.ApiKey = SandboxApiKey;
            if (!keepConfiguredLimits || configured[nameof(ProviderHttpOptions.MinDelayMs)] is null)
            {
                o.MinDelayMs = 0;
            }

            if (!keepConfiguredLimits || configured[nameof(ProviderHttpOptions.MaxConcurrent)] is null)
            {
                o.MaxConcurrent = 8;
            }
        }

        builder.UseOpenAI(o => Unpaced(o, OpenAIProviderOptions.SectionName, "openai/v1"));
        builder.UseGemini(o => Unpaced(o, GeminiOptions.SectionName, "gemini/v1beta"));
        builder.UseDeepSeek(o => Unpaced(o, DeepSeekOptions.SectionName, "deepseek"));
        builder.UseSerper(o => Unpaced(o, SerperOptions.SectionName, "serper"));
        builder.UseGooglePlaces(o =>
        {
            Unpaced(o, GooglePlacesOptions.SectionName, "places/v1");
            o.LegacyBaseUrl = At("maps/api/place");
        });
        builder.UseGooglePlacesLegacy();
        builder.UseGoogleCse(o =>
        {
            Unpaced(o, GoogleCseOptions.SectionName, "customsearch/v1");
            o.Cx = SandboxCx;
        });
        return builder;
    }

    private static bool HasApiKey(IConfiguration configuration, string section) =>
        !string.IsNullOrWhiteSpace(configuration.GetSection(section)["ApiKey"]);

    /// <summary>Binds and validates <typeparamref name="TOptions"/> once, and applies <paramref name="configure"/> on every call.</summary>
    private static Registration<TOptions> AddOptions<TOptions, TValidator>(ILeadoraBuilder builder, string sectionName, Action<TOptions>? configure)
        where TOptions : class, new()
        where TValidator : class, IValidateOptions<TOptions>
    {
        var services = builder.Services;
        var options = services.AddOptions<TOptions>();
        var registration = Registration<TOptions>.Find(services);
        if (registration is null)
        {
            registration = Registration<TOptions>.Add(services);
            options.Bind(builder.Configuration.GetSection(sectionName)).ValidateOnStart();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
        }

        if (configure is not null)
        {
            options.Configure(configure);
            registration.Configures.Add(configure);
        }

        return registration;
    }

    /// <summary>Marks an adapter as registered, so a second <c>Use…</c> call does not add it to a chain twice.</summary>
    private sealed class Marker<T>
    {
        public static bool TryAdd(IServiceCollection services)
        {
            if (services.Any(d => d.ServiceType == typeof(Marker<T>)))
            {
                return false;
            }

            services.AddSingleton(new Marker<T>());
            return true;
        }
    }

    /// <summary>Marks a provider's options as registered and remembers its configure delegates, for values needed at registration time.</summary>
    private sealed class Registration<TOptions>
        where TOptions : class, new()
    {
        public List<Action<TOptions>> Configures { get; } = [];

        public static Registration<TOptions>? Find(IServiceCollection services) =>
            services.LastOrDefault(d => d.ServiceType == typeof(Registration<TOptions>))?.ImplementationInstance as Registration<TOptions>;

        public static Registration<TOptions> Add(IServiceCollection services)
        {
            var registration = new Registration<TOptions>();
            services.AddSingleton(registration);
            return registration;
        }

        public TOptions Build(IConfiguration section)
        {
            var options = new TOptions();
            section.Bind(options);
            foreach (var configure in Configures)
            {
                configure(options);
            }

            return options;
        }
    }
}
