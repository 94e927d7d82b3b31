using Leadora.Ports;
using Leadora.Providers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Leadora;

/// <summary>Registers Leadora's production provider adapters (OpenAI, Serper) on an <see cref="ILeadoraBuilder"/>.</summary>
public static class ProvidersLeadoraBuilderExtensions
{
    /// <summary>The key <see cref="UseSandbox"/> sends; the sandbox accepts any non-empty key.</summary>
    internal const string SandboxApiKey = "sandbox-key";

    /// <summary>
    /// Adds OpenAI as the LLM provider for all three tiers (Responses API, strict JSON-schema output) and as the
    /// embedding provider. Settings come from the <c>Leadora:OpenAI</c> configuration section, then from
    /// <paramref name="configure"/>, and are validated at start-up. Calling it again only applies <paramref name="configure"/>.
    /// </summary>
    /// <param name="builder">The Leadora builder.</param>
    /// <param name="configure">Overrides applied after configuration binding.</param>
    /// <returns>The builder.</returns>
    public static ILeadoraBuilder UseOpenAI(this ILeadoraBuilder builder, Action<OpenAIProviderOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var section = builder.Configuration.GetSection(OpenAIProviderOptions.SectionName);
        var registration = Registration<OpenAIProviderOptions>.Find(services);
        var options = services.AddOptions<OpenAIProviderOptions>();
        if (registration is null)
        {
            registration = Registration<OpenAIProviderOptions>.Add(services);
            options.Bind(section).ValidateOnStart();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OpenAIProviderOptions>, OpenAIProviderOptionsValidator>());

            services.AddProviderHttpClient<OpenAIProviderOptions>(OpenAIProvider.HttpClientName, o => o.BaseUrl, o => o.TimeoutSeconds)
                .AddProviderThrottle<OpenAIProviderOptions>(OpenAIErrorTranslator.Provider, o => o.MaxConcurrent, o => o.MinDelayMs);
            services.TryAddSingleton<OpenAIProvider>();

            foreach (var tier in Enum.GetValues<ModelTier>())
            {
                builder.AddChatProvider(OpenAIErrorTranslator.Provider, tier, sp => sp.GetRequiredService<OpenAIProvider>().CreateChatClient(tier));
            }
        }

        if (configure is not null)
        {
            options.Configure(configure);
            registration.Configures.Add(configure);
        }

        // Leadora needs the batch size at registration; read it the way the options will be built. Invalid values
        // are clamped here and reported by start-up validation.
        var maxBatch = registration.Build(section).MaxEmbeddingBatch;
        builder.SetEmbeddingProvider(
            OpenAIErrorTranslator.Provider,
            sp => sp.GetRequiredService<OpenAIProvider>().CreateEmbeddingGenerator(),
            Math.Clamp(maxBatch, 1, OpenAIProviderOptionsValidator.ApiMaxEmbeddingBatch));
        return builder;
    }

    /// <summary>
    /// Adds Serper as a places provider (<c>/places</c>) and a web-search provider (<c>/search</c>). Settings come from
    /// the <c>Leadora:Serper</c> configuration section, then from <paramref name="configure"/>, and are validated at
    /// start-up. Calling it again only applies <paramref name="configure"/>.
    /// </summary>
    /// <param name="builder">The Leadora builder.</param>
    /// <param name="configure">Overrides applied after configuration binding.</param>
    /// <returns>The builder.</returns>
    public static ILeadoraBuilder UseSerper(this ILeadoraBuilder builder, Action<SerperOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var options = services.AddOptions<SerperOptions>();
        if (Registration<SerperOptions>.Find(services) is null)
        {
            Registration<SerperOptions>.Add(services);
            options.Bind(builder.Configuration.GetSection(SerperOptions.SectionName)).ValidateOnStart();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SerperOptions>, SerperOptionsValidator>());

            services.AddProviderHttpClient<SerperOptions>(SerperClient.HttpClientName, o => o.BaseUrl, o => o.TimeoutSeconds)
                .AddProviderThrottle<SerperOptions>(SerperClient.Provider, o => o.MaxConcurrent, o => o.MinDelayMs);
            services.TryAddSingleton<SerperClient>();
            services.TryAddSingleton<SerperPlacesSearch>();
            services.TryAddSingleton<SerperWebSearch>();

            builder.AddPlacesProvider(SerperClient.Provider, sp => sp.GetRequiredService<SerperPlacesSearch>());
            builder.AddWebSearchProvider(SerperClient.Provider, sp => sp.GetRequiredService<SerperWebSearch>());
        }

        if (configure is not null)
        {
            options.Configure(configure);
        }

        return builder;
    }

    /// <summary>
    /// Adds every provider that has an API key in configuration (<c>Leadora:OpenAI:ApiKey</c>, <c>Leadora:Serper:ApiKey</c>).
    /// With no LLM key it registers no LLM provider and leaves it to Leadora's start-up validation to say so.
    /// </summary>
    /// <param name="builder">The Leadora builder.</param>
    /// <returns>The builder.</returns>
    public static ILeadoraBuilder UseConfiguredProviders(this ILeadoraBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (HasApiKey(builder.Configuration, OpenAIProviderOptions.SectionName))
        {
            builder.UseOpenAI();
        }

        if (HasApiKey(builder.Configuration, SerperOptions.SectionName))
        {
            builder.UseSerper();
        }

        return builder;
    }

    /// <summary>
    /// Points the production OpenAI and Serper adapters at the offline sandbox: OpenAI at <c>{sandbox}openai/v1</c>,
    /// Serper at <c>{sandbox}serper</c>, with placeholder keys and no pacing, and registers both.
    /// </summary>
    /// <param name="builder">The Leadora builder.</param>
    /// <param name="sandboxBaseAddress">The sandbox's absolute base address, for example <c>http://127.0.0.1:5123/</c>.</param>
    /// <returns>The builder.</returns>
    public static ILeadoraBuilder UseSandbox(this ILeadoraBuilder builder, Uri sandboxBaseAddress)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(sandboxBaseAddress);
        if (!sandboxBaseAddress.IsAbsoluteUri)
        {
            throw new ArgumentException($"The sandbox base address must be absolute; got '{sandboxBaseAddress}'.", nameof(sandboxBaseAddress));
        }

        var root = ProviderHttpClients.WithTrailingSlash(sandboxBaseAddress.AbsoluteUri);
        builder.UseOpenAI(o =>
        {
            o.BaseUrl = new Uri(root, "openai/v1").AbsoluteUri;
            o.ApiKey = SandboxApiKey;
            o.MinDelayMs = 0;
            o.MaxConcurrent = 8;
        });
        builder.UseSerper(o =>
        {
            o.BaseUrl = new Uri(root, "serper").AbsoluteUri;
            o.ApiKey = SandboxApiKey;
            o.MinDelayMs = 0;
            o.MaxConcurrent = 8;
        });
        return builder;
    }

    private static bool HasApiKey(IConfiguration configuration, string section) =>
        !string.IsNullOrWhiteSpace(configuration.GetSection(section)["ApiKey"]);

    /// <summary>Marks a provider as registered and remembers its configure delegates, for values needed at registration time.</summary>
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
