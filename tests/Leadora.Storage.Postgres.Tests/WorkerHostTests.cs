using Leadora.Storage.Postgres.Tests.Infrastructure;

namespace Leadora.Storage.Postgres.Tests;

/// <summary>The generic-host worker sample (samples/Leadora.Worker): it drains the queue, and SIGTERM returns unfinished jobs.</summary>
[Collection(ProcessHeavy.Name)]
public sealed class WorkerHostTests(PostgresDatabaseFixture fixture) : IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public async Task Two_worker_hosts_finish_a_detached_search_and_stop_gracefully()
    {
        var database = await fixture.Server.CreateDatabaseAsync("hosts");
        var environment = Environment(database, latency: "serper=50");
        await using var first = ChildProcess.Start(Programs.Worker, [], environment);
        await using var second = ChildProcess.Start(Programs.Worker, [], environment);
        foreach (var worker in new[] { first, second })
        {
            await worker.WaitForOutputAsync("is draining the job queue", TimeSpan.FromSeconds(60));
        }

        var detached = await ChildProcess.RunAsync(Programs.Cli, ["search", "--database", database, "--offline", "--detach", "--product", "Industrial water-treatment chemicals", "--industry", "Petrochemicals", "--country", "SA"]);
        Assert.True(detached.ExitCode == 0, detached.StandardError);
        var searchId = Guid.Parse(detached.StandardOutput.Trim());

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        string? status = null;
        while (DateTime.UtcNow < deadline && status is not ("completed" or "completed_with_warnings" or "failed"))
        {
            await Task.Delay(200);
            status = await KillTests.ScalarAsync<string>(database, "SELECT status FROM leadora.searches WHERE id = @p0", searchId);
        }

        Assert.True(status == "completed", $"status {status}; worker output: {first.StandardOutput}{first.StandardError}");
        foreach (var worker in new[] { first, second })
        {
            await worker.TerminateAsync();
            await worker.WaitForExitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(0, worker.ExitCode);
        }
    }

    [Fact]
    public async Task Sigterm_returns_running_jobs_to_the_queue_without_spending_an_attempt()
    {
        var database = await fixture.Server.CreateDatabaseAsync("release");
        // Slow enough that the jobs are still running when the host is told to stop.
        await using var worker = ChildProcess.Start(Programs.Worker, [], Environment(database, latency: "openai=30000"));
        var detached = await ChildProcess.RunAsync(Programs.Cli, ["search", "--database", database, "--offline", "--detach", "--product", "Industrial water-treatment chemicals", "--industry", "Petrochemicals", "--country", "SA"]);
        Assert.True(detached.ExitCode == 0, detached.StandardError);
        var searchId = Guid.Parse(detached.StandardOutput.Trim());

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (await KillTests.ScalarAsync<long>(database, "SELECT count(*) FROM leadora.jobs WHERE search_id = @p0 AND state = 'running'", searchId) < 2)
        {
            Assert.True(DateTime.UtcNow < deadline, "the jobs never started: " + worker.StandardOutput + worker.StandardError);
            await Task.Delay(100);
        }

        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        await worker.TerminateAsync();
        await worker.WaitForExitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, worker.ExitCode);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(15), $"stopping took {stopwatch.Elapsed}");
        Assert.Equal(2L, await KillTests.ScalarAsync<long>(database, "SELECT count(*) FROM leadora.jobs WHERE search_id = @p0 AND state = 'pending' AND attempts = 0 AND worker_id IS NULL", searchId));
    }

    private static Dictionary<string, string?> Environment(string database, string latency) => new()
    {
        ["LEADORA_DATABASE_URL"] = database,
        ["Leadora__Worker__Offline"] = "true",
        ["Leadora__Worker__SandboxLatency"] = latency,
        ["Leadora__Runner__IdlePollInterval"] = "00:00:00.500",
        ["Logging__LogLevel__Default"] = "Warning",
        ["Logging__LogLevel__Leadora.Worker"] = "Information",
    };
}
