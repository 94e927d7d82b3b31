using Leadora.Providers.Tests.Infrastructure;
using Leadora.Sandbox;

namespace Leadora.Providers.Tests.Sandbox;

/// <summary>
/// A sandbox server per test class, with production adapters pointed at it through <see cref="ProvidersLeadoraBuilderExtensions.UseSandbox(ILeadoraBuilder, Uri)"/>.
/// Timeout faults hang for 5 s; adapters built by <see cref="Adapters"/> give up after 10 s (timeout tests set 1 s) and
/// do not retry (contract tests check one exchange; resilience tests turn retries on through <c>all</c>).
/// </summary>
public abstract class SandboxTestBase : IAsyncLifetime
{
    protected SandboxServer Sandbox { get; set; } = null!;

    public virtual async Task InitializeAsync() =>
        Sandbox = await SandboxServer.StartAsync(new SandboxOptions { Seed = 7, TimeoutFaultDuration = TimeSpan.FromSeconds(5) });

    public async Task DisposeAsync() => await Sandbox.DisposeAsync();

    /// <summary>The registrations Core would see after <c>UseSandbox(sandbox)</c>, plus test overrides.</summary>
    protected Harness Adapters(
        Action<OpenAIProviderOptions>? openAI = null,
        Action<SerperOptions>? serper = null,
        InMemoryLoggerProvider? logs = null,
        Action<GeminiOptions>? gemini = null,
        Action<DeepSeekOptions>? deepSeek = null,
        Action<GooglePlacesOptions>? googlePlaces = null,
        Action<GoogleCseOptions>? cse = null,
        Action<ProviderHttpOptions>? all = null,
        Action<TestLeadoraBuilder>? services = null)
    {
        var builder = new TestLeadoraBuilder(logs: logs);
        services?.Invoke(builder);
        void Common(ProviderHttpOptions o)
        {
            o.TimeoutSeconds = 10;
            o.MaxRetries = 0;
            o.RetryBaseDelayMs = 10;
            all?.Invoke(o);
        }

        builder.UseSandbox(Sandbox.BaseAddress)
            .UseOpenAI(o =>
            {
                Common(o);
                openAI?.Invoke(o);
            })
            .UseGemini(o =>
            {
                Common(o);
                gemini?.Invoke(o);
            })
            .UseDeepSeek(o =>
            {
                Common(o);
                deepSeek?.Invoke(o);
            })
            .UseSerper(o =>
            {
                Common(o);
                serper?.Invoke(o);
            })
            .UseGooglePlaces(o =>
            {
                Common(o);
                googlePlaces?.Invoke(o);
            })
            .UseGoogleCse(o =>
            {
                Common(o);
                cse?.Invoke(o);
            });
        return new Harness(builder.Build());
    }

    protected SandboxRequestLogEntry LastRequest(string provider) => Sandbox.RequestLog.ForProvider(provider)[^1];
}
