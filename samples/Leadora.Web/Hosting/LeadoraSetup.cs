using Leadora.Sandbox;
using Microsoft.Extensions.Configuration;

namespace Leadora.Web.Hosting;

/// <summary>How the host wires Leadora: providers (real or the offline sandbox) and storage.</summary>
internal static class LeadoraSetup
{
    /// <summary>
    /// Chooses the providers. A host that runs no jobs (<see cref="WebHostOptions.RunJobs"/> off) needs none: workers call
    /// the providers, so it needs storage only. Otherwise it uses a shared standalone sandbox (<see cref="WebHostOptions.SandboxUrl"/>),
    /// the configured providers, or — offline (<see cref="OfflineMode"/>; by default when no provider API key is
    /// configured) — starts the in-process sandbox and points the production adapters at it. Returns the in-process
    /// sandbox, if one was started.
    /// </summary>
    public static async Task<SandboxServer?> ConfigureProvidersAsync(ILeadoraBuilder leadora, WebHostOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(leadora);
        ArgumentNullException.ThrowIfNull(options);
        if (!options.RunJobs)
        {
            leadora.EnqueueOnly();
            return null;
        }

        if (SharedSandbox(options) is { } shared)
        {
            leadora.UseSandbox(shared, keepConfiguredLimits: true);
            return null;
        }

        var offline = options.Offline switch
        {
            OfflineMode.Always => true,
            OfflineMode.Never => false,
            _ => !HasProviderKeys(leadora.Configuration),
        };
        if (!offline)
        {
            leadora.UseConfiguredProviders();
            return null;
        }

        // The sandbox is an ASP.NET Core host of its own. Start it outside this method's execution context so tools that
        // watch host construction on the entry point's flow (WebApplicationFactory's HostFactoryResolver) never mistake
        // it for the web app's host.
        Task<SandboxServer> starting;
        using (ExecutionContext.SuppressFlow())
        {
            var sandboxOptions = options.Sandbox.ToSandboxOptions();
            starting = Task.Run(() => SandboxServer.StartAsync(sandboxOptions, cancellationToken), cancellationToken);
        }

        var sandbox = await starting;
        leadora.UseSandbox(sandbox.BaseAddress);
        return sandbox;
    }

    /// <summary>
    /// Chooses storage; returns its name. In-memory is the default. A configured PostgreSQL connection string
    /// (<c>LEADORA_DATABASE_URL</c> or <c>Leadora:Postgres:ConnectionString</c>) switches to PostgreSQL — this method is
    /// the single place that switch happens.
    /// </summary>
    public static string ConfigureStorage(ILeadoraBuilder leadora)
    {
        ArgumentNullException.ThrowIfNull(leadora);
        if (string.IsNullOrWhiteSpace(leadora.Configuration["Postgres:ConnectionString"]))
        {
            return "in-memory";
        }

        leadora.UsePostgres();
        return "postgres";
    }

    /// <summary>The shared standalone sandbox the host was pointed at, if any.</summary>
    public static Uri? SharedSandbox(WebHostOptions options) =>
        options.SandboxUrl is { Length: > 0 } url ? new Uri(url, UriKind.Absolute) : null;

    /// <summary>Whether any provider section (<c>Leadora:OpenAI</c>, <c>Leadora:Serper</c>, …) has an API key.</summary>
    public static bool HasProviderKeys(IConfiguration leadoraSection) =>
        leadoraSection.GetChildren().Any(section => !string.IsNullOrWhiteSpace(section["ApiKey"]));
}
