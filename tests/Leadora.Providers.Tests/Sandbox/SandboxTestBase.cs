using Leadora.Providers.Tests.Infrastructure;
using Leadora.Sandbox;

namespace Leadora.Providers.Tests.Sandbox;

/// <summary>
/// A sandbox server per test class, with production adapters pointed at it through <see cref="ProvidersLeadoraBuilderExtensions.UseSandbox"/>.
/// Timeout faults hang for 5 s; adapters built by <see cref="Adapters"/> give up after 1 s.
/// </summary>
public abstract class SandboxTestBase : IAsyncLifetime
{
    protected SandboxServer Sandbox { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Sandbox = await SandboxServer.StartAsync(new SandboxOptions { Seed = 7, TimeoutFaultDuration = TimeSpan.FromSeconds(5) });

    public async Task DisposeAsync() => await Sandbox.DisposeAsync();

    /// <summary>The registrations Core would see after <c>UseSandbox(sandbox)</c>, plus test overrides.</summary>
    protected Harness Adapters(Action<OpenAIProviderOptions>? openAI = null, Action<SerperOptions>? serper = null, InMemoryLoggerProvider? logs = null)
    {
        var builder = new TestLeadoraBuilder(logs: logs);
        builder.UseSandbox(Sandbox.BaseAddress)
            .UseOpenAI(o =>
            {
                o.TimeoutSeconds = 1;
                openAI?.Invoke(o);
            })
            .UseSerper(o =>
            {
                o.TimeoutSeconds = 1;
                serper?.Invoke(o);
            });
        return new Harness(builder.Build());
    }

    protected SandboxRequestLogEntry LastRequest(string provider) => Sandbox.RequestLog.ForProvider(provider)[^1];
}
