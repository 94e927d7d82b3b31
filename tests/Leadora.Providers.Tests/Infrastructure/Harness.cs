using Leadora.Ports;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Leadora.Providers.Tests.Infrastructure;

/// <summary>
/// Builds the production registrations and hands out the raw adapters exactly as Core would create them. The
/// <c>For…</c> helpers turn retries off (error translation is tested on its own); resilience tests turn them back on.
/// </summary>
public sealed class Harness(ServiceProvider services) : IAsyncDisposable
{
    public const string OpenAIKey = "sk-test-0123456789abcdefSECRET";
    public const string SerperKey = "serper-test-key-SECRET-42";
    public const string GeminiKey = "AIzaSy-gemini-test-SECRET-0001";
    public const string DeepSeekKey = "sk-deepseek-test-SECRET-0002";
    public const string GooglePlacesKey = "AIzaSy-places-test-SECRET-0003";
    public const string GoogleCseKey = "AIzaSy-cse-test-SECRET-0004";

    public ServiceProvider Services { get; } = services;

    /// <summary>OpenAI pointed at <c>{server}v1</c>, unpaced, no retries.</summary>
    public static Harness ForOpenAI(Uri server, Action<OpenAIProviderOptions>? configure = null, InMemoryLoggerProvider? logs = null, Action<TestLeadoraBuilder>? services = null) =>
        Build(logs, services, b => b.UseOpenAI(o =>
        {
            Defaults(o, OpenAIKey, new Uri(server, "v1").AbsoluteUri);
            configure?.Invoke(o);
        }));

    /// <summary>Serper pointed at the server root, unpaced, no retries.</summary>
    public static Harness ForSerper(Uri server, Action<SerperOptions>? configure = null, InMemoryLoggerProvider? logs = null, Action<TestLeadoraBuilder>? services = null) =>
        Build(logs, services, b => b.UseSerper(o =>
        {
            Defaults(o, SerperKey, server.AbsoluteUri);
            configure?.Invoke(o);
        }));

    /// <summary>Gemini pointed at <c>{server}v1beta</c>, unpaced, no retries.</summary>
    public static Harness ForGemini(Uri server, Action<GeminiOptions>? configure = null, InMemoryLoggerProvider? logs = null, Action<TestLeadoraBuilder>? services = null) =>
        Build(logs, services, b => b.UseGemini(o =>
        {
            Defaults(o, GeminiKey, new Uri(server, "v1beta").AbsoluteUri);
            configure?.Invoke(o);
        }));

    /// <summary>DeepSeek pointed at the server root, unpaced, no retries.</summary>
    public static Harness ForDeepSeek(Uri server, Action<DeepSeekOptions>? configure = null, InMemoryLoggerProvider? logs = null, Action<TestLeadoraBuilder>? services = null) =>
        Build(logs, services, b => b.UseDeepSeek(o =>
        {
            Defaults(o, DeepSeekKey, server.AbsoluteUri);
            configure?.Invoke(o);
        }));

    /// <summary>Google Places (New) at <c>{server}v1</c> and, with <paramref name="legacy"/>, legacy Places at <c>{server}maps/api/place</c>.</summary>
    public static Harness ForGooglePlaces(Uri server, bool legacy = false, Action<GooglePlacesOptions>? configure = null, InMemoryLoggerProvider? logs = null, Action<TestLeadoraBuilder>? services = null) =>
        Build(logs, services, b =>
        {
            Action<GooglePlacesOptions> options = o =>
            {
                Defaults(o, GooglePlacesKey, new Uri(server, "v1").AbsoluteUri);
                o.LegacyBaseUrl = new Uri(server, "maps/api/place").AbsoluteUri;
                configure?.Invoke(o);
            };
            if (legacy)
            {
                b.UseGooglePlacesLegacy(options);
            }
            else
            {
                b.UseGooglePlaces(options);
            }
        });

    /// <summary>Custom Search at <c>{server}customsearch/v1</c>, unpaced, no retries.</summary>
    public static Harness ForGoogleCse(Uri server, Action<GoogleCseOptions>? configure = null, InMemoryLoggerProvider? logs = null, Action<TestLeadoraBuilder>? services = null) =>
        Build(logs, services, b => b.UseGoogleCse(o =>
        {
            Defaults(o, GoogleCseKey, new Uri(server, "customsearch/v1").AbsoluteUri);
            o.Cx = "test-cx-0123";
            configure?.Invoke(o);
        }));

    public IChatClient Chat(ModelTier tier = ModelTier.Primary, string? provider = null) =>
        Services.GetServices<ChatProviderRegistration>().First(r => r.Tier == tier && (provider is null || r.Name == provider)).Create(Services);

    public IEmbeddingGenerator<string, Embedding<float>> Embeddings =>
        Services.GetRequiredService<EmbeddingProviderRegistration>().Create(Services);

    public IPlacesSearch Places => PlacesOf(null);

    public IWebSearch Web => WebOf(null);

    public IPlacesSearch PlacesOf(string? provider) =>
        Services.GetServices<PlacesProviderRegistration>().First(r => provider is null || r.Name == provider).Create(Services);

    public IWebSearch WebOf(string? provider) =>
        Services.GetServices<WebSearchProviderRegistration>().First(r => provider is null || r.Name == provider).Create(Services);

    public ValueTask DisposeAsync() => Services.DisposeAsync();

    private static Harness Build(InMemoryLoggerProvider? logs, Action<TestLeadoraBuilder>? services, Action<TestLeadoraBuilder> register)
    {
        var builder = new TestLeadoraBuilder(logs: logs);
        services?.Invoke(builder);
        register(builder);
        return new Harness(builder.Build());
    }

    private static void Defaults(ProviderHttpOptions options, string key, string baseUrl)
    {
        options.ApiKey = key;
        options.BaseUrl = baseUrl;
        options.MinDelayMs = 0;
        options.TimeoutSeconds = 10;
        options.MaxRetries = 0;
        options.RetryBaseDelayMs = 10;
    }
}
