using System.Text.Json;
using Leadora.Llm;
using Leadora.Ports;

namespace Leadora.Jobs;

/// <summary>Executes one job type. Handlers must be idempotent: a job may run again after a crash or a lost lease.</summary>
public interface IJobHandler
{
    /// <summary>The job type handled.</summary>
    string JobType { get; }

    /// <summary>Runs the job. Throwing fails the attempt (retried with backoff, then dead-lettered).</summary>
    Task ExecuteAsync(JobContext context, CancellationToken cancellationToken);
}

/// <summary>A job being run: its lease, payload and a way to report progress (which also extends the lease).</summary>
public sealed class JobContext
{
    private static readonly TimeSpan MinReportInterval = TimeSpan.FromMilliseconds(200);
    private readonly IJobQueue _queue;
    private readonly TimeProvider _time;
    private readonly SearchSignals _signals;
    private readonly Action _onLeaseLost;
    private long _lastReport;

    internal JobContext(LeasedJob job, IJobQueue queue, TimeProvider time, SearchSignals signals, Action onLeaseLost)
    {
        Job = job;
        _queue = queue;
        _time = time;
        _signals = signals;
        _onLeaseLost = onLeaseLost;
    }

    /// <summary>The leased job.</summary>
    public LeasedJob Job { get; }

    /// <summary>Last reported progress, 0–1.</summary>
    public double Progress { get; private set; }

    /// <summary>The payload deserialized as <typeparamref name="T"/>.</summary>
    public T Payload<T>() => JsonSerializer.Deserialize<T>(Job.Payload, StructuredOutput.SerializerOptions)
        ?? throw new InvalidOperationException($"Job {Job.Key} has an empty payload.");

    /// <summary>Reports progress (0–1). Writes are throttled; each write extends the lease. A lost lease cancels the job.</summary>
    public async Task ReportProgressAsync(double fraction, CancellationToken cancellationToken)
    {
        Progress = Math.Clamp(fraction, 0, 1);
        var now = _time.GetTimestamp();
        if (_lastReport != 0 && _time.GetElapsedTime(_lastReport, now) < MinReportInterval)
        {
            return;
        }

        _lastReport = now;
        if (!await _queue.HeartbeatAsync(Job, Progress, cancellationToken).ConfigureAwait(false))
        {
            _onLeaseLost();
            cancellationToken.ThrowIfCancellationRequested();
        }

        _signals.Notify(Job.SearchId);
    }

    /// <summary>
    /// A commit point: confirms the job still holds its lease and its search was not cancelled, and throws
    /// <see cref="OperationCanceledException"/> otherwise. Call it right before persisting results, so work that finished
    /// after a cancellation (or after another worker took the job over) is not written.
    /// </summary>
    public async Task EnsureActiveAsync(CancellationToken cancellationToken)
    {
        if (!await _queue.HeartbeatAsync(Job, Progress, cancellationToken).ConfigureAwait(false))
        {
            _onLeaseLost();
            cancellationToken.ThrowIfCancellationRequested();
            throw new OperationCanceledException($"Job {Job.Key} lost its lease.");
        }
    }

    /// <summary>Serializes a payload.</summary>
    public static string SerializePayload<T>(T payload) => JsonSerializer.Serialize(payload, StructuredOutput.SerializerOptions);
}

/// <summary>Thrown by a handler when retrying cannot help (for example, the search no longer exists).</summary>
public sealed class PermanentJobException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PermanentJobException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public PermanentJobException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public PermanentJobException()
    {
    }
}

/// <summary>Whether a job failure may pass on retry.</summary>
internal static class JobFailures
{
    /// <summary>False for failures that a retry cannot fix: rejected keys, exhausted credit, blocked spending, permanent job errors.</summary>
    public static bool IsRetryable(Exception exception) => exception switch
    {
        PermanentJobException => false,
        ProviderException { Kind: ProviderErrorKind.Unauthorized or ProviderErrorKind.OutOfCredit or ProviderErrorKind.SpendingBlocked or ProviderErrorKind.Rejected } => false,
        _ => true,
    };
}
