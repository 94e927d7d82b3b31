using Leadora.Ports;
using Leadora.Sandbox;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Leadora.Web.Hosting;

/// <summary>What the host runs against, for the UI (the synthetic-data banner) and the start-up log.</summary>
/// <param name="Synthetic">Whether providers are the in-process sandbox: everything shown is generated.</param>
/// <param name="SandboxAddress">The sandbox's loopback address, when synthetic.</param>
/// <param name="Storage">Storage in use, for example <c>in-memory</c>.</param>
/// <param name="RunsJobs">Whether this process runs the pipeline's jobs.</param>
internal sealed record HostMode(bool Synthetic, Uri? SandboxAddress, string Storage, bool RunsJobs);

/// <summary>Owns the offline sandbox so the container stops it when the host stops.</summary>
internal sealed class SandboxHandle(SandboxServer server) : IAsyncDisposable
{
    /// <summary>The sandbox.</summary>
    public SandboxServer Server { get; } = server;

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Server.DisposeAsync();
}

/// <summary>
/// Readiness of storage: a cheap read through <see cref="ILeadStore"/>, so with a database configured it checks that the
/// database answers, and with in-memory storage it always passes.
/// </summary>
internal sealed class StorageHealthCheck(ILeadStore store, HostMode mode) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            _ = await store.ListSearchesAsync("__health__", 0, 1, timeout.Token);
            return HealthCheckResult.Healthy($"{mode.Storage} storage answers");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The exception may name hosts or users; report only its kind.
            return HealthCheckResult.Unhealthy($"{mode.Storage} storage does not answer ({ex.GetType().Name})");
        }
    }
}

/// <summary>Readiness of the job runner, when this process runs jobs.</summary>
internal sealed class JobRunnerHealthCheck(HostMode mode, LeadoraWorker worker) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!mode.RunsJobs)
        {
            return Task.FromResult(HealthCheckResult.Healthy("jobs run in separate workers"));
        }

        return Task.FromResult(worker.RunningJobs
            ? HealthCheckResult.Healthy("the in-process job runner is running")
            : HealthCheckResult.Unhealthy("the in-process job runner is not running"));
    }
}
