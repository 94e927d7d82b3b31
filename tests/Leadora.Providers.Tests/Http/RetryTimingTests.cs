using System.Text.Json;
using Leadora.Ports;
using Leadora.Providers.Tests.Infrastructure;
using Leadora.Providers.Tests.Sandbox;
using Leadora.Sandbox;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Leadora.Providers.Tests.Http;

/// <summary>
/// Retry waits on a <see cref="FakeTimeProvider"/> shared by the adapters (through DI) and the sandbox (its request
/// log timestamps), so "no retry sooner than the provider asked" is checked on one clock without real waiting.
/// </summary>
public sealed class RetryTimingTests : SandboxTestBase
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public override async Task InitializeAsync() =>
        Sandbox = await SandboxServer.StartAsync(new SandboxOptions { Seed = 7, TimeProvider = time });

    [Fact]
    public async Task OpenAI_retry_after_ms_1500_means_no_retry_before_1_5_seconds()
    {
        Sandbox.Faults.Enqueue(SandboxProviders.OpenAI, SandboxFault.RateLimit(TimeSpan.FromMilliseconds(1500)));
        var logs = new InMemoryLoggerProvider();
        await using var adapters = Adapters(logs: logs, all: o =>
        {
            o.MaxRetries = 2;
            o.TimeoutSeconds = 60; // attempt timeouts run on the fake clock too; keep them out of the way
        }, services: b => b.Services.AddSingleton<TimeProvider>(time));

        var call = adapters.Chat(ModelTier.Primary, "openai").GetResponseAsync("Answer in json.", new ChatOptions { ResponseFormat = ChatResponseFormat.Json });

        // The 429 arrived and the pipeline decided to wait exactly what retry-after-ms said (not retry-after: 2).
        await WaitUntilAsync(() => logs.Entries.Any(e => e.Message.Contains("retrying in 1500 ms", StringComparison.Ordinal)));
        await Task.Delay(50);
        time.Advance(TimeSpan.FromMilliseconds(1499));
        await Task.Delay(200);
        Assert.Single(Sandbox.RequestLog.ForProvider(SandboxProviders.OpenAI));
        Assert.False(call.IsCompleted);

        await AdvanceUntilAsync(call, TimeSpan.FromMilliseconds(1));

        var log = Sandbox.RequestLog.ForProvider(SandboxProviders.OpenAI);
        Assert.Equal([429, 200], log.Select(e => e.StatusCode));
        Assert.True(log[1].Timestamp - log[0].Timestamp >= TimeSpan.FromMilliseconds(1500), $"retried after {(log[1].Timestamp - log[0].Timestamp).TotalMilliseconds} ms");
    }

    [Fact]
    public async Task Every_attempt_passes_the_throttle_so_a_retry_keeps_the_pacing()
    {
        Sandbox.Faults.Enqueue(SandboxProviders.Serper, SandboxFault.InternalServerError());
        var logs = new InMemoryLoggerProvider();
        await using var adapters = Adapters(logs: logs, serper: o =>
        {
            o.MaxRetries = 1;
            o.RetryBaseDelayMs = 1;
            o.MinDelayMs = 1000;
            o.TimeoutSeconds = 60;
        }, services: b => b.Services.AddSingleton<TimeProvider>(time));

        var call = adapters.WebOf("serper").SearchAsync(new WebSearchQuery("refinery market", "SA"));
        await WaitUntilAsync(() => logs.Entries.Any(e => e.Message.Contains("attempt 1 failed", StringComparison.Ordinal)));
        await AdvanceUntilAsync(call, TimeSpan.FromMilliseconds(50));

        var log = Sandbox.RequestLog.ForProvider(SandboxProviders.Serper);
        Assert.Equal([500, 200], log.Select(e => e.StatusCode));
        Assert.True(log[1].Timestamp - log[0].Timestamp >= TimeSpan.FromMilliseconds(1000), $"second attempt {(log[1].Timestamp - log[0].Timestamp).TotalMilliseconds} ms after the first");
    }

    [Fact]
    public async Task Legacy_page_token_not_yet_valid_is_retried_after_two_seconds()
    {
        await using var server = await ScriptedServer.StartAsync();
        var page2Attempts = 0;
        server.Respond(request => request.Query("pagetoken") is null
            ? ScriptedResponse.Json("""{"results":[{"name":"A","place_id":"a"}],"next_page_token":"tok","status":"OK"}""")
            : Interlocked.Increment(ref page2Attempts) == 1
                ? ScriptedResponse.Json("""{"html_attributions":[],"results":[],"status":"INVALID_REQUEST"}""")
                : ScriptedResponse.Json("""{"results":[{"name":"B","place_id":"b"}],"status":"OK"}"""));
        var logs = new InMemoryLoggerProvider();
        await using var harness = Harness.ForGooglePlaces(server.BaseAddress, legacy: true, logs: logs, configure: o =>
        {
            o.MaxRetries = 2;
            o.TimeoutSeconds = 60;
            o.LegacyDetailsPerPage = 0;
        }, services: b => b.Services.AddSingleton<TimeProvider>(time));

        await harness.Places.SearchAsync(new PlacesQuery("x", "US"));
        var second = harness.Places.SearchAsync(new PlacesQuery("x", "US", 2));
        await WaitUntilAsync(() => logs.Entries.Any(e => e.Message.Contains("retrying in 2000 ms", StringComparison.Ordinal)));
        await Task.Delay(50);
        time.Advance(TimeSpan.FromMilliseconds(1999));
        await Task.Delay(100);
        Assert.Equal(2, server.Requests.Count);

        var page = await AdvanceUntilAsync(second, TimeSpan.FromMilliseconds(1));

        Assert.Equal("B", Assert.Single(page.Places).Name);
        Assert.Equal(3, server.Requests.Count);
        Assert.All(server.Requests.Skip(1), r => Assert.Equal("tok", r.Query("pagetoken")));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(Wait);
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }

    /// <summary>Advances the fake clock by <paramref name="step"/>, then in 100 ms steps until the call finishes.</summary>
    private async Task<T> AdvanceUntilAsync<T>(Task<T> call, TimeSpan step)
    {
        time.Advance(step);
        var deadline = DateTime.UtcNow + Wait;
        while (!call.IsCompleted && DateTime.UtcNow < deadline)
        {
            await Task.WhenAny(call, Task.Delay(20));
            if (!call.IsCompleted)
            {
                time.Advance(TimeSpan.FromMilliseconds(100));
            }
        }

        return await call.WaitAsync(TimeSpan.FromSeconds(1));
    }
}
