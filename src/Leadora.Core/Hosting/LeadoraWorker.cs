using Leadora.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Leadora;

/// <summary>What a process that hosts Leadora's background work runs (see <see cref="LeadoraWorkerExtensions.AddLeadoraWorker"/>).</summary>
public sealed class LeadoraWorkerOptions
{
    /// <summary>
    /// Whether this process runs the pipeline's jobs (<see cref="LeadJobRunner"/>). Turn it off in a process that only
    /// serves requests while separate workers drain the queue. Default <see langword="true"/>.
    /// </summary>
    public bool RunJobs { get; set; } = true;

    /// <summary>
    /// Whether this process runs the <see cref="JobSweeper"/> (expired leases back to the queue, expired cache entries
    /// purged) every <see cref="JobQueueOptions.SweepInterval"/>. Safe in every process at once. Default <see langword="true"/>.
    /// </summary>
    public bool Sweep { get; set; } = true;
}

/// <summary>
/// Leadora's background work for one process: the job runner and the sweeper, run together until cancelled. Hosts use it
/// through <see cref="LeadoraWorkerExtensions.AddLeadoraWorker"/> (a hosted service); a process without a generic host
/// (a CLI command) calls <see cref="RunAsync"/>.
/// </summary>
public sealed partial class LeadoraWorker(IServiceProvider services, JobSweeper sweeper, IOptions<LeadoraWorkerOptions> options, ILoggerFactory loggers)
{
    // Resolved only when this process runs jobs: a host composed with EnqueueOnly() has no providers for the runner's stages.
    private readonly Lazy<LeadJobRunner> _runner = new(services.GetRequiredService<LeadJobRunner>);

    /// <summary>The log category of the worker's start and stop lines (<c>Logging:LogLevel:Leadora.Worker</c>).</summary>
    public const string LogCategory = "Leadora.Worker";

    private readonly ILogger _logger = loggers.CreateLogger(LogCategory);
    private volatile bool _runningJobs;

    /// <summary>The runner's worker id, recorded on the jobs it leases; the host and process when this process runs no jobs.</summary>
    public string WorkerId => options.Value.RunJobs ? _runner.Value.WorkerId : $"{Environment.MachineName}-{Environment.ProcessId}";

    /// <summary>Whether this process is configured to run jobs.</summary>
    public bool RunsJobs => options.Value.RunJobs;

    /// <summary>Whether the job runner loop is running now.</summary>
    public bool RunningJobs => _runningJobs;

    /// <summary>
    /// Runs the sweeper and (when <see cref="LeadoraWorkerOptions.RunJobs"/>) the job runner until
    /// <paramref name="cancellationToken"/> fires; then the runner returns unfinished jobs to the queue and this returns
    /// once both have stopped.
    /// </summary>
    /// <param name="cancellationToken">Stops the work.</param>
    /// <returns>A task that completes when the work has stopped.</returns>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.RunJobs)
        {
            LogDraining(_logger, WorkerId, settings.Sweep);
        }
        else
        {
            LogNotDraining(_logger, WorkerId, settings.Sweep);
        }

        var sweeping = settings.Sweep ? sweeper.RunAsync(cancellationToken) : Task.CompletedTask;
        try
        {
            if (settings.RunJobs)
            {
                _runningJobs = true;
                await _runner.Value.RunAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogCrashed(_logger, ex);
            throw;
        }
        finally
        {
            _runningJobs = false;
            await sweeping.ConfigureAwait(false);
        }

        LogStopped(_logger, WorkerId);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker {WorkerId} is draining the job queue (sweeper: {Sweep})")]
    private static partial void LogDraining(ILogger logger, string workerId, bool sweep);

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker {WorkerId} runs no jobs in this process (sweeper: {Sweep})")]
    private static partial void LogNotDraining(ILogger logger, string workerId, bool sweep);

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker {WorkerId} stopped; unfinished jobs were returned to the queue")]
    private static partial void LogStopped(ILogger logger, string workerId);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The Leadora job runner stopped unexpectedly")]
    private static partial void LogCrashed(ILogger logger, Exception exception);
}

/// <summary>Runs <see cref="LeadoraWorker"/> for the host's lifetime.</summary>
public sealed class LeadoraWorkerService(LeadoraWorker worker) : BackgroundService
{
    /// <summary>The work this service runs.</summary>
    public LeadoraWorker Worker => worker;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        await worker.RunAsync(stoppingToken).ConfigureAwait(false);
    }
}

/// <summary>Adds Leadora's background work to a host.</summary>
public static class LeadoraWorkerExtensions
{
    /// <summary>
    /// Runs Leadora's background work in this host: the job runner (unless <see cref="LeadoraWorkerOptions.RunJobs"/> is
    /// off) and the sweeper, as one hosted service. Use it in every long-running process that shares the queue: a worker,
    /// a web host (with <c>RunJobs = false</c> when separate workers run the jobs, the sweeper still runs), a CLI.
    /// </summary>
    /// <param name="builder">The Leadora builder.</param>
    /// <param name="configure">Chooses what runs.</param>
    /// <returns>The builder.</returns>
    public static ILeadoraBuilder AddLeadoraWorker(this ILeadoraBuilder builder, Action<LeadoraWorkerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<LeadoraWorkerOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        builder.Services.TryAddSingleton<LeadoraWorker>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, LeadoraWorkerService>());
        return builder;
    }
}
