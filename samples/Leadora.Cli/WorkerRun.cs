using Leadora.Sandbox;
using Leadora.Storage.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Leadora.Cli;

/// <summary>What <c>leadora worker</c> was asked to do.</summary>
internal sealed class WorkerRunSettings
{
    public required string Database { get; init; }

    public SandboxSettings? Sandbox { get; init; }

    /// <summary>A shared standalone sandbox to use as every provider, instead of an in-process one.</summary>
    public Uri? SandboxUrl { get; init; }

    public string? WorkerId { get; init; }

    public int? Concurrency { get; init; }

    public bool Verbose { get; init; }
}

/// <summary>
/// Drains the PostgreSQL job queue in this process until Ctrl+C or SIGTERM: <see cref="LeadoraWorker"/> (the job runner plus the sweeper). On shutdown the
/// runner stops claiming and returns unfinished jobs to the queue, so another worker picks them up at once.
/// </summary>
internal static class WorkerRun
{
    public static async Task<int> RunAsync(WorkerRunSettings settings, CancellationToken cancellationToken)
    {
        await using var sandbox = settings.Sandbox is null ? null : await SandboxServer.StartAsync(settings.Sandbox.ToOptions(), cancellationToken);
        var overrides = new Dictionary<string, string?>();
        if (settings.WorkerId is not null)
        {
            overrides["Leadora:Runner:WorkerId"] = settings.WorkerId;
        }

        if (settings.Concurrency is { } concurrency)
        {
            overrides["Leadora:Runner:MaxConcurrentJobs"] = concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        await using var services = CliServices.Build(new CliServiceSettings { Sandbox = sandbox, SandboxUrl = settings.SandboxUrl, Database = settings.Database, Verbose = settings.Verbose, Defaults = settings.Sandbox?.ProviderSettings(), Settings = overrides });
        try
        {
            _ = services.GetRequiredService<IOptions<LeadoraOptions>>().Value;
        }
        catch (OptionsValidationException ex)
        {
            await Console.Error.WriteLineAsync($"leadora: {ex.Failures.First()}{(sandbox is null && settings.SandboxUrl is null ? " (or pass --offline to use the sandbox)" : "")}");
            return ExitCodes.BadInput;
        }

        await services.GetRequiredService<PostgresDatabase>().EnsureReadyAsync(cancellationToken);
        var worker = services.GetRequiredService<LeadoraWorker>();
        await Console.Error.WriteLineAsync(
            $"leadora worker {worker.WorkerId} draining the job queue at {PostgresConnectionString.Describe(settings.Database)}" +
            $"{(sandbox is not null ? $" against the sandbox at {sandbox.BaseAddress} (synthetic data)" : settings.SandboxUrl is not null ? $" against the shared sandbox at {settings.SandboxUrl} (synthetic data)" : "")}; Ctrl+C or SIGTERM stops it and returns unfinished jobs.");
        await worker.RunAsync(cancellationToken);
        await Console.Error.WriteLineAsync($"leadora worker {worker.WorkerId} stopped.");
        return ExitCodes.Success;
    }
}
