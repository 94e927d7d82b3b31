using Leadora.Pipeline;
using Leadora.Ports;
using Leadora.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Leadora.Core.Tests.Composition;

/// <summary>
/// The public keyed chat clients keep every guard when streamed, against the production adapters and a real loopback
/// sandbox: requests are counted where they arrive, at the server.
/// </summary>
public sealed class StreamingGuardTests
{
    private static readonly ChatOptions TieBreak = ComposedLeadora.JsonOptions<TieBreakReply>();

    [Fact]
    public async Task With_spending_disabled_streaming_from_every_public_chat_client_sends_no_request()
    {
        await using var leadora = await SandboxLeadora.StartAsync(configuration: new Dictionary<string, string?> { ["CAN_SPEND"] = "false" });
        foreach (var tier in Enum.GetValues<ModelTier>())
        {
            var chat = leadora.Services.GetRequiredKeyedService<IChatClient>(tier);
            var streamed = await Assert.ThrowsAsync<ProviderException>(async () =>
            {
                await foreach (var _ in chat.GetStreamingResponseAsync(ComposedLeadora.Ask($"Pick a persona ({tier}, streamed)."), TieBreak))
                {
                }
            });
            Assert.Equal(ProviderErrorKind.SpendingBlocked, streamed.Kind);
            Assert.Contains("CAN_SPEND=false", streamed.Message, StringComparison.Ordinal);

            // Without a response format too (schema validation passes such calls straight through).
            var plain = await Assert.ThrowsAsync<ProviderException>(async () => await chat.GetStreamingResponseAsync($"Say hello ({tier}).").ToListAsync());
            Assert.Equal(ProviderErrorKind.SpendingBlocked, plain.Kind);

            var normal = await Assert.ThrowsAsync<ProviderException>(() => chat.GetResponseAsync(ComposedLeadora.Ask($"Pick a persona ({tier})."), TieBreak));
            Assert.Equal(ProviderErrorKind.SpendingBlocked, normal.Kind);
        }

        Assert.Equal(0, leadora.Sandbox.RequestLog.Count);
    }

    [Fact]
    public async Task With_a_budget_a_streaming_call_is_counted_in_usage_and_then_stopped_like_a_normal_one()
    {
        await using var leadora = await SandboxLeadora.StartAsync();
        var search = new LeadSearch
        {
            Id = Guid.NewGuid(),
            TenantId = SandboxLeadora.Tenant,
            SearchType = SearchType.Customer,
            ProductService = "Industrial water-treatment chemicals",
            Industries = ["Petrochemicals"],
            Countries = ["SA"],
            Limits = new SearchLimits { MaxCostUsd = 0.000001m },
            CreatedAt = DateTimeOffset.UtcNow,
        };
        await leadora.Store.CreateSearchAsync(search);
        var ledger = leadora.Services.GetRequiredService<IUsageLedger>();
        var chat = leadora.Services.GetRequiredKeyedService<IChatClient>(ModelTier.Primary);

        using (SearchContext.Enter(search.TenantId, search.Id))
        {
            var updates = await chat.GetStreamingResponseAsync(ComposedLeadora.Ask("Pick the persona for a refinery."), TieBreak).ToListAsync();
            Assert.NotEmpty(updates.ToChatResponse().Text);
            var sent = leadora.Sandbox.RequestLog.Count;
            Assert.Equal(1, sent);

            var usage = Assert.Single(await ledger.SummarizeAsync(search.TenantId, search.Id));
            Assert.Equal(("openai", "chat.primary", 1), (usage.Provider, usage.Operation, usage.Calls));
            Assert.True(usage.InputTokens > 0 && usage.OutputTokens > 0, "the streamed call's tokens were counted");
            Assert.True(usage.CostUsd > search.Limits.MaxCostUsd, $"the streamed call cost {usage.CostUsd}");

            // The budget is used up: a second streaming call and a normal call are both refused before anything is sent.
            var streamed = await Assert.ThrowsAsync<ProviderException>(async () => await chat.GetStreamingResponseAsync(ComposedLeadora.Ask("Pick the persona for a power plant."), TieBreak).ToListAsync());
            Assert.Equal(ProviderErrorKind.SpendingBlocked, streamed.Kind);
            Assert.Contains("budget", streamed.Message, StringComparison.Ordinal);
            var normal = await Assert.ThrowsAsync<ProviderException>(() => chat.GetResponseAsync(ComposedLeadora.Ask("Pick the persona for a desalination plant."), TieBreak));
            Assert.Equal(ProviderErrorKind.SpendingBlocked, normal.Kind);
            Assert.Equal(sent, leadora.Sandbox.RequestLog.Count);
        }

        Assert.Contains(await leadora.Store.GetWarningsAsync(search.TenantId, search.Id), w => w.Code == WarningCodes.BudgetReached);
    }
}
