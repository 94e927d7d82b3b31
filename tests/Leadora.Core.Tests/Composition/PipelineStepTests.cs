using System.Runtime.CompilerServices;
using Leadora.Pipeline;
using Leadora.Ports;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Leadora.Core.Tests.Composition;

/// <summary>User steps added with the <c>Configure…</c> builders sit where <see cref="ProviderPipelineExtensions"/> says.</summary>
public sealed class PipelineStepTests
{
    private const string Valid = "{\"personaId\":\"p1\",\"reason\":\"fits\"}";
    private static readonly ChatOptions TieBreak = ComposedLeadora.JsonOptions<TieBreakReply>();

    /// <summary>A user step: counts calls both ways and records the order in which steps are entered.</summary>
    private sealed class CountingStep(IChatClient inner, string name, List<string> trail) : DelegatingChatClient(inner)
    {
        public int Calls;

        public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref Calls);
            lock (trail)
            {
                trail.Add(name);
            }

            return base.GetResponseAsync(messages, options, cancellationToken);
        }

        public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref Calls);
            lock (trail)
            {
                trail.Add(name);
            }

            await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
            {
                yield return update;
            }
        }
    }

    [Fact]
    public async Task A_port_step_sees_cache_hits_and_a_provider_step_sees_only_calls_that_are_sent()
    {
        var provider = new ScriptedChatProvider(ComposedLeadora.Model, Valid);
        var trail = new List<string>();
        CountingStep? port = null;
        CountingStep? each = null;
        var contexts = new List<ProviderStepContext>();
        await using var services = ComposedLeadora.Build(
            l => ComposedLeadora.Everywhere(l, "scripted", provider),
            steps: l => l
                .ConfigureChat((chat, context) => chat.Use(inner => port = new CountingStep(inner, "port", trail)), tier: ModelTier.Primary)
                .ConfigureChat((chat, context) =>
                {
                    contexts.Add(context);
                    chat.Use(inner => each = new CountingStep(inner, "each", trail));
                }, StepPlacement.EachProvider, ModelTier.Primary));
        var chat = services.GetRequiredKeyedService<IChatClient>(ModelTier.Primary);
        await chat.GetStreamingResponseAsync(ComposedLeadora.Ask("q"), TieBreak).ToListAsync();
        await chat.GetResponseAsync(ComposedLeadora.Ask("q"), TieBreak);
        await chat.GetStreamingResponseAsync(ComposedLeadora.Ask("q"), TieBreak).ToListAsync();

        Assert.Equal((3, 1, 1), (port!.Calls, each!.Calls, provider.Requests));
        Assert.Equal(["port", "each", "port", "port"], trail);
        var context = Assert.Single(contexts);
        Assert.Equal(("chat.primary", ModelTier.Primary, "scripted"), (context.Operation, context.Tier, context.Provider));

        // Only the primary tier was configured.
        await services.GetRequiredKeyedService<IChatClient>(ModelTier.Light).GetResponseAsync(ComposedLeadora.Ask("other"), TieBreak);
        Assert.Equal(3, port.Calls);
    }

    [Fact]
    public async Task A_provider_step_is_never_reached_when_spending_is_blocked()
    {
        var provider = new ScriptedChatProvider(ComposedLeadora.Model, Valid);
        var trail = new List<string>();
        await using var services = ComposedLeadora.Build(
            l => ComposedLeadora.Everywhere(l, "scripted", provider),
            o => o.Spending.CanSpend = false,
            l => l.ConfigureChat((chat, _) => chat.Use(inner => new CountingStep(inner, "each", trail)), StepPlacement.EachProvider));
        await Assert.ThrowsAsync<ProviderException>(async () => await services.GetRequiredKeyedService<IChatClient>(ModelTier.UltraLight).GetStreamingResponseAsync("q").ToListAsync());
        Assert.Empty(trail);
        Assert.Equal(0, provider.Requests);
    }

    [Fact]
    public async Task Steps_added_first_are_outermost()
    {
        var provider = new ScriptedChatProvider(ComposedLeadora.Model, Valid);
        var trail = new List<string>();
        await using var services = ComposedLeadora.Build(
            l => ComposedLeadora.Everywhere(l, "scripted", provider),
            o => o.Cache.Enabled = false,
            l => l
                .ConfigureChat((chat, _) => chat.Use(inner => new CountingStep(inner, "first", trail)).Use(inner => new CountingStep(inner, "second", trail)))
                .ConfigureChat((chat, _) => chat.Use(inner => new CountingStep(inner, "third", trail))));
        await services.GetRequiredKeyedService<IChatClient>(ModelTier.Primary).GetStreamingResponseAsync("q").ToListAsync();
        Assert.Equal(["first", "second", "third"], trail);
    }

    [Fact]
    public async Task Places_and_web_search_take_steps_around_the_port_and_around_each_provider()
    {
        var providers = new List<string?>();
        var portCalls = 0;
        var second = new CountingPlaces("places-b");
        await using var services = ComposedLeadora.Build(
            l =>
            {
                ComposedLeadora.Everywhere(l, "scripted", new ScriptedChatProvider(ComposedLeadora.Model, Valid));
                l.AddPlacesProvider("places-b", _ => second);
            },
            steps: l => l
                .ConfigurePlaces((places, context) => places.Use(inner => new RecordingPlaces(inner, () => providers.Add(context.Provider))), StepPlacement.EachProvider)
                .ConfigureWebSearch((web, context) => web.Use((inner, sp) => new RecordingWeb(inner, () => Interlocked.Increment(ref portCalls)))));
        var places = services.GetRequiredService<IPlacesSearch>();
        await places.SearchAsync(new PlacesQuery("water treatment", "SA"));
        Assert.Equal(["places-a"], providers);

        var web = services.GetRequiredService<IWebSearch>();
        await web.SearchAsync(new WebSearchQuery("water treatment", "SA"));
        await web.SearchAsync(new WebSearchQuery("water treatment", "SA"));
        Assert.Equal(2, portCalls);
    }

    private sealed class RecordingPlaces(IPlacesSearch inner, Action seen) : IPlacesSearch
    {
        public Task<PlacesPage> SearchAsync(PlacesQuery query, CancellationToken cancellationToken = default)
        {
            seen();
            return inner.SearchAsync(query, cancellationToken);
        }
    }

    private sealed class RecordingWeb(IWebSearch inner, Action seen) : IWebSearch
    {
        public Task<WebSearchPage> SearchAsync(WebSearchQuery query, CancellationToken cancellationToken = default)
        {
            seen();
            return inner.SearchAsync(query, cancellationToken);
        }
    }
}
