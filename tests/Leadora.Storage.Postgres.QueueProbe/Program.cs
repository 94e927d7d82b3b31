using System.Diagnostics;
using System.Globalization;
using Leadora;
using Leadora.Storage.Postgres;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

// A queue consumer for the multi-process tests. Claims jobs from the PostgreSQL queue and records every execution in
// probe_runs (job, attempt, worker, start, end, outcome) so the test can check exactly-once completion across processes.
//   QueueProbe CONNECTION SCHEMA WORKER_ID LEASE_MS [CRASH_AFTER]
// Payload "fail-once" fails the first attempt (retryable). With CRASH_AFTER, the process kills itself (SIGKILL) once it has
// started CRASH_AFTER jobs, holding the leases of its last batch. The schema is the tests' (64-dimensional embeddings).
var connection = args[0];
var schema = args[1];
var workerId = args[2];
var lease = TimeSpan.FromMilliseconds(int.Parse(args[3], CultureInfo.InvariantCulture));
var crashAfter = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : int.MaxValue;

await using var database = new PostgresDatabase(Options.Create(new PostgresStorageOptions { ConnectionString = connection, Schema = schema, VectorDimensions = 64 }), NullLoggerFactory.Instance);
var leadora = new LeadoraOptions
{
    Jobs = new JobQueueOptions { LeaseDuration = lease, MaxAttempts = 5, RetryBaseDelay = TimeSpan.FromMilliseconds(100), RetryMaxDelay = TimeSpan.FromSeconds(1) },
};
await using var queue = new PostgresJobQueue(database, Options.Create(leadora), TimeProvider.System, NullLogger<PostgresJobQueue>.Instance);
await using var audit = NpgsqlDataSource.Create(connection);
// Warm up both connection pools before claiming, so start-up work does not eat into the first leases.
await using (var warm = audit.CreateCommand("SELECT 1"))
{
    await warm.ExecuteScalarAsync();
}

await queue.WaitForWorkAsync(TimeSpan.FromMilliseconds(1));
var started = 0;
var idleSince = Stopwatch.StartNew();
while (true)
{
    var jobs = await queue.ClaimAsync(workerId, 4);
    if (jobs.Count == 0)
    {
        await using var open = audit.CreateCommand($"SELECT count(*) FROM \"{schema}\".jobs WHERE state IN ('pending', 'running')");
        if ((long)(await open.ExecuteScalarAsync())! == 0 || idleSince.Elapsed > TimeSpan.FromSeconds(60))
        {
            return 0;
        }

        await queue.WaitForWorkAsync(TimeSpan.FromMilliseconds(200));
        continue;
    }

    idleSince.Restart();
    foreach (var job in jobs)
    {
        await using var begin = audit.CreateCommand($"INSERT INTO \"{schema}\".probe_runs (job_id, attempt, worker_id, started_at) VALUES ($1, $2, $3, clock_timestamp())");
        begin.Parameters.AddWithValue(job.Id);
        begin.Parameters.AddWithValue(job.Attempt);
        begin.Parameters.AddWithValue(workerId);
        await begin.ExecuteNonQueryAsync();
    }

    started += jobs.Count;
    if (started >= crashAfter)
    {
        // Die holding these leases, as a crashed worker would.
        Process.GetCurrentProcess().Kill();
    }

    await Task.WhenAll(jobs.Select(async job =>
    {
        // Heartbeat while "working", as LeadJobRunner does, so a slow moment on a busy machine does not lose the lease.
        using var stopHeartbeat = new CancellationTokenSource();
        var heartbeat = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    await Task.Delay(lease / 3, stopHeartbeat.Token);
                    await queue.HeartbeatAsync(job, 0.5, stopHeartbeat.Token);
                }
            }
            catch (OperationCanceledException)
            {
                // Done.
            }
        });
        await Task.Delay(Random.Shared.Next(1, 8));
        await stopHeartbeat.CancelAsync();
        await heartbeat;
        string outcome;
        if (job.Payload == "fail-once" && job.Attempt == 1)
        {
            outcome = await queue.FailAsync(job, "planned failure", retryable: true) is null ? "lost" : "failed";
        }
        else
        {
            outcome = await queue.CompleteAsync(job) ? "completed" : "lost";
        }

        await using var end = audit.CreateCommand($"UPDATE \"{schema}\".probe_runs SET finished_at = clock_timestamp(), outcome = $1 WHERE job_id = $2 AND attempt = $3 AND worker_id = $4");
        end.Parameters.AddWithValue(outcome);
        end.Parameters.AddWithValue(job.Id);
        end.Parameters.AddWithValue(job.Attempt);
        end.Parameters.AddWithValue(workerId);
        await end.ExecuteNonQueryAsync();
    }));
}
