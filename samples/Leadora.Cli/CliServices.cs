using Leadora.Sandbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Leadora.Cli;

/// <summary>How a command wants Leadora composed.</summary>
internal sealed class CliServiceSettings
{
    /// <summary>The in-process sandbox to use as every provider; <see langword="null"/> uses the configured real providers.</summary>
    public SandboxServer? Sandbox { get; init; }

    /// <summary>
    /// A standalone sandbox (<c>leadora sandbox --port N</c>) to use as every provider, shared with other processes; the
    /// configured provider limits (<c>OPENAI_MAX_CONCURRENT</c>, …) still apply. <see langword="null"/> when not used.
    /// </summary>
    public Uri? SandboxUrl { get; init; }

    /// <summary>PostgreSQL to keep everything in; <see langword="null"/> keeps it in memory.</summary>
    public string? Database { get; init; }

    /// <summary>Register providers at all (<c>show</c> and <c>db migrate</c> need none).</summary>
    public bool Providers { get; init; } = true;

    /// <summary>Only start, read and cancel searches (<c>search --detach</c>): no providers, and no provider keys asked for.</summary>
    public bool EnqueueOnly { get; init; }

    public bool Verbose { get; init; }

    /// <summary>Settings applied under the environment (for example sandbox-sized provider timeouts); the environment wins.</summary>
    public IReadOnlyDictionary<string, string?>? Defaults { get; init; }

    /// <summary>Extra settings (for example <c>Leadora:Runner:WorkerId</c>), applied over the environment.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();
}

/// <summary>Builds the service provider every command uses: environment configuration, stderr logging, providers and storage.</summary>
internal static class CliServices
{
    /// <summary>The tenant single-user commands act for (<c>Leadora:DefaultTenantId</c>), read without validating provider settings.</summary>
    public static string DefaultTenant() =>
        LeadoraConfiguration.GetLeadoraSection(new ConfigurationBuilder().AddEnvironmentVariables().Build())[nameof(LeadoraOptions.DefaultTenantId)] is { Length: > 0 } tenant
            ? tenant
            : new LeadoraOptions().DefaultTenantId;

    public static ServiceProvider Build(CliServiceSettings settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Defaults ?? new Dictionary<string, string?>())
            .AddEnvironmentVariables()
            .AddInMemoryCollection(settings.Settings)
            .Build();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging
            .SetMinimumLevel(settings.Verbose ? LogLevel.Information : LogLevel.Warning)
            .AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss ";
            })
            .AddFilter("Microsoft", LogLevel.Warning)
            .AddFilter("System.Net.Http", LogLevel.Warning)
            .AddFilter("Npgsql", LogLevel.Warning)
            .Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace));
        var leadora = services.AddLeadora(configuration);
        if (settings.EnqueueOnly)
        {
            leadora.EnqueueOnly();
        }
        else if (settings.Sandbox is not null)
        {
            leadora.UseSandbox(settings.Sandbox.BaseAddress);
        }
        else if (settings.SandboxUrl is not null)
        {
            leadora.UseSandbox(settings.SandboxUrl, keepConfiguredLimits: true);
        }
        else if (settings.Providers)
        {
            leadora.UseConfiguredProviders();
        }

        if (settings.Database is not null)
        {
            leadora.UsePostgres(o => o.ConnectionString = settings.Database);
        }

        // The same background work a worker or web host runs (job runner + sweeper); `leadora worker` runs it in the foreground.
        leadora.AddLeadoraWorker();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }
}
