using Leadora.DecisionMakers;
using Leadora.Llm;
using Leadora.Ports;
using Leadora.Sandbox;
using Leadora.Sandbox.Faults;
using Leadora.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Leadora.Core.Tests.DecisionMakers;

/// <summary>
/// The light-LLM tier for the identity pairs the rules cannot decide, against the sandbox in Kestrel: one batched,
/// schema-validated call, cached and counted in usage; switched off or failing, those profiles are not kept.
/// </summary>
public sealed class IdentityLlmTests
{
    /// <summary>Search engines cut titles near 60 characters; the sandbox then cuts some companies short, as Google does.</summary>
    private const int TitleLength = 60;

    // A genuine Google Custom Search result (yairCarbia/google-project, Mock.js, commit 4ae211397bd24195df73ffdca636545919eb07f0;
    // eval/linkedin li-a2): the title is cut inside the company and the snippet does not name it.
    private static readonly WebResult Grundfos = new(
        "Federico Agustín Carbia - Ingeniero de Proyectos - GRUNDFOS ...",
        "https://ar.linkedin.com/in/federico-agust%C3%ADn-carbia-b9a41263",
        "Ve el perfil de Federico Agustín Carbia en LinkedIn, la mayor red profesional del mundo. Federico Agustín tiene 6 empleos en su perfil.",
        1);

    [Fact]
    public async Task Undecided_pairs_go_to_the_model_in_one_validated_call_that_is_cached_and_counted()
    {
        await using var leadora = await SandboxLeadora.StartAsync();
        var judge = leadora.Services.GetRequiredService<CompanyIdentityJudge>();
        var usage = leadora.Services.GetRequiredService<IUsageLedger>();
        Assert.True(LinkedInProfiles.TryParse(Grundfos, out var profile));
        Assert.True(profile.CompanyTruncated);

        // Look-alikes the cut-short "GRUNDFOS" could begin: the rules cannot tell, and nothing in the result names either.
        var questions = new[] { "GRUNDFOS Pumps Corporation", "GRUNDFOS Water Utility" }.Select(business =>
        {
            Assert.Equal(IdentityDecision.Uncertain, CompanyIdentity.Decide(profile.Company, true, profile.Location, business, null));
            return new IdentityQuestion(profile.Company, true, profile.Location, Grundfos.Title, Grundfos.Snippet, business, null, null);
        }).ToList();

        // The first reply breaks the schema; the validating client asks for one repair, whose reply is used.
        leadora.Sandbox.Faults.Enqueue(SandboxProviders.OpenAI, SandboxFault.SchemaViolation());
        var searchId = Guid.NewGuid();
        IReadOnlySet<IdentityQuestion> confirmed;
        using (SearchContext.Enter(SandboxLeadora.Tenant, searchId))
        {
            confirmed = await judge.ConfirmAsync(questions, CancellationToken.None);
        }

        Assert.Empty(confirmed);
        var requests = IdentityRequests(leadora.Sandbox);
        Assert.Equal(2, requests.Count);
        Assert.NotNull(requests[0].Fault);
        Assert.Contains("GRUNDFOS Pumps Corporation", requests[1].Body, StringComparison.Ordinal);
        Assert.Contains("GRUNDFOS Water Utility", requests[1].Body, StringComparison.Ordinal);
        // Both attempts (the broken reply and its repair) were sent to the provider, so both are paid calls.
        var light = Assert.Single(await usage.SummarizeAsync(SandboxLeadora.Tenant, searchId), u => u.Operation == "chat.light");
        Assert.Equal((2, 0), (light.Calls, light.CacheHits));

        // The same pairs again: answered from the response cache, nothing sent.
        using (SearchContext.Enter(SandboxLeadora.Tenant, searchId))
        {
            Assert.Empty(await judge.ConfirmAsync(questions, CancellationToken.None));
        }

        Assert.Equal(2, IdentityRequests(leadora.Sandbox).Count);
        var after = Assert.Single(await usage.SummarizeAsync(SandboxLeadora.Tenant, searchId), u => u.Operation == "chat.light");
        Assert.Equal((2, 1), (after.Calls, after.CacheHits));
    }

    [Fact]
    public async Task Batches_are_bounded_by_the_configured_size()
    {
        await using var leadora = await SandboxLeadora.StartAsync(configuration: new Dictionary<string, string?> { ["Leadora:Pipeline:Identity:LlmBatchSize"] = "2" });
        var judge = leadora.Services.GetRequiredService<CompanyIdentityJudge>();
        Assert.True(LinkedInProfiles.TryParse(Grundfos, out var profile));
        var questions = new[] { "GRUNDFOS Pumps Corporation", "GRUNDFOS Water Utility", "GRUNDFOS Holding", "GRUNDFOS Pumps Corporation" }
            .Select(b => new IdentityQuestion(profile.Company, true, null, Grundfos.Title, Grundfos.Snippet, b, null, null))
            .ToList();
        await judge.ConfirmAsync(questions, CancellationToken.None);

        // Three distinct pairs in batches of two: two calls.
        Assert.Equal(2, IdentityRequests(leadora.Sandbox).Count);
    }

    [Fact]
    public async Task A_search_keeps_the_cut_short_profiles_the_model_confirms_and_a_second_run_is_served_from_the_cache()
    {
        await using var off = await SandboxLeadora.StartAsync(o => o.ProfileTitleLength = TitleLength, configuration: new Dictionary<string, string?> { ["Leadora:Pipeline:Identity:UseLlm"] = "false" });
        var rulesOnly = await off.RunAsync(SandboxLeadora.DemoRequest);
        Assert.Empty(IdentityRequests(off.Sandbox));

        await using var leadora = await SandboxLeadora.StartAsync(o => o.ProfileTitleLength = TitleLength);
        var first = await leadora.RunAsync(SandboxLeadora.DemoRequest);
        Assert.Equal(SearchStatus.Completed, first.Search.Status);
        var requests = IdentityRequests(leadora.Sandbox);
        Assert.NotEmpty(requests);

        // At most one identity call per decision-maker job: every undecided pair of the job's businesses in one batch.
        var jobs = (await leadora.Queue.ListAsync(SandboxLeadora.Tenant, first.Search.Id)).Count(j => j.Type == "decision_makers");
        Assert.InRange(requests.Count, 1, jobs);
        Assert.Contains(requests, r => CountOf(r.Body, "Business: ") > 1);

        // The rules alone keep only exact companies; the model adds cut-short companies it confirmed (in result order, so one
        // may take the place of a later exact one when the business's limit is reached).
        var businesses = first.Businesses.ToDictionary(b => b.Id);
        var extra = first.DecisionMakers.ExceptBy(rulesOnly.DecisionMakers.Select(d => d.LinkedInUrl), d => d.LinkedInUrl).ToList();
        Assert.True(first.DecisionMakers.Count > rulesOnly.DecisionMakers.Count, $"{first.DecisionMakers.Count} with the model, {rulesOnly.DecisionMakers.Count} without");
        Assert.NotEmpty(extra);
        Assert.All(extra, d =>
        {
            var business = businesses[d.BusinessId].Name;
            Assert.NotEqual(business, d.Company);
            Assert.StartsWith(d.Company.TrimEnd('.', ' '), business, StringComparison.Ordinal);
        });

        var paidLight = first.Usage.Where(u => u.Operation == "chat.light").Sum(u => u.Calls);
        Assert.True(paidLight >= requests.Count, $"{paidLight} light calls counted for {requests.Count} identity calls");

        // The same search again: every identity judgement comes from the response cache.
        var second = await leadora.RunAsync(SandboxLeadora.DemoRequest);
        Assert.Equal(requests.Count, IdentityRequests(leadora.Sandbox).Count);
        Assert.Equal(0, second.Usage.Where(u => u.Operation == "chat.light").Sum(u => u.Calls));
        Assert.True(second.Usage.Where(u => u.Operation == "chat.light").Sum(u => u.CacheHits) >= requests.Count);
        Assert.Equal(first.DecisionMakers.Select(d => d.LinkedInUrl).Order(), second.DecisionMakers.Select(d => d.LinkedInUrl).Order());
    }

    [Fact]
    public async Task When_the_model_fails_the_search_finishes_with_the_rules_alone_and_a_warning()
    {
        await using var off = await SandboxLeadora.StartAsync(o => o.ProfileTitleLength = TitleLength, configuration: new Dictionary<string, string?> { ["Leadora:Pipeline:Identity:UseLlm"] = "false" });
        var rulesOnly = await off.RunAsync(SandboxLeadora.DemoRequest);

        // Every light-tier provider fails the identity calls (and only those) as if out of credit.
        await using var leadora = await SandboxLeadora.StartAsync(
            o => o.ProfileTitleLength = TitleLength,
            services: b => b.ConfigureChat((chat, context) => chat.Use(inner => new FailingIdentityCalls(inner, context.Provider!)), StepPlacement.EachProvider, ModelTier.Light));
        var result = await leadora.RunAsync(SandboxLeadora.DemoRequest);

        Assert.Equal(SearchStatus.CompletedWithWarnings, result.Search.Status);
        Assert.Contains(result.Warnings, w => w.Code == WarningCodes.IdentityJudgeUnavailable);
        Assert.Equal(rulesOnly.DecisionMakers.Select(d => d.LinkedInUrl).Order(), result.DecisionMakers.Select(d => d.LinkedInUrl).Order());
        Assert.True(result.Usage.Where(u => u.Operation == "chat.light").Sum(u => u.Failures) > 0);
    }

    private static List<SandboxRequestLogEntry> IdentityRequests(SandboxServer sandbox) =>
        sandbox.RequestLog.Snapshot().Where(e => e.Body.Contains("company_identity", StringComparison.Ordinal)).ToList();

    private static int CountOf(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    /// <summary>A provider that answers every call but the company identity judgement, which it refuses as out of credit.</summary>
    private sealed class FailingIdentityCalls(IChatClient inner, string provider) : DelegatingChatClient(inner)
    {
        public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            options?.ResponseFormat is ChatResponseFormatJson { SchemaName: "company_identity" }
                ? throw new ProviderException(provider, "chat.light", ProviderErrorKind.OutOfCredit, "out of credit")
                : base.GetResponseAsync(messages, options, cancellationToken);
    }
}
