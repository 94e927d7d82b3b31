using System.Text.Json;
using System.Text.RegularExpressions;
using Leadora.Storage.Postgres.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Leadora.Storage.Postgres.Tests;

/// <summary>
/// Issue 10, acceptance 1 and 4: four <c>leadora worker</c> processes share one standalone sandbox (<c>leadora sandbox</c>)
/// and one database, with <c>OPENAI_MAX_CONCURRENT=2</c> and <c>OPENAI_MIN_DELAY_MS=300</c>. Over the whole search the
/// sandbox saw at most two OpenAI requests in flight and no two starts closer than 300 ms; the budget is overshot by at
/// most one call; a worker SIGKILLed while it holds an OpenAI permit blocks nobody for longer than the permit's lease; and
/// the search was enqueued by <c>search --detach</c> with no provider keys and no <c>--offline</c>.
/// </summary>
[Collection(ProcessHeavy.Name)]
public sealed partial class FleetTests(PostgresDatabaseFixture fixture, ITestOutputHelper output) : IClassFixture<PostgresDatabaseFixture>
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task Four_workers_hold_the_OpenAI_limits_and_the_budget_fleet_wide_and_a_killed_worker_frees_its_permit()
    {
        var database = fixture.ConnectionString;
        await using var sandbox = ChildProcess.Start(Programs.Cli, ["sandbox", "--port", "0", "--latency", "openai=250,serper=100"]);
        await sandbox.WaitForOutputAsync("listening on", TimeSpan.FromSeconds(60));
        var url = SandboxAddress().Match(sandbox.StandardOutput).Groups[1].Value;
        using var http = new HttpClient { BaseAddress = new Uri(url) };

        var environment = new Dictionary<string, string?>
        {
            ["OPENAI_MAX_CONCURRENT"] = "2",
            ["OPENAI_MIN_DELAY_MS"] = "300",
            ["Leadora__Postgres__LimiterLease"] = "00:00:03",
            // Six processes on two cores, beside the other test assemblies: a request can reach the sandbox ~70 ms later
            // than its booked start (seen in CI, 281 ms after the previous one), more than the default 50 ms slack
            // absorbs. The slack exists for busy machines; this is one.
            ["Leadora__Postgres__PacingSlack"] = "00:00:00.150",
            ["Leadora__Jobs__LeaseDuration"] = "00:00:05",
            ["Leadora__Jobs__SweepInterval"] = "00:00:01",
            ["Leadora__Runner__IdlePollInterval"] = "00:00:00.500",
        };
        var workers = new List<ChildProcess>();
        try
        {
            for (var i = 0; i < 4; i++)
            {
                workers.Add(ChildProcess.Start(Programs.Cli, ["worker", "--database", database, "--sandbox", url, "--concurrency", "3", "--worker-id", $"fleet-{i}"], environment));
            }

            foreach (var worker in workers)
            {
                await worker.WaitForErrorOutputAsync("draining the job queue", TimeSpan.FromSeconds(90));
            }

            // Enqueued with no provider key and no --offline: only the workers call providers.
            var keyless = new Dictionary<string, string?> { ["OPENAI_API_KEY"] = null, ["SERPER_KEY"] = null, ["GEMINI_API_KEY"] = null, ["DEEPSEEK_API_KEY"] = null, ["GOOGLE_PLACES_KEY"] = null };
            var detached = await ChildProcess.RunAsync(Programs.Cli,
                ["search", "--detach", "--database", database, "--product", "Industrial water-treatment chemicals", "--industry", "Petrochemicals", "--country", "Saudi Arabia"], keyless);
            Assert.True(detached.ExitCode == 0, detached.StandardError);
            var searchId = Guid.Parse(detached.StandardOutput.Trim());

            // SIGKILL a worker while it holds an OpenAI permit; its slot must be free again within the lease.
            var (victim, slot) = await WaitForPermitHolderAsync(database, workers, TimeSpan.FromSeconds(60));
            victim.Kill();
            var killedAt = await KillTests.ScalarAsync<DateTime>(database, "SELECT now()");
            output.WriteLine($"killed pid {victim.Id} holding openai slot {slot}");

            // Nobody renews the dead worker's permit: its lease ends within one lease of the kill, and then the slot is free.
            await Task.Delay(Lease + TimeSpan.FromSeconds(1));
            var (owner, expires) = await KillTests.QueryAsync(database,
                "SELECT coalesce(owner, ''), coalesce(expires_at, 'epoch') FROM leadora.request_permits WHERE key = 'openai' AND slot = @p0", r => (r.GetString(0), r.GetDateTime(1)), slot);
            if (owner.EndsWith($":{victim.Id}", StringComparison.Ordinal))
            {
                output.WriteLine($"the dead worker's permit lapsed {(expires - killedAt).TotalSeconds:0.00} s after the kill");
                Assert.True(expires - killedAt <= Lease + TimeSpan.FromMilliseconds(500), $"the dead worker's permit was held until {expires - killedAt} after the kill");
                Assert.True(await KillTests.ScalarAsync<bool>(database, "SELECT expires_at <= now() FROM leadora.request_permits WHERE key = 'openai' AND slot = @p0", slot));
            }
            else
            {
                output.WriteLine($"slot {slot} was already taken again by {owner}");
            }

            var status = await WaitForTerminalStatusAsync(database, searchId, TimeSpan.FromSeconds(180));
            Assert.True(status is "completed" or "completed_with_warnings", status);

            using var stats = JsonDocument.Parse(await http.GetStringAsync("_sandbox/stats"));
            output.WriteLine(stats.RootElement.ToString());
            using (var requests = JsonDocument.Parse(await http.GetStringAsync("_sandbox/requests")))
            {
                foreach (var entry in requests.RootElement.GetProperty("requests").EnumerateArray().Where(e => e.GetProperty("provider").GetString() == "openai"))
                {
                    output.WriteLine($"{entry.GetProperty("timestamp")} {entry.GetProperty("path")} {entry.GetProperty("status")}");
                }
            }

            var openai = stats.RootElement.GetProperty("providers").GetProperty("openai");
            Assert.True(openai.GetProperty("requests").GetInt32() >= 3, "the search made too few OpenAI calls to show anything");
            Assert.True(openai.GetProperty("maxInFlight").GetInt32() <= 2, $"{openai.GetProperty("maxInFlight")} OpenAI requests were in flight at once");
            Assert.True(openai.GetProperty("minStartGapMs").GetDouble() >= 300, $"two OpenAI requests started {openai.GetProperty("minStartGapMs")} ms apart");

            // A second search (other words, so the response cache cannot answer it) with a budget of half the first one's
            // cost, set by the process that enqueues it: the spend passes it by at most one (the dearest) call.
            var firstCost = await KillTests.ScalarAsync<decimal>(database, "SELECT coalesce(sum(cost_usd), 0) FROM leadora.usage_entries WHERE search_id = @p0", searchId);
            var budget = Math.Round(firstCost / 2, 6);
            Assert.True(budget > 0, "the first search cost nothing, so no budget can be tested");
            var budgeted = await ChildProcess.RunAsync(Programs.Cli,
                ["search", "--detach", "--database", database, "--product", "Scale and corrosion inhibitors for cooling towers", "--industry", "Power generation", "--country", "Saudi Arabia"],
                new Dictionary<string, string?>(keyless) { ["Leadora__Pipeline__DefaultLimits__MaxCostUsd"] = budget.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            Assert.True(budgeted.ExitCode == 0, budgeted.StandardError);
            var budgetedId = Guid.Parse(budgeted.StandardOutput.Trim());
            var budgetedStatus = await WaitForTerminalStatusAsync(database, budgetedId, TimeSpan.FromSeconds(180));
            output.WriteLine($"budgeted search {budgetedStatus}");
            var spent = await KillTests.ScalarAsync<decimal>(database, "SELECT coalesce(sum(cost_usd), 0) FROM leadora.usage_entries WHERE search_id = @p0", budgetedId);
            var dearest = await KillTests.ScalarAsync<decimal>(database, "SELECT coalesce(max(cost_usd), 0) FROM leadora.usage_entries WHERE search_id = @p0", budgetedId);
            var budgetWarnings = await KillTests.ScalarAsync<long>(database, "SELECT count(*) FROM leadora.search_warnings WHERE search_id = @p0 AND code = 'budget_reached'", budgetedId);
            output.WriteLine($"first search cost {firstCost}; budget {budget}, spent {spent}, dearest call {dearest}, budget warnings {budgetWarnings}");
            Assert.True(budgetWarnings > 0, $"the budget of {budget} never stopped a call (spent {spent})");
            Assert.True(spent <= budget + dearest, $"spent {spent} against a budget of {budget}; the dearest call cost {dearest}");
            Assert.Equal(0L, await KillTests.ScalarAsync<long>(database, "SELECT count(*) FROM leadora.spend_reservations WHERE search_id = @p0 AND expires_at > now()", budgetedId));
        }
        finally
        {
            foreach (var worker in workers)
            {
                output.WriteLine(worker.StandardError.Length > 3000 ? worker.StandardError[^3000..] : worker.StandardError);
                await worker.DisposeAsync();
            }
        }
    }

    private static async Task<(ChildProcess Worker, int Slot)> WaitForPermitHolderAsync(string database, List<ChildProcess> workers, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var (owner, slot) = await KillTests.QueryAsync(database,
                "SELECT owner, slot FROM leadora.request_permits WHERE key = 'openai' AND holder IS NOT NULL AND expires_at > now() ORDER BY slot LIMIT 1",
                r => (r.GetString(0), r.GetInt32(1)));
            if (owner is not null && workers.FirstOrDefault(w => owner.EndsWith($":{w.Id}", StringComparison.Ordinal)) is { } holder)
            {
                return (holder, slot);
            }

            await Task.Delay(20);
        }

        throw new TimeoutException("No worker held an OpenAI permit.");
    }

    private static async Task<string> WaitForTerminalStatusAsync(string database, Guid searchId, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var status = await KillTests.ScalarAsync<string>(database, "SELECT status FROM leadora.searches WHERE id = @p0", searchId);
            if (status is "completed" or "completed_with_warnings" or "failed" or "cancelled")
            {
                return status;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"Search {searchId} did not finish within {timeout}.");
    }

    [GeneratedRegex(@"listening on (http://\S+/)")]
    private static partial Regex SandboxAddress();
}
