using System.Collections.Concurrent;
using Leadora.Ports;
using Leadora.Storage.Postgres.Tests.Infrastructure;
using Npgsql;
using Xunit.Abstractions;

namespace Leadora.Storage.Postgres.Tests;

/// <summary>
/// Acceptance 1: the queue under several concurrent consumers on separate connections (and separate processes), on the real
/// server with the real clock: every job completes once per attempt, none runs twice at the same time, none is lost, and an
/// expired lease is reclaimed. (Backoff and dead-lettering with a driven clock are in the shared contract suite.)
/// </summary>
[Collection(ProcessHeavy.Name)]
public sealed class QueueConcurrencyTests(PostgresDatabaseFixture fixture, ITestOutputHelper output) : IClassFixture<PostgresDatabaseFixture>
{
    private static readonly JobQueueOptions Jobs = new()
    {
        LeaseDuration = TimeSpan.FromSeconds(2),
        MaxAttempts = 5,
        RetryBaseDelay = TimeSpan.FromMilliseconds(50),
        RetryMaxDelay = TimeSpan.FromMilliseconds(200),
    };

    [Fact]
    public async Task Consumers_on_separate_connections_run_every_job_once_and_never_concurrently()
    {
        var options = fixture.Options();
        var producer = fixture.Queue(fixture.Open(options), TimeProvider.System, Jobs);
        var search = Guid.NewGuid();
        const int count = 400;
        // Every tenth job fails its first attempt, so retries go through the queue too.
        var requests = Enumerable.Range(0, count).Select(i => new JobRequest("discovery", "tenant-a", search, $"{search:N}:j{i}", i % 10 == 0 ? "fail-once" : "{}")).ToList();
        Assert.Equal(count, await producer.EnqueueAsync(requests));

        var running = new ConcurrentDictionary<Guid, string>();
        var runs = new ConcurrentBag<(Guid Id, int Attempt, string Outcome)>();
        var overlaps = 0;
        var consumers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            // Each consumer has its own data source: separate connections, as separate workers would.
            await using var queue = fixture.Queue(fixture.Open(options), TimeProvider.System, Jobs);
            var idle = 0;
            while (idle < 10)
            {
                var claimed = await queue.ClaimAsync($"c{w}", 3);
                if (claimed.Count == 0)
                {
                    idle++;
                    await queue.WaitForWorkAsync(TimeSpan.FromMilliseconds(100));
                    continue;
                }

                idle = 0;
                foreach (var job in claimed)
                {
                    if (!running.TryAdd(job.Id, job.WorkerId))
                    {
                        Interlocked.Increment(ref overlaps);
                    }

                    await Task.Yield();
                    var failOnce = job.Payload == "fail-once" && job.Attempt == 1;
                    running.TryRemove(job.Id, out _);
                    if (failOnce)
                    {
                        Assert.False((await queue.FailAsync(job, "planned", retryable: true))!.DeadLettered);
                        runs.Add((job.Id, job.Attempt, "failed"));
                    }
                    else
                    {
                        Assert.True(await queue.CompleteAsync(job));
                        runs.Add((job.Id, job.Attempt, "completed"));
                    }
                }
            }
        })).ToList();
        await Task.WhenAll(consumers);

        Assert.Equal(0, overlaps);
        var jobs = await producer.ListAsync("tenant-a", search);
        Assert.Equal(count, jobs.Count);
        Assert.All(jobs, j => Assert.Equal(JobState.Completed, j.State));
        var completed = runs.Where(r => r.Outcome == "completed").ToList();
        Assert.Equal(count, completed.Count);
        Assert.Equal(count, completed.Select(r => r.Id).Distinct().Count());
        Assert.Equal(runs.Count, runs.Select(r => (r.Id, r.Attempt)).Distinct().Count());
        Assert.Equal(count / 10, runs.Count(r => r.Outcome == "failed"));
        Assert.All(jobs.Where(j => j.Payload == "fail-once"), j => Assert.Equal(2, j.Attempts));
    }

    [Fact]
    public async Task An_abandoned_lease_expires_and_another_consumer_reclaims_the_job()
    {
        var options = fixture.Options();
        var queue = fixture.Queue(fixture.Open(options), TimeProvider.System, Jobs);
        var other = fixture.Queue(fixture.Open(options), TimeProvider.System, Jobs);
        var search = Guid.NewGuid();
        await queue.EnqueueAsync([new JobRequest("discovery", "tenant-a", search, $"{search:N}:abandoned", "{}")]);
        var abandoned = Assert.Single(await queue.ClaimAsync("crashed", 1));
        Assert.Empty(await other.ClaimAsync("survivor", 1));

        await Task.Delay(Jobs.LeaseDuration + TimeSpan.FromMilliseconds(300));
        var reclaimed = Assert.Single(await other.ClaimAsync("survivor", 1));
        Assert.Equal(abandoned.Id, reclaimed.Id);
        Assert.Equal(2, reclaimed.Attempt);
        Assert.False(await queue.CompleteAsync(abandoned));
        Assert.True(await other.CompleteAsync(reclaimed));
    }

    [Fact]
    public async Task The_sweeper_requeues_expired_leases_and_wakes_listeners()
    {
        var options = fixture.Options();
        var queue = fixture.Queue(fixture.Open(options), TimeProvider.System, Jobs);
        var listener = fixture.Queue(fixture.Open(options), TimeProvider.System, Jobs);
        var search = Guid.NewGuid();
        await queue.EnqueueAsync([new JobRequest("discovery", "tenant-a", search, $"{search:N}:swept", "{}")]);
        _ = Assert.Single(await queue.ClaimAsync("crashed", 1));
        await listener.WaitForWorkAsync(TimeSpan.FromMilliseconds(50));
        await Task.Delay(Jobs.LeaseDuration + TimeSpan.FromMilliseconds(200));

        var woken = listener.WaitForWorkAsync(TimeSpan.FromSeconds(30));
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal(1, await queue.RequeueExpiredAsync());
        await woken;
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"woke after {stopwatch.Elapsed}");
        Assert.Equal(JobState.Pending, Assert.Single(await queue.ListAsync("tenant-a", search)).State);
    }

    [Fact]
    public async Task An_idle_worker_wakes_on_notify_instead_of_waiting_for_its_poll()
    {
        var options = fixture.Options();
        var producer = fixture.Queue(fixture.Open(options), TimeProvider.System, Jobs);
        var consumer = fixture.Queue(fixture.Open(options), TimeProvider.System, Jobs);
        await consumer.WaitForWorkAsync(TimeSpan.FromMilliseconds(100)); // connects the listener
        await Task.Delay(300);
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        var waiting = consumer.WaitForWorkAsync(TimeSpan.FromSeconds(30));
        var search = Guid.NewGuid();
        await producer.EnqueueAsync([new JobRequest("discovery", "tenant-a", search, $"{search:N}:wake", "{}")]);
        await waiting;
        output.WriteLine($"woke after {stopwatch.Elapsed.TotalMilliseconds:0} ms");
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"woke after {stopwatch.Elapsed}");
        Assert.Single(await consumer.ClaimAsync("w", 1));
    }

    [Fact]
    public async Task Separate_processes_complete_every_job_exactly_once_per_attempt_even_when_one_crashes()
    {
        var options = fixture.Options();
        var producer = fixture.Queue(fixture.Open(options), TimeProvider.System, Jobs);
        var search = Guid.NewGuid();
        const int count = 300;
        await producer.EnqueueAsync(Enumerable.Range(0, count).Select(i => new JobRequest("discovery", "tenant-a", search, $"{search:N}:p{i}", i % 7 == 0 ? "fail-once" : "{}")).ToList());
        await using (var connection = new NpgsqlConnection(fixture.ConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"""
                CREATE TABLE "{options.Schema}".probe_runs (
                    job_id uuid NOT NULL, attempt int NOT NULL, worker_id text NOT NULL,
                    started_at timestamptz NOT NULL, finished_at timestamptz, outcome text)
                """, connection);
            await create.ExecuteNonQueryAsync();
        }

        // Four consumer processes; the fourth kills itself (SIGKILL) holding the leases of the batch that takes it past 25 jobs.
        var probes = Enumerable.Range(1, 4)
            .Select(i => ChildProcess.Start(Programs.QueueProbe, i == 4
                ? [fixture.ConnectionString, options.Schema, $"probe-{i}", "3000", "25"]
                : [fixture.ConnectionString, options.Schema, $"probe-{i}", "3000"]))
            .ToList();
        try
        {
            foreach (var probe in probes)
            {
                await probe.WaitForExitAsync(TimeSpan.FromSeconds(90));
            }

            Assert.All(probes.Take(3), p => Assert.True(p.ExitCode == 0, p.StandardError));
            Assert.NotEqual(0, probes[3].ExitCode);

            var jobs = await producer.ListAsync("tenant-a", search);
            Assert.All(jobs, j => Assert.Equal(JobState.Completed, j.State));
            var schema = options.Schema;
            async Task<long> Count(string sql) => await KillTests.ScalarAsync<long>(fixture.ConnectionString, sql.Replace("{s}", $"\"{schema}\"", StringComparison.Ordinal));

            // Exactly one completed run per job, at the job's final attempt.
            Assert.Equal(count, await Count("SELECT count(*) FROM {s}.probe_runs WHERE outcome = 'completed'"));
            Assert.Equal(count, await Count("SELECT count(DISTINCT job_id) FROM {s}.probe_runs WHERE outcome = 'completed'"));
            Assert.Equal(0, await Count("SELECT count(*) FROM {s}.probe_runs r JOIN {s}.jobs j ON j.id = r.job_id WHERE r.outcome = 'completed' AND r.attempt <> j.attempts"));
            // Each attempt ran once; no lease was lost by a live worker.
            Assert.Equal(0, await Count("SELECT count(*) FROM (SELECT job_id, attempt FROM {s}.probe_runs GROUP BY 1, 2 HAVING count(*) > 1) d"));
            Assert.True(await Count("SELECT count(*) FROM {s}.probe_runs WHERE outcome = 'lost'") == 0,
                string.Join("; ", await KillTests.QueryAsync(fixture.ConnectionString, $"SELECT array_agg(worker_id || ' attempt ' || attempt || ' ran ' || (finished_at - started_at)) FROM \"{schema}\".probe_runs WHERE outcome = 'lost'", r => r.IsDBNull(0) ? [] : r.GetFieldValue<string[]>(0))));
            // No two runs of one job overlapped in time.
            Assert.Equal(0, await Count("""
                SELECT count(*) FROM {s}.probe_runs a JOIN {s}.probe_runs b ON a.job_id = b.job_id AND a.attempt < b.attempt
                WHERE b.started_at < coalesce(a.finished_at, a.started_at)
                """));
            // The crashed process's jobs were reclaimed after their leases expired and completed by the others.
            var crashed = await Count("SELECT count(*) FROM {s}.probe_runs WHERE worker_id = 'probe-4' AND finished_at IS NULL");
            Assert.True(crashed >= 1);
            Assert.Equal(crashed, await Count("""
                SELECT count(*) FROM {s}.probe_runs a JOIN {s}.probe_runs b ON a.job_id = b.job_id AND b.attempt = a.attempt + 1 AND b.outcome = 'completed'
                WHERE a.worker_id = 'probe-4' AND a.finished_at IS NULL
                """));
            // Planned failures: every such job's first attempt ran once (failed, or crashed with its process) and a retry finished it.
            Assert.Equal(count / 7 + 1, await Count("SELECT count(*) FROM {s}.probe_runs r JOIN {s}.jobs j ON j.id = r.job_id WHERE j.payload = 'fail-once' AND r.attempt = 1"));
            Assert.Equal(0, await Count("SELECT count(*) FROM {s}.probe_runs WHERE outcome = 'failed' AND attempt <> 1"));
            output.WriteLine($"{crashed} job(s) abandoned by the crashed process were reclaimed; runs per worker: " +
                string.Join(", ", await Task.WhenAll(Enumerable.Range(1, 4).Select(async i => $"probe-{i}={await Count($"SELECT count(*) FROM {{s}}.probe_runs WHERE worker_id = 'probe-{i}'")}"))));
        }
        finally
        {
            foreach (var probe in probes)
            {
                await probe.DisposeAsync();
            }
        }
    }
}
