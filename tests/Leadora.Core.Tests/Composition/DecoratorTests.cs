using Leadora.Llm;
using Leadora.Pipeline;
using Leadora.Ports;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Leadora.Core.Tests.Composition;

/// <summary>
/// Each decorator of the composed chat pipeline, streamed and not: usage accounting with the spending guard, the response
/// cache, schema validation and fallback, all the real classes composed by <c>AddLeadora()</c> around scripted providers.
/// </summary>
public sealed class DecoratorTests
{
    private const string Valid = "{\"personaId\":\"p1\",\"reason\":\"runs cooling towers\"}";
    private const string Invalid = "{\"personaId\":\"p1\"}";
    private static readonly ChatOptions TieBreak = ComposedLeadora.JsonOptions<TieBreakReply>();

    private static async Task<(string Tenant, Guid Id)> NewSearchAsync(IServiceProvider services, string tenant = "tenant-a")
    {
        var search = new LeadSearch
        {
            Id = Guid.NewGuid(),
            TenantId = tenant,
            SearchType = SearchType.Customer,
            ProductService = "Industrial water-treatment chemicals",
            Industries = ["Petrochemicals"],
            Countries = ["SA"],
            Limits = new SearchLimits(),
            CreatedAt = DateTimeOffset.UtcNow,
        };
        await services.GetRequiredService<ILeadStore>().CreateSearchAsync(search);
        return (tenant, search.Id);
    }

    private static async Task<UsageSummaryRow> UsageAsync(IServiceProvider services, (string Tenant, Guid Id) search, string provider = "scripted") =>
        Assert.Single(await services.GetRequiredService<IUsageLedger>().SummarizeAsync(search.Tenant, search.Id), r => r.Provider == provider);

    // Usage accounting and the spending guard.

    [Fact]
    public async Task A_streamed_call_is_accounted_with_the_tokens_of_its_usage_update()
    {
        var provider = new ScriptedChatProvider(ComposedLeadora.Model, Valid);
        await using var services = ComposedLeadora.Build(l => ComposedLeadora.Everywhere(l, "scripted", provider), o => o.Cache.Enabled = false);
        var search = await NewSearchAsync(services);
        List<ChatResponseUpdate> updates;
        using (SearchContext.Enter(search.Tenant, search.Id))
        {
            updates = await services.GetRequiredKeyedService<IChatClient>(ModelTier.Light).GetStreamingResponseAsync(ComposedLeadora.Ask("q"), TieBreak).ToListAsync();
        }

        Assert.Equal(Valid, updates.ToChatResponse().Text);
        Assert.All(updates, u => Assert.Equal("scripted", u.AdditionalProperties?[Usage.UsageTrackingChatClient.ProviderProperty]));
        var usage = await UsageAsync(services, search);
        Assert.Equal(("chat.light", 1, 1000L, 500L, 0), (usage.Operation, usage.Calls, usage.InputTokens, usage.OutputTokens, usage.Failures));
        Assert.Equal((1000 * 1m + 500 * 2m) / 1_000_000m, usage.CostUsd);
    }

    [Fact]
    public async Task With_spending_disabled_neither_way_of_calling_reaches_the_provider()
    {
        var provider = new ScriptedChatProvider(ComposedLeadora.Model, Valid);
        await using var services = ComposedLeadora.Build(l => ComposedLeadora.Everywhere(l, "scripted", provider), o => o.Spending.CanSpend = false);
        foreach (var tier in Enum.GetValues<ModelTier>())
        {
            var chat = services.GetRequiredKeyedService<IChatClient>(tier);
            var streamed = await Assert.ThrowsAsync<ProviderException>(async () => await chat.GetStreamingResponseAsync(ComposedLeadora.Ask("q"), TieBreak).ToListAsync());
            var normal = await Assert.ThrowsAsync<ProviderException>(() => chat.GetResponseAsync(ComposedLeadora.Ask("q"), TieBreak));
            Assert.Equal((ProviderErrorKind.SpendingBlocked, ProviderErrorKind.SpendingBlocked), (streamed.Kind, normal.Kind));
        }

        Assert.Equal(0, provider.Requests);
    }

    [Fact]
    public async Task A_stream_that_breaks_is_accounted_as_a_failure()
    {
        var provider = new ScriptedChatProvider(ComposedLeadora.Model, Valid) { FailMidStream = true };
        await using var services = ComposedLeadora.Build(l => ComposedLeadora.Everywhere(l, "scripted", provider), o => o.Cache.Enabled = false);
        var search = await NewSearchAsync(services);
        using (SearchContext.Enter(search.Tenant, search.Id))
        {
            await Assert.ThrowsAsync<HttpRequestException>(async () => await services.GetRequiredKeyedService<IChatClient>(ModelTier.Primary).GetStreamingResponseAsync("hello").ToListAsync());
        }

        var usage = await UsageAsync(services, search);
        Assert.Equal((1, 1, 0m), (usage.Calls, usage.Failures, usage.CostUsd));
    }

    // The response cache.

    [Fact]
    public async Task A_completed_stream_is_cached_and_replayed_to_both_ways_of_calling_without_a_request()
    {
        var provider = new ScriptedChatProvider(ComposedLeadora.Model, Valid);
        await using var services = ComposedLeadora.Build(l => ComposedLeadora.Everywhere(l, "scripted", provider));
        var search = await NewSearchAsync(services);
        var chat = services.GetRequiredKeyedService<IChatClient>(ModelTier.Primary);
        using (SearchContext.Enter(search.Tenant, search.Id))
        {
            Assert.Equal(Valid, (await chat.GetStreamingResponseAsync(ComposedLeadora.Ask("q"), TieBreak).ToListAsync()).ToChatResponse().Text);
            Assert.Equal(Valid, (await chat.GetStreamingResponseAsync(ComposedLeadora.Ask("q"), TieBreak).ToListAsync()).ToChatResponse().Text);
            var normal = await chat.GetResponseAsync(ComposedLeadora.Ask("q"), TieBreak);
            Assert.Equal(Valid, normal.Text);
            Assert.Equal(true, normal.AdditionalProperties?["leadora.cache_hit"]);
        }

        Assert.Equal(1, provider.Requests);
        var usage = await UsageAsync(services, search);
        Assert.Equal((1, 2), (usage.Calls, usage.CacheHits));
        Assert.Contains(await services.GetRequiredService<ILeadStore>().GetWarningsAsync(search.Tenant, search.Id), w => w.Code == WarningCodes.CacheUsed);
    }

    [Fact]
    public async Task A_stream_the_caller_abandons_is_not_cached()
    {
        var provider = new ScriptedChatProvider(ComposedLeadora.Model, Valid);
        await using var services = ComposedLeadora.Build(l => ComposedLeadora.Everywhere(l, "scripted", provider));
        var chat = services.GetRequiredKeyedService<IChatClient>(ModelTier.Primary);
        await foreach (var _ in chat.GetStreamingResponseAsync("tell me a story"))
        {
            break;
        }

        Assert.Equal("{\"personaId\":\"p1\",\"reason\":\"runs cooling towers\"}", (await chat.GetStreamingResponseAsync("tell me a story").ToListAsync()).ToChatResponse().Text);
        Assert.Equal(2, provider.Requests);
    }

    [Fact]
    public async Task One_tenants_cached_answer_is_never_served_to_another()
    {
        var provider = new ScriptedChatProvider(ComposedLeadora.Model, Valid);
        await using var services = ComposedLeadora.Build(l => ComposedLeadora.Everywhere(l, "scripted", provider));
        var chat = services.GetRequiredKeyedService<IChatClient>(ModelTier.Primary);
        foreach (var tenant in new[] { "tenant-a", "tenant-b", "tenant-a" })
        {
            using (SearchContext.Enter(tenant, null))
            {
                await chat.GetStreamingResponseAsync(ComposedLeadora.Ask("q"), TieBreak).ToListAsync();
            }
        }

        Assert.Equal(2, provider.Requests);
    }

    // Schema validation.

    [Fact]
    public async Task A_streamed_reply_that_fails_the_schema_is_repaired_before_anything_is_passed_on()
    {
        var provider = new ScriptedChatProvider(ComposedLeadora.Model, Invalid, Valid);
        await using var services = ComposedLeadora.Build(l => ComposedLeadora.Everywhere(l, "scripted", provider));
        var updates = await services.GetRequiredKeyedService<IChatClient>(ModelTier.Primary).GetStreamingResponseAsync(ComposedLeadora.Ask("q"), TieBreak).ToListAsync();
        Assert.Equal(Valid, updates.ToChatResponse().Text);
        Assert.Equal(2, provider.Requests);
    }

    [Fact]
    public async Task A_streamed_reply_that_fails_twice_throws_without_yielding_a_thing()
    {
        var provider = new ScriptedChatProvider(ComposedLeadora.Model, Invalid, Invalid);
        await using var services = ComposedLeadora.Build(l => ComposedLeadora.Everywhere(l, "scripted", provider));
        var seen = 0;
        await Assert.ThrowsAsync<StructuredOutputException>(async () =>
        {
            await foreach (var _ in services.GetRequiredKeyedService<IChatClient>(ModelTier.Primary).GetStreamingResponseAsync(ComposedLeadora.Ask("q"), TieBreak))
            {
                seen++;
            }
        });
        Assert.Equal(0, seen);
        Assert.Equal(2, provider.Requests);
    }

    // Fallback.

    [Fact]
    public async Task A_provider_that_fails_before_streaming_falls_through_to_the_next_and_says_so()
    {
        var first = new ScriptedChatProvider(ComposedLeadora.Model, Valid) { FailNext = new ProviderException("scripted", "chat", ProviderErrorKind.RateLimited, "429") };
        var backup = new ScriptedChatProvider(ComposedLeadora.Model, Valid);
        await using var services = ComposedLeadora.Build(l =>
        {
            ComposedLeadora.Everywhere(l, "scripted", first);
            l.AddChatProvider("backup", ModelTier.Primary, _ => backup);
        });
        var search = await NewSearchAsync(services);
        using (SearchContext.Enter(search.Tenant, search.Id))
        {
            var updates = await services.GetRequiredKeyedService<IChatClient>(ModelTier.Primary).GetStreamingResponseAsync(ComposedLeadora.Ask("q"), TieBreak).ToListAsync();
            Assert.Equal(Valid, updates.ToChatResponse().Text);
        }

        Assert.Equal((1, 1), (first.Requests, backup.Requests));
        var backupUsage = await UsageAsync(services, search, "backup");
        Assert.Equal((1, 1), (backupUsage.Calls, backupUsage.Fallbacks));
        Assert.Equal(1, (await UsageAsync(services, search)).Failures);
        Assert.Contains(await services.GetRequiredService<ILeadStore>().GetWarningsAsync(search.Tenant, search.Id), w => w.Code == WarningCodes.FallbackUsed);
    }

    [Fact]
    public async Task A_stream_that_breaks_after_its_first_update_is_not_restarted_elsewhere()
    {
        var first = new ScriptedChatProvider(ComposedLeadora.Model, Valid) { FailMidStream = true };
        var backup = new ScriptedChatProvider(ComposedLeadora.Model, Valid);
        await using var services = ComposedLeadora.Build(l =>
        {
            ComposedLeadora.Everywhere(l, "scripted", first);
            l.AddChatProvider("backup", ModelTier.Primary, _ => backup);
        });
        var seen = 0;
        await Assert.ThrowsAsync<HttpRequestException>(async () =>
        {
            await foreach (var _ in services.GetRequiredKeyedService<IChatClient>(ModelTier.Primary).GetStreamingResponseAsync("hello"))
            {
                seen++;
            }
        });
        Assert.Equal((1, 1, 0), (seen, first.Requests, backup.Requests));
    }
}
