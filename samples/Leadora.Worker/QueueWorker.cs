using Leadora.Jobs;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Leadora.Worker;

/// <summary>Settings of this host (section <c>Leadora:Worker</c>).</summary>
internal sealed class WorkerSettings
{
    /// <summary>Run against an in-process sandbox instead of the real providers (synthetic data).</summary>
    public bool Offline { get; set; }

    /// <summary>Seed of the sandbox's world; workers with the same seed see the same world.</summary>
    public long SandboxSeed { get; set; } = 42;

    /// <summary>Sandbox latency spec, for example <c>openai=500,serper=300</c> or <c>realistic</c>.</summary>
    public string? SandboxLatency { get; set; }

    /// <summary>
    /// A standalone sandbox (<c>leadora sandbox --port N</c>) shared by the fleet, used as every provider
    /// (<c>Leadora:Worker:SandboxUrl</c> or <c>LEADORA_SANDBOX_URL</c>); configured provider limits still apply.
    /// </summary>
    public string? SandboxUrl { get; set; }
}

/// <summary>Runs the job runner for the host's lifetime. On shutdown the runner returns unfinished jobs to the queue.</summary>
internal sealed partial class QueueWorker(LeadJobRunner runner, ILogger<QueueWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        LogStarted(logger, runner.WorkerId);
        await runner.RunAsync(stoppingToken);
        LogStopped(logger, runner.WorkerId);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker {WorkerId} is draining the job queue")]
    private static partial void LogStarted(ILogger logger, string workerId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker {WorkerId} stopped; unfinished jobs were returned to the queue")]
    private static partial void LogStopped(ILogger logger, string workerId);
}

/// <summary>Returns expired leases to the queue and purges expired cache entries on every sweep interval.</summary>
internal sealed class SweeperService(JobSweeper sweeper) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => sweeper.RunAsync(stoppingToken);
}
