using Leadora.Jobs;
using Leadora.Ports;
using Leadora.Sandbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Leadora.Testing;

/// <summary>
/// A running sandbox plus a Leadora service provider wired to it through the production provider adapters: the way
/// tests run real offline searches. Dispose to stop both.
/// </summary>
public sealed class SandboxLeadora : IAsyncDisposable
{
    /// <summary>The tenant tests use unless they say otherwise.</summary>
    public const string Tenant = "tests";

    private SandboxLeadora(SandboxServer sandbox, ServiceProvider services)
    {
        Sandbox = sandbox;
        Services = services;
    }

    /// <summary>The sandbox.</summary>
    public SandboxServer Sandbox { get; }

    /// <summary>The Leadora services.</summary>
    public ServiceProvider Services { get; }

    /// <summary>The pipeline.</summary>
    public ILeadPipeline Pipeline => Services.GetRequiredService<ILeadPipeline>();

    /// <summary>The request the demo runs: customers in two industries and two countries.</summary>
    public static LeadSearchRequest DemoRequest { get; } = new()
    {
        SearchType = SearchType.Customer,
        ProductService = "Industrial water-treatment chemicals for cooling towers and process water",
        Industries = ["Petrochemicals", "Power generation"],
        Countries = ["Saudi Arabia", "United Arab Emirates"],
    };

    /// <summary>A smaller request for quick tests: one industry, one country, fewer businesses.</summary>
    public static LeadSearchRequest SmallRequest { get; } = new()
    {
        SearchType = SearchType.Customer,
        ProductService = "Industrial water-treatment chemicals",
        Industries = ["Petrochemicals"],
        Countries = ["Saudi Arabia"],
        Limits = new SearchLimits { BusinessPersonas = 2, DecisionMakerPersonas = 2, BusinessesPerPersona = 5, DecisionMakersPerBusiness = 2 },
    };

    /// <summary>
    /// Starts a sandbox (configure it with <paramref name="sandbox"/>) and builds Leadora on top of it. <paramref name="services"/>
    /// runs after Leadora is added (replace storage, add decorators); <paramref name="configuration"/> adds settings.
    /// </summary>
    public static async Task<SandboxLeadora> StartAsync(
        Action<SandboxOptions>? sandbox = null,
        Action<ILeadoraBuilder>? services = null,
        IReadOnlyDictionary<string, string?>? configuration = null,
        ILoggerProvider? logger = null)
    {
        var options = new SandboxOptions();
        sandbox?.Invoke(options);
        var server = await SandboxServer.StartAsync(options);
        var settings = new Dictionary<string, string?>
        {
            ["Leadora:Pipeline:WatchPollInterval"] = "00:00:00.100",
            ["Leadora:Runner:IdlePollInterval"] = "00:00:00.200",
        };
        foreach (var (key, value) in configuration ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var collection = new ServiceCollection();
        collection.AddLogging(builder =>
        {
            builder.SetMinimumLevel(LogLevel.Debug);
            if (logger is not null)
            {
                builder.AddProvider(logger);
            }
        });
        var leadora = collection.AddLeadora(new ConfigurationBuilder().AddInMemoryCollection(settings).Build()).UseSandbox(server.BaseAddress);
        services?.Invoke(leadora);
        return new SandboxLeadora(server, collection.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true }));
    }

    /// <summary>Starts <paramref name="request"/> and runs it in this process until it finishes.</summary>
    public async Task<LeadSearchResult> RunAsync(LeadSearchRequest request, string tenant = Tenant, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        var search = await Pipeline.StartAsync(tenant, request, timeout.Token);
        return await Pipeline.RunToCompletionAsync(tenant, search.Id, timeout.Token);
    }

    /// <summary>The job runner.</summary>
    public LeadJobRunner Runner => Services.GetRequiredService<LeadJobRunner>();

    /// <summary>The job queue.</summary>
    public IJobQueue Queue => Services.GetRequiredService<IJobQueue>();

    /// <summary>The lead store.</summary>
    public ILeadStore Store => Services.GetRequiredService<ILeadStore>();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Sandbox.DisposeAsync();
    }
}
