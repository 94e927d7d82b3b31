using System.Text.Json;

namespace Leadora.Sandbox.Tests;

/// <summary><c>GET /_sandbox/stats</c>: per provider, the most requests in flight at once and the smallest gap between starts.</summary>
public sealed class StatsTests
{
    [Fact]
    public async Task Stats_count_requests_in_flight_and_the_gap_between_starts()
    {
        var options = SandboxOptions.ParseArguments(["--latency", "serper=400"]);
        await using var host = await SandboxTestHost.StartAsync(options);

        // Three at once, then one alone 500 ms after the others finished.
        var together = Enumerable.Range(0, 3).Select(i => host.SerperAsync("places", SandboxTestHost.Places($"refinery {i}", "sa"))).ToList();
        foreach (var response in await Task.WhenAll(together))
        {
            response.Dispose();
        }

        await Task.Delay(500);
        (await host.SerperAsync("places", SandboxTestHost.Places("refinery", "sa"))).Dispose();

        using var stats = JsonDocument.Parse(await host.Http.GetStringAsync("_sandbox/stats"));
        var serper = stats.RootElement.GetProperty("providers").GetProperty("serper");
        Assert.Equal(4, serper.GetProperty("requests").GetInt32());
        Assert.Equal(3, serper.GetProperty("maxInFlight").GetInt32());
        Assert.True(serper.GetProperty("minStartGapMs").GetDouble() < 300, serper.ToString());
        Assert.True(stats.RootElement.GetProperty("sandbox").GetProperty("synthetic").GetBoolean());
        Assert.Equal(3, host.Server.Stats.Snapshot()["serper"].MaxInFlight);

        // DELETE starts over.
        using var reset = await host.Http.DeleteAsync("_sandbox/stats");
        Assert.Equal(System.Net.HttpStatusCode.NoContent, reset.StatusCode);
        Assert.Equal(0, host.Server.Stats.Snapshot()["serper"].Requests);
    }
}
