using Microsoft.Extensions.Logging;

namespace Leadora.Jobs;

/// <summary>
/// Logs an outage of something a loop depends on (the database) once when it starts and once when it ends, however often
/// the loop retries in between, so a 30-second database restart is two log lines per process, not one per poll.
/// </summary>
public sealed partial class OutageLog
{
    private readonly ILogger _logger;
    private readonly string _what;
    private readonly TimeProvider _time;
    private int _down;
    private long _since;

    /// <summary>Creates the log for <paramref name="what"/> (for example <c>the job runner</c>).</summary>
    public OutageLog(ILogger logger, string what, TimeProvider? time = null)
    {
        _logger = logger;
        _what = what;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Whether the last attempt failed.</summary>
    public bool IsDown => Volatile.Read(ref _down) == 1;

    /// <summary>Records a failed attempt; logs a warning only for the first failure of an outage.</summary>
    public void Failed(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (Interlocked.Exchange(ref _down, 1) == 0)
        {
            Interlocked.Exchange(ref _since, _time.GetTimestamp());

            // The kind and message only: storage drivers name the host, never the password.
            LogDown(_logger, _what, error.GetType().Name, error.Message);
        }
    }

    /// <summary>Records a successful attempt; logs once when it ends an outage.</summary>
    public void Recovered()
    {
        if (Volatile.Read(ref _down) == 1 && Interlocked.Exchange(ref _down, 0) == 1)
        {
            LogUp(_logger, _what, _time.GetElapsedTime(Interlocked.Read(ref _since)).TotalSeconds);
        }
    }

    [LoggerMessage(EventId = 900, Level = LogLevel.Warning, Message = "Storage is unavailable to {What} ({Error}: {Message}); retrying with backoff until it answers")]
    private static partial void LogDown(ILogger logger, string what, string error, string message);

    [LoggerMessage(EventId = 901, Level = LogLevel.Warning, Message = "Storage answers {What} again after {Seconds:0.#} s")]
    private static partial void LogUp(ILogger logger, string what, double seconds);
}

/// <summary>Whether an exception means storage is away (a stopped or restarting database), as opposed to a bug or a bad query.</summary>
public static class StorageOutage
{
    /// <summary>
    /// True for a transient <see cref="System.Data.Common.DbException"/> (connection refused or broken, server shutting down
    /// or starting up), or a socket, I/O or timeout failure inside one, anywhere in the exception's chain.
    /// </summary>
    public static bool IsOutage(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is System.Data.Common.DbException db && (db.IsTransient || db.InnerException is System.Net.Sockets.SocketException or IOException or TimeoutException))
            {
                return true;
            }

            if (e is AggregateException aggregate && aggregate.InnerExceptions.Any(IsOutage))
            {
                return true;
            }
        }

        return false;
    }
}
