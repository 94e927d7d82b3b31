using Leadora.Ports;
using Leadora.Providers.Tests.Infrastructure;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Leadora.Providers.Tests.Http;

/// <summary>
/// The throttle as wired by registration: one budget per provider across all of its adapters, enforced on real HTTP
/// requests, paced on the <see cref="TimeProvider"/> from the container.
/// </summary>
public sealed class ThrottledHttpClientTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private ScriptedServer server = null!;

    public async Task InitializeAsync() => server = await ScriptedServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task Serper_places_and_web_search_share_one_concurrency_cap()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server.Handler = async request =>
        {
            await gate.Task;
            return ScriptedResponse.Json(request.Path == "/places" ? """{"places":[]}""" : """{"organic":[]}""");
        };
        await using var harness = Harness.ForSerper(server.BaseAddress, o => o.MaxConcurrent = 2);

        var calls = Enumerable.Range(0, 6)
            .Select(i => i % 2 == 0
                ? harness.Places.SearchAsync(new PlacesQuery($"q{i}", "US")) as Task
                : harness.Web.SearchAsync(new WebSearchQuery($"q{i}", "US")))
            .ToList();
        await WaitUntil(() => server.Requests.Count == 2);
        await Task.Delay(200);
        Assert.Equal(2, server.Requests.Count);

        gate.SetResult();
        await Task.WhenAll(calls).WaitAsync(Wait);
        Assert.Equal(6, server.Requests.Count);
        Assert.Equal(2, server.MaxInFlight);
    }

    [Fact]
    public async Task OpenAI_tiers_and_embeddings_share_one_concurrency_cap()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server.Handler = async request =>
        {
            await gate.Task;
            return ScriptedResponse.Json(request.Path.EndsWith("/embeddings", StringComparison.Ordinal) ? EmbeddingBody : ResponseBody);
        };
        await using var harness = Harness.ForOpenAI(server.BaseAddress, o =>
        {
            o.MaxConcurrent = 1;
            o.EmbeddingDimensions = 2;
        });

        var calls = new List<Task>
        {
            harness.Chat(ModelTier.Primary).GetResponseAsync("a"),
            harness.Chat(ModelTier.Light).GetResponseAsync("b"),
            harness.Chat(ModelTier.UltraLight).GetResponseAsync("c"),
            harness.Embeddings.GenerateAsync(["d"]),
        };
        await WaitUntil(() => server.Requests.Count == 1);
        await Task.Delay(200);
        Assert.Single(server.Requests);

        gate.SetResult();
        await Task.WhenAll(calls).WaitAsync(Wait);
        Assert.Equal(4, server.Requests.Count);
        Assert.Equal(1, server.MaxInFlight);
    }

    [Fact]
    public async Task Request_starts_are_paced_on_the_container_time_provider()
    {
        var time = new FakeTimeProvider();
        server.Respond(ScriptedResponse.Json("""{"organic":[]}"""));
        var builder = new TestLeadoraBuilder();
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.UseSerper(o =>
        {
            o.ApiKey = Harness.SerperKey;
            o.BaseUrl = server.BaseAddress.AbsoluteUri;
            o.MinDelayMs = 1000;
        });
        await using var harness = new Harness(builder.Build());

        var first = harness.Web.SearchAsync(new WebSearchQuery("one", "US"));
        var second = harness.Web.SearchAsync(new WebSearchQuery("two", "US"));
        await first.WaitAsync(Wait);
        await Task.Delay(200);
        Assert.Single(server.Requests);
        Assert.False(second.IsCompleted);

        time.Advance(TimeSpan.FromMilliseconds(1000));
        await second.WaitAsync(Wait);
        Assert.Equal(["one", "two"], server.Requests.Select(r => r.Json.GetProperty("q").GetString()));
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(Wait);
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }

    private const string ResponseBody = """
        {"id":"resp_1","object":"response","created_at":1758064440,"status":"completed","model":"gpt-5",
         "output":[{"id":"msg_1","type":"message","status":"completed","role":"assistant","content":[{"type":"output_text","annotations":[],"text":"ok"}]}],
         "usage":{"input_tokens":1,"output_tokens":1,"total_tokens":2}}
        """;

    private const string EmbeddingBody = """
        {"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.1,0.2]}],"model":"text-embedding-3-small","usage":{"prompt_tokens":1,"total_tokens":1}}
        """;
}
