using System.Text.Json;
using Leadora.Storage.Postgres.Tests.Infrastructure;
using Npgsql;
using Xunit.Abstractions;

namespace Leadora.Storage.Postgres.Tests;

/// <summary>
/// Acceptance 3: a search run by three <c>leadora worker</c> processes, one killed (SIGKILL) in the middle of discovery and
/// another in the middle of decision-maker enrichment, completes after the survivor takes over, with the same personas,
/// businesses and decision makers as an undisturbed run of the same offline search, and no duplicate rows.
/// </summary>
[Collection(ProcessHeavy.Name)]
public sealed class KillTests(PostgresDatabaseFixture fixture, ITestOutputHelper output) : IClassFixture<PostgresDatabaseFixture>
{
    private static readonly string[] Request =
    [
        "--product", "Industrial water-treatment chemicals",
        "--industry", "Petrochemicals", "--industry", "Power generation",
        "--country", "Saudi Arabia", "--country", "United Arab Emirates",
    ];

    [Fact]
    public async Task A_search_survives_workers_killed_mid_discovery_and_mid_enrichment()
    {
        // The undisturbed run: the same offline search (same seed), in memory, in one process.
        var baseline = await ChildProcess.RunAsync(Programs.Cli, ["search", "--offline", "--json", .. Request]);
        Assert.True(baseline.ExitCode == 0, baseline.StandardError);
        using var expected = JsonDocument.Parse(baseline.StandardOutput);

        var database = fixture.ConnectionString;
        var environment = new Dictionary<string, string?>
        {
            ["Leadora__Jobs__LeaseDuration"] = "00:00:03",
            ["Leadora__Jobs__SweepInterval"] = "00:00:01",
            ["Leadora__Runner__IdlePollInterval"] = "00:00:00.500",
        };
        var workers = new Dictionary<string, ChildProcess>();
        try
        {
            // Three workers start at once (and race to migrate the empty database).
            foreach (var id in new[] { "kill-w1", "kill-w2", "kill-w3" })
            {
                workers[id] = ChildProcess.Start(Programs.Cli, ["worker", "--database", database, "--offline", "--latency", "serper=1200,openai=200", "--concurrency", "2", "--worker-id", id], environment);
            }

            foreach (var worker in workers.Values)
            {
                await worker.WaitForErrorOutputAsync("draining the job queue", TimeSpan.FromSeconds(60));
            }

            var detached = await ChildProcess.RunAsync(Programs.Cli, ["search", "--database", database, "--offline", "--detach", .. Request]);
            Assert.True(detached.ExitCode == 0, detached.StandardError);
            var searchId = Guid.Parse(detached.StandardOutput.Trim());
            var started = DateTime.UtcNow;

            var (victim1, job1) = await WaitForRunningJobAsync(database, searchId, "discovery", exclude: [], TimeSpan.FromSeconds(60));
            workers[victim1].Kill();
            output.WriteLine($"{DateTime.UtcNow - started}: killed {victim1} while it ran {job1}");

            var (victim2, job2) = await WaitForRunningJobAsync(database, searchId, "decision_makers", exclude: [victim1], TimeSpan.FromSeconds(90));
            workers[victim2].Kill();
            output.WriteLine($"{DateTime.UtcNow - started}: killed {victim2} while it ran {job2}");

            var status = await WaitForTerminalStatusAsync(database, searchId, TimeSpan.FromSeconds(120));
            output.WriteLine($"{DateTime.UtcNow - started}: search {status}");
            Assert.Equal("completed", status);

            // Both interrupted jobs were taken over and completed on a later attempt.
            foreach (var key in new[] { job1, job2 })
            {
                var (state, attempts) = await QueryAsync(database, "SELECT state, attempts FROM leadora.jobs WHERE key = @p0", r => (r.GetString(0), r.GetInt32(1)), key);
                Assert.Equal("completed", state);
                Assert.True(attempts >= 2, $"{key} ran {attempts} attempt(s)");
            }

            Assert.Equal(0L, await ScalarAsync<long>(database, "SELECT count(*) FROM leadora.jobs WHERE search_id = @p0 AND state <> 'completed'", searchId));

            // The same results as the undisturbed run.
            var shown = await ChildProcess.RunAsync(Programs.Cli, ["show", searchId.ToString(), "--json", "--database", database]);
            Assert.True(shown.ExitCode == 0, shown.StandardError);
            using var actual = JsonDocument.Parse(shown.StandardOutput);
            var expectedCounts = expected.RootElement.GetProperty("progress").GetProperty("counts");
            var actualCounts = actual.RootElement.GetProperty("progress").GetProperty("counts");
            output.WriteLine($"expected {expectedCounts}, actual {actualCounts}");
            foreach (var count in new[] { "businessPersonas", "decisionMakerPersonas", "businesses", "decisionMakers" })
            {
                Assert.Equal(expectedCounts.GetProperty(count).GetInt32(), actualCounts.GetProperty(count).GetInt32());
            }

            Assert.Equal(Names(expected, "businesses", "name"), Names(actual, "businesses", "name"));
            Assert.Equal(Names(expected, "decisionMakers", "linkedInUrl"), Names(actual, "decisionMakers", "linkedInUrl"));

            // No duplicate rows, by id or by natural key.
            foreach (var sql in new[]
            {
                "SELECT count(*) FROM (SELECT id FROM leadora.businesses WHERE search_id = @p0 GROUP BY id HAVING count(*) > 1) d",
                "SELECT count(*) FROM (SELECT cid FROM leadora.businesses WHERE search_id = @p0 AND cid IS NOT NULL GROUP BY cid HAVING count(*) > 1) d",
                "SELECT count(*) FROM (SELECT place_id FROM leadora.businesses WHERE search_id = @p0 AND place_id IS NOT NULL GROUP BY place_id HAVING count(*) > 1) d",
                "SELECT count(*) FROM (SELECT key FROM leadora.business_keys WHERE search_id = @p0 GROUP BY key HAVING count(DISTINCT business_id) > 1) d",
                "SELECT count(*) FROM (SELECT profile_key FROM leadora.decision_makers WHERE search_id = @p0 GROUP BY profile_key HAVING count(*) > 1) d",
                "SELECT count(*) FROM (SELECT id FROM leadora.business_personas WHERE search_id = @p0 GROUP BY id HAVING count(*) > 1) d",
                "SELECT count(*) FROM (SELECT rank FROM leadora.decision_maker_personas WHERE search_id = @p0 GROUP BY rank HAVING count(*) > 1) d",
                "SELECT count(*) FROM (SELECT key FROM leadora.jobs WHERE search_id = @p0 GROUP BY key HAVING count(*) > 1) d",
                "SELECT count(*) FROM (SELECT kind, entity_id FROM leadora.embeddings WHERE search_id = @p0 GROUP BY kind, entity_id HAVING count(*) > 1) d",
            })
            {
                Assert.True(await ScalarAsync<long>(database, sql, searchId) == 0, sql);
            }

            // The survivor stops gracefully on SIGTERM.
            var survivor = workers.Keys.Single(k => k != victim1 && k != victim2);
            await workers[survivor].TerminateAsync();
            await workers[survivor].WaitForExitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(0, workers[survivor].ExitCode);
            Assert.True(DateTime.UtcNow - started < TimeSpan.FromMinutes(2), $"took {DateTime.UtcNow - started}");
        }
        finally
        {
            foreach (var worker in workers.Values)
            {
                output.WriteLine(worker.StandardError.Length > 4000 ? worker.StandardError[^4000..] : worker.StandardError);
                await worker.DisposeAsync();
            }
        }
    }

    private static List<string> Names(JsonDocument document, string list, string property) =>
        document.RootElement.GetProperty(list).EnumerateArray().Select(e => e.GetProperty(property).GetString()!).Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// Waits until a job of <paramref name="type"/> has been running for a moment on a worker not in <paramref name="exclude"/>
    /// and is still short of its commit point (progress below 0.7): the worker is in the middle of its provider calls.
    /// </summary>
    private static async Task<(string Worker, string Key)> WaitForRunningJobAsync(string database, Guid searchId, string type, string[] exclude, TimeSpan timeout)
    {
        const string Running = """
            SELECT worker_id, key FROM leadora.jobs
            WHERE search_id = @p0 AND type = @p1 AND state = 'running' AND progress < 0.7 AND NOT (worker_id = ANY(@p2))
            ORDER BY progress DESC LIMIT 1
            """;
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var candidate = await QueryAsync(database, Running, r => (r.GetString(0), r.GetString(1)), searchId, type, exclude);
            if (candidate.Item1 is not null)
            {
                await Task.Delay(300);
                var still = await QueryAsync(database, "SELECT worker_id FROM leadora.jobs WHERE key = @p0 AND state = 'running' AND progress < 0.7", r => r.GetString(0), candidate.Item2);
                if (still == candidate.Item1)
                {
                    return candidate;
                }
            }

            await Task.Delay(25);
        }

        throw new TimeoutException($"No {type} job was running on a live worker within {timeout}.");
    }

    private static async Task<string> WaitForTerminalStatusAsync(string database, Guid searchId, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var status = await ScalarAsync<string>(database, "SELECT status FROM leadora.searches WHERE id = @p0", searchId);
            if (status is "completed" or "completed_with_warnings" or "failed" or "cancelled")
            {
                return status;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"Search {searchId} did not finish within {timeout}.");
    }

    internal static async Task<T> ScalarAsync<T>(string database, string sql, params object[] parameters) =>
        await QueryAsync(database, sql, r => r.GetFieldValue<T>(0), parameters);

    internal static async Task<T> QueryAsync<T>(string database, string sql, Func<NpgsqlDataReader, T> read, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        for (var i = 0; i < parameters.Length; i++)
        {
            command.Parameters.AddWithValue($"p{i}", parameters[i]);
        }

        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? read(reader) : default!;
    }
}

/// <summary>Tests that start several processes run one at a time, so they do not starve each other of the machine's two cores.</summary>
[CollectionDefinition(Name)]
public sealed class ProcessHeavy
{
    public const string Name = "process-heavy";
}
