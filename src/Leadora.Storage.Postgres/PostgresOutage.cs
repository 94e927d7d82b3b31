using System.Net.Sockets;
using Npgsql;

namespace Leadora.Storage.Postgres;

/// <summary>What counts as the database being away (stopped, restarting, unreachable), as opposed to a bad query.</summary>
internal static class PostgresOutage
{
    /// <summary>How long the limiters wait before asking a database that did not answer again.</summary>
    public static readonly TimeSpan Backoff = TimeSpan.FromSeconds(1);

    /// <summary>Whether <paramref name="error"/> means the database is away; never true for the caller's own cancellation.</summary>
    public static bool IsOutage(Exception error, CancellationToken cancellationToken) => !cancellationToken.IsCancellationRequested && error switch
    {
        // 57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now (starting up or shutting down), 08xxx connection.
        PostgresException p => p.SqlState is "57P01" or "57P02" or "57P03" || p.SqlState.StartsWith("08", StringComparison.Ordinal),
        NpgsqlException n => n.IsTransient || n.InnerException is SocketException or IOException or TimeoutException,
        SocketException or IOException or TimeoutException => true,
        _ => false,
    };
}
