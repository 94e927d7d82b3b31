using Leadora;
using Leadora.Sandbox;
using Leadora.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// leadora-worker: drains Leadora's PostgreSQL job queue. Run any number of copies against one database to scale out.
// Configuration: LEADORA_DATABASE_URL (or Leadora__Postgres__ConnectionString), provider keys (OPENAI_API_KEY, SERPER_KEY),
// Leadora__Runner__MaxConcurrentJobs, Leadora__Jobs__LeaseDuration, … ; Leadora__Worker__Offline=true runs against an
// in-process sandbox (synthetic data; Leadora__Worker__SandboxSeed, Leadora__Worker__SandboxLatency), and
// Leadora__Worker__SandboxUrl (or LEADORA_SANDBOX_URL) uses a standalone sandbox shared by the fleet.
var builder = Host.CreateApplicationBuilder(args);
builder.AddServiceDefaults();
builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
builder.Logging.AddFilter("Npgsql", LogLevel.Warning).AddFilter("System.Net.Http", LogLevel.Warning);
var worker = builder.Configuration.GetSection("Leadora:Worker").Get<WorkerSettings>() ?? new WorkerSettings();
var sharedSandbox = worker.SandboxUrl is { Length: > 0 } url ? url : builder.Configuration["LEADORA_SANDBOX_URL"];

SandboxServer? sandbox = null;
if (worker.Offline)
{
    var options = new SandboxOptions { Seed = worker.SandboxSeed };
    foreach (var (provider, latency) in SandboxOptions.ParseLatency(worker.SandboxLatency ?? "none"))
    {
        options.Latency[provider] = latency;
    }

    sandbox = await SandboxServer.StartAsync(options);
}

try
{
    var leadora = builder.Services.AddLeadora(builder.Configuration);
    if (sandbox is not null)
    {
        leadora.UseSandbox(sandbox.BaseAddress);
    }
    else if (sharedSandbox is { Length: > 0 })
    {
        leadora.UseSandbox(new Uri(sharedSandbox, UriKind.Absolute), keepConfiguredLimits: true);
    }
    else
    {
        leadora.UseConfiguredProviders();
    }

    leadora.UsePostgres().AddLeadoraWorker();
    using var host = builder.Build();
    await host.RunAsync();
    return 0;
}
catch (Microsoft.Extensions.Options.OptionsValidationException ex)
{
    await Console.Error.WriteLineAsync($"leadora-worker: {string.Join(Environment.NewLine, ex.Failures)}");
    return 2;
}
finally
{
    if (sandbox is not null)
    {
        await sandbox.DisposeAsync();
    }
}
