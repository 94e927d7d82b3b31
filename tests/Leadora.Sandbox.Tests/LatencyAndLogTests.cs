using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;

namespace Leadora.Sandbox.Tests;

public sealed class LatencyAndLogTests
{
    [Fact]
    public async Task Latency_waits_on_the_configured_time_provider()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));
        var options = new SandboxOptions { TimeProvider = clock };
        options.Latency["serper"] = TimeSpan.FromMinutes(1);
        await using var host = await SandboxTestHost.StartAsync(options);

        var start = clock.GetUtcNow();
        var pending = host.SerperAsync("places", SandboxTestHost.Places("refinery", "sa"));
        // Move the clock only once the server holds the request, or a loaded machine lets it arrive late.
        var seen = Stopwatch.StartNew();
        while (!host.Server.Stats.Snapshot().ContainsKey("serper") && seen.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(10);
        }

        await Task.Delay(200);
        Assert.False(pending.IsCompleted, "the request finished before the fake clock moved");

        // Fake minutes pass in real tenths of a second: only a delay on the fake clock ends within the loop.
        var advanced = TimeSpan.Zero;
        while (!pending.IsCompleted && advanced < TimeSpan.FromMinutes(5))
        {
            clock.Advance(TimeSpan.FromSeconds(10));
            advanced += TimeSpan.FromSeconds(10);
            await Task.WhenAny(pending, Task.Delay(100));
        }

        Assert.True(pending.IsCompleted, "the request did not finish while the fake clock moved 5 minutes");
        using var response = await pending;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(advanced >= TimeSpan.FromMinutes(1));
        var entry = host.Server.RequestLog.Snapshot().Single();
        // Fake time: the request arrived no earlier than the start and waited its minute before the clock's last step.
        Assert.InRange(entry.Timestamp, start, start + advanced - TimeSpan.FromMinutes(1));
        Assert.True(entry.Duration >= TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task Latency_applies_only_to_its_provider()
    {
        var options = SandboxOptions.ParseArguments(["--latency", "serper=300"]);
        await using var host = await SandboxTestHost.StartAsync(options);

        var started = DateTime.UtcNow;
        using var slow = await host.SerperAsync("places", SandboxTestHost.Places("refinery", "sa"));
        var serperTime = DateTime.UtcNow - started;

        Assert.True(serperTime >= TimeSpan.FromMilliseconds(290), $"serper took {serperTime}");
    }

    [Fact]
    public async Task Request_log_records_requests_in_full_and_masks_keys_over_http()
    {
        await using var host = await SandboxTestHost.StartAsync();
        host.Server.Faults.Enqueue("serper", SandboxFault.ServiceUnavailable());

        using var failed = await host.SerperAsync("places", SandboxTestHost.Places("refinery", "sa"), key: "serper-secret-key");
        using var ok = await host.OpenAIAsync("embeddings", new JsonObject { ["model"] = "text-embedding-3-small", ["input"] = "x" }, key: "sk-secret-openai-key");
        using var missing = await host.Http.GetAsync("nowhere?key=abc123");

        var entries = host.Server.RequestLog.Snapshot();
        Assert.Equal(3, entries.Count);
        var serper = entries[0];
        Assert.Equal("serper", serper.Provider);
        Assert.Equal("POST", serper.Method);
        Assert.Equal("/serper/places", serper.Path);
        Assert.Equal("serper-secret-key", serper.Headers["X-API-KEY"]);
        Assert.Contains("refinery", serper.Body, StringComparison.Ordinal);
        Assert.Equal(503, serper.StatusCode);
        Assert.Equal(SandboxFaultKind.ServiceUnavailable, serper.Fault!.Kind);
        Assert.Equal("Bearer sk-secret-openai-key", entries[1].Headers["Authorization"]);
        Assert.Null(entries[1].Fault);
        Assert.Null(entries[2].Provider);
        Assert.Equal(404, entries[2].StatusCode);
        Assert.Equal("?key=abc123", entries[2].QueryString);

        var json = await host.Http.GetStringAsync("_sandbox/requests");
        Assert.DoesNotContain("serper-secret-key", json, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-secret-openai-key", json, StringComparison.Ordinal);
        Assert.DoesNotContain("abc123", json, StringComparison.Ordinal);
        var logged = JsonNode.Parse(json)!["requests"]!.AsArray();
        Assert.Equal(3, logged.Count);
        Assert.Equal("503", logged[0]!["fault"]!.GetValue<string>());

        using var cleared = await host.Http.DeleteAsync("_sandbox/requests");
        Assert.Equal(HttpStatusCode.NoContent, cleared.StatusCode);
        Assert.Equal(0, host.Server.RequestLog.Count);
    }

    [Fact]
    public async Task Health_and_unknown_routes_are_labelled_synthetic()
    {
        await using var host = await SandboxTestHost.StartAsync();

        using var health = await host.Http.GetAsync("_sandbox/health");
        using var unknown = await host.Http.PostAsync("nowhere/v1/things", new StringContent("{}"));

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        var body = await SandboxTestHost.JsonAsync(health);
        Assert.Equal(42, body["seed"]!.GetValue<long>());
        Assert.True(body["sandbox"]!["synthetic"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("synthetic", unknown.Headers.GetValues("X-Leadora-Sandbox").Single());
        Assert.EndsWith("/", host.Server.BaseAddress.AbsoluteUri, StringComparison.Ordinal);
        Assert.Equal("127.0.0.1", host.Server.BaseAddress.Host);
        Assert.Equal(new Uri(host.Server.BaseAddress, "openai/v1/"), host.Server.BaseAddressFor("openai"));
        Assert.Equal(new Uri(host.Server.BaseAddress, "serper/"), host.Server.BaseAddressFor("serper"));
        Assert.Equal(new Uri(host.Server.BaseAddress, "gemini/v1beta/"), host.Server.BaseAddressFor("gemini"));
        Assert.Equal(new Uri(host.Server.BaseAddress, "deepseek/"), host.Server.BaseAddressFor("deepseek"));
        Assert.Equal(new Uri(host.Server.BaseAddress, "places/v1/"), host.Server.BaseAddressFor("places"));
        Assert.Equal(new Uri(host.Server.BaseAddress, "maps/api/place/"), host.Server.BaseAddressFor("places_legacy"));
        Assert.Equal(new Uri(host.Server.BaseAddress, "customsearch/v1"), host.Server.BaseAddressFor("cse"));
        Assert.Equal(SandboxProviders.All.Order(), host.Server.Providers.Order());
    }
}
