using Leadora.Ports;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Leadora.Providers.Tests.Infrastructure;

/// <summary>Builds the production registrations and hands out the raw adapters exactly as Core would create them.</summary>
public sealed class Harness(ServiceProvider services) : IAsyncDisposable
{
    public const string OpenAIKey = "sk-test-0123456789abcdefSECRET";
    public const string SerperKey = "serper-test-key-SECRET-42";

    public ServiceProvider Services { get; } = services;

    /// <summary>OpenAI pointed at <c>{server}v1</c>, unpaced.</summary>
    public static Harness ForOpenAI(Uri server, Action<OpenAIProviderOptions>? configure = null, InMemoryLoggerProvider? logs = null)
    {
        var builder = new TestLeadoraBuilder(logs: logs);
        builder.UseOpenAI(o =>
        {
            o.ApiKey = OpenAIKey;
            o.BaseUrl = new Uri(server, "v1").AbsoluteUri;
            o.MinDelayMs = 0;
            o.TimeoutSeconds = 10;
            configure?.Invoke(o);
        });
        return new Harness(builder.Build());
    }

    /// <summary>Serper pointed at the server root, unpaced.</summary>
    public static Harness ForSerper(Uri server, Action<SerperOptions>? configure = null, InMemoryLoggerProvider? logs = null)
    {
        var builder = new TestLeadoraBuilder(logs: logs);
        builder.UseSerper(o =>
        {
            o.ApiKey = SerperKey;
            o.BaseUrl = server.AbsoluteUri;
            o.TimeoutSeconds = 10;
            configure?.Invoke(o);
        });
        return new Harness(builder.Build());
    }

    public IChatClient Chat(ModelTier tier = ModelTier.Primary) =>
        Services.GetServices<ChatProviderRegistration>().Single(r => r.Tier == tier).Create(Services);

    public IEmbeddingGenerator<string, Embedding<float>> Embeddings =>
        Services.GetRequiredService<EmbeddingProviderRegistration>().Create(Services);

    public IPlacesSearch Places => Services.GetServices<PlacesProviderRegistration>().Single().Create(Services);

    public IWebSearch Web => Services.GetServices<WebSearchProviderRegistration>().Single().Create(Services);

    public ValueTask DisposeAsync() => Services.DisposeAsync();
}
