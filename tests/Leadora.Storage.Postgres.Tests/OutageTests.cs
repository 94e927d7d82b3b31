using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Leadora.Storage.Postgres.Tests.Infrastructure;
using Leadora.Testing;
using Xunit.Abstractions;

namespace Leadora.Storage.Postgres.Tests;

/// <summary>
/// Issue 10, acceptance 3: PostgreSQL stops for 30 s in the middle of a search run by three <c>leadora worker</c> processes
/// and a web host (which runs jobs too), then starts again on the same port. Every process rides it out: the web host reports
/// not ready meanwhile and ready after; the search completes with the same results as an undisturbed run, every job completed
/// once (none lost, none dead-lettered, no duplicate rows); and each process logs the outage a bounded number of times.
/// </summary>
[Collection(ProcessHeavy.Name)]
public sealed class OutageTests(ITestOutputHelper output)
{
    private static readonly string[] Request =
    [
        "--product", "Industrial water-treatment chemicals",
        "--industry", "Petrochemicals",
        "--country", "Saudi Arabia", "--country", "United Arab Emirates",
    ];

    [Fact]
    public async Task A_search_survives_the_database_stopping_for_30_seconds()
    {
        var baseline = await ChildProcess.RunAsync(Programs.Cli, ["search", "--offline", "--json", .. Request]);
        Assert.True(baseline.ExitCode == 0, baseline.StandardError);
        using var expected = JsonDocument.Parse(baseline.StandardOutput);

        var server = await PostgresServer.StartDedicatedAsync();
        var database = await server.CreateDatabaseAsync("outage");
        var environment = new Dictionary<string, string?>
        {
            ["Leadora__Jobs__LeaseDuration"] = "00:00:10",
            ["Leadora__Jobs__SweepInterval"] = "00:00:02",
            ["Leadora__Runner__IdlePollInterval"] = "00:00:00.500",
        };
        var webPort = FreePort();
        var processes = new Dictionary<string, ChildProcess>();
        try
        {
            foreach (var id in new[] { "outage-w1", "outage-w2", "outage-w3" })
            {
                processes[id] = ChildProcess.Start(Programs.Cli, ["worker", "--database", database, "--offline", "--latency", "serper=600,openai=200", "--concurrency", "2", "--worker-id", id], environment);
            }

            processes["web"] = ChildProcess.Start(Programs.Web, [], new Dictionary<string, string?>(environment)
            {
                ["LEADORA_DATABASE_URL"] = database,
                ["LEADORA_WEB_PORT"] = webPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["LEADORA_WEB_OFFLINE"] = "true",
                ["Leadora__Web__Sandbox__Latency"] = "serper=600,openai=200",
                ["Leadora__Runner__MaxConcurrentJobs"] = "2",
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["LEADORA_JWT_SECRET"] = "outage-test-secret-0123456789abcdef0123456789",
            });
            foreach (var (id, worker) in processes.Where(p => p.Key != "web"))
            {
                await worker.WaitForErrorOutputAsync("draining the job queue", TimeSpan.FromSeconds(90));
            }

            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{webPort}/"), Timeout = TimeSpan.FromSeconds(10) };
            await WaitForReadyAsync(http, HttpStatusCode.OK, TimeSpan.FromSeconds(90));
            Assert.False(processes["web"].HasExited, processes["web"].StandardError);

            var detached = await ChildProcess.RunAsync(Programs.Cli, ["search", "--database", database, "--detach", .. Request]);
            Assert.True(detached.ExitCode == 0, detached.StandardError);
            var searchId = Guid.Parse(detached.StandardOutput.Trim());

            // Mid-search: discovery is under way.
            await WaitForAsync(async () => await KillTests.ScalarAsync<long>(database, "SELECT count(*) FROM leadora.jobs WHERE search_id = @p0 AND type = 'discovery' AND state = 'running'", searchId) > 0, TimeSpan.FromSeconds(90));
            await server.StopAsync();
            var stopped = DateTime.UtcNow;
            output.WriteLine("database stopped");
            await WaitForReadyAsync(http, HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(15));
            await Task.Delay(TimeSpan.FromSeconds(30) - (DateTime.UtcNow - stopped));
            await server.RestartAsync();
            Npgsql.NpgsqlConnection.ClearAllPools();
            output.WriteLine($"database started again after {(DateTime.UtcNow - stopped).TotalSeconds:0.0} s");
            await WaitForReadyAsync(http, HttpStatusCode.OK, TimeSpan.FromSeconds(30));

            var status = await WaitForStatusAsync(database, searchId, TimeSpan.FromSeconds(180));
            Assert.Equal("completed", status);
            Assert.Equal(0L, await KillTests.ScalarAsync<long>(database, "SELECT count(*) FROM leadora.jobs WHERE search_id = @p0 AND state <> 'completed'", searchId));
            Assert.Equal(0L, await KillTests.ScalarAsync<long>(database, "SELECT count(*) FROM (SELECT key FROM leadora.jobs WHERE search_id = @p0 GROUP BY key HAVING count(*) > 1) d", searchId));
            Assert.Equal(0L, await KillTests.ScalarAsync<long>(database, "SELECT count(*) FROM (SELECT profile_key FROM leadora.decision_makers WHERE search_id = @p0 GROUP BY profile_key HAVING count(*) > 1) d", searchId));

            var shown = await ChildProcess.RunAsync(Programs.Cli, ["show", searchId.ToString(), "--json", "--database", database]);
            Assert.True(shown.ExitCode == 0, shown.StandardError);
            using var actual = JsonDocument.Parse(shown.StandardOutput);
            foreach (var count in new[] { "businessPersonas", "decisionMakerPersonas", "businesses", "decisionMakers" })
            {
                Assert.Equal(
                    expected.RootElement.GetProperty("progress").GetProperty("counts").GetProperty(count).GetInt32(),
                    actual.RootElement.GetProperty("progress").GetProperty("counts").GetProperty(count).GetInt32());
            }

            Assert.Equal(Names(expected, "businesses", "name"), Names(actual, "businesses", "name"));
            Assert.Equal(Names(expected, "decisionMakers", "linkedInUrl"), Names(actual, "decisionMakers", "linkedInUrl"));

            // Each process said so, and not once per poll: one line per component (runner, sweeper, queue listener, …) at most.
            foreach (var (id, process) in processes)
            {
                var log = process.StandardOutput + process.StandardError;
                var outages = CountOf(log, "Storage is unavailable");
                output.WriteLine($"{id}: {outages} outage line(s), {CountOf(log, "Storage answers")} recovery line(s), {log.Split('\n').Length} lines in all");
                Assert.InRange(outages, 1, 6);
            }
        }
        finally
        {
            foreach (var (id, process) in processes)
            {
                var log = process.StandardOutput + process.StandardError;
                output.WriteLine($"--- {id}\n{(log.Length > 3000 ? log[^3000..] : log)}");
                await process.DisposeAsync();
            }
        }
    }

    private static int CountOf(string text, string value)
    {
        var count = 0;
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static List<string> Names(JsonDocument document, string list, string property) =>
        document.RootElement.GetProperty(list).EnumerateArray().Select(e => e.GetProperty(property).GetString()!).Order(StringComparer.Ordinal).ToList();

    private static async Task WaitForReadyAsync(HttpClient http, HttpStatusCode wanted, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        HttpStatusCode? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await http.GetAsync("health/ready");
                last = response.StatusCode;
                if (last == wanted)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"/health/ready did not answer {wanted} within {timeout} (last: {last}).");
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The condition did not hold within {timeout}.");
    }

    private static async Task<string> WaitForStatusAsync(string database, Guid searchId, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                var status = await KillTests.ScalarAsync<string>(database, "SELECT status FROM leadora.searches WHERE id = @p0", searchId);
                if (status is "completed" or "completed_with_warnings" or "failed" or "cancelled")
                {
                    return status;
                }
            }
            catch (Npgsql.NpgsqlException)
            {
                // The pool may still hold connections from before the restart.
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"Search {searchId} did not finish within {timeout}.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
