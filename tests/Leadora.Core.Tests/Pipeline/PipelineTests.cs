using System.Text;
using System.Text.Json;
using Leadora.DecisionMakers;
using Leadora.Exports;
using Leadora.Jobs;
using Leadora.Ports;
using Leadora.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Leadora.Core.Tests.Pipeline;

/// <summary>Whole searches through the production provider code against the sandbox.</summary>
public sealed class PipelineTests
{
    [Fact]
    public async Task The_demo_search_completes_grounded_and_with_provenance()
    {
        await using var leadora = await SandboxLeadora.StartAsync();
        var result = await leadora.RunAsync(SandboxLeadora.DemoRequest);

        Assert.Equal(SearchStatus.Completed, result.Search.Status);
        Assert.All(result.Warnings, w => Assert.True(WarningCodes.IsInformational(w.Code), $"{w.Code}: {w.Message}"));
        Assert.Equal(3, result.BusinessPersonas.Count);
        Assert.Equal(3, result.DecisionMakerPersonas.Count);
        Assert.All(result.BusinessPersonas, p => Assert.NotEmpty(p.SearchPhrases));
        Assert.All(result.BusinessPersonas, p => Assert.True(p.MarketPotential.IsEstimate));

        Assert.True(result.Businesses.Count >= 20, $"{result.Businesses.Count} businesses");
        Assert.Equal(["AE", "SA"], result.Businesses.Select(b => b.Country).Distinct().Order());
        Assert.Equal(result.Businesses.Count, result.Businesses.Select(b => b.Id).Distinct().Count());
        Assert.All(result.Businesses, b =>
        {
            Assert.Equal("serper", b.Provenance.Provider);
            Assert.False(string.IsNullOrWhiteSpace(b.Provenance.Query));
            Assert.NotNull(b.PersonaMatch);
            Assert.InRange(b.PersonaMatch!.Score, -1, 1);
            Assert.Contains(result.BusinessPersonas, p => p.Id == b.PersonaMatch.PersonaId);
        });

        Assert.NotEmpty(result.DecisionMakers);
        var businessIds = result.Businesses.Select(b => b.Id).ToHashSet();
        Assert.All(result.DecisionMakers, d =>
        {
            Assert.Contains(d.BusinessId, businessIds);
            Assert.True(ProfileUrls.IsPersonalProfile(d.LinkedInUrl));
            Assert.NotNull(d.PersonaMatch);
            Assert.InRange(d.PersonaMatch!.Score, -1, 1);
            Assert.Contains(result.DecisionMakerPersonas, p => p.Id == d.PersonaMatch.PersonaId);
            Assert.True(d.Provenance.Page >= 1);
        });

        // Every profile URL was returned by the web search recorded in its provenance.
        foreach (var group in result.DecisionMakers.GroupBy(d => (d.Provenance.Query, d.Provenance.Country)))
        {
            var returned = await ResultsReplay.SearchUrlsAsync(leadora.Sandbox.BaseAddress, group.Key.Query, group.Key.Country);
            Assert.All(group, d => Assert.Contains(d.LinkedInUrl, returned));
        }

        // Every market source was returned by the market web search that recorded it.
        var market = Assert.IsType<MarketReport>(result.Market);
        Assert.Equal(EvidenceLevel.Grounded, market.Evidence);
        Assert.NotEmpty(market.Sources);
        var sourceUrls = market.Sources.Select(s => s.Url).ToHashSet();
        foreach (var source in market.Sources)
        {
            var country = result.Search.Countries.Single(c => source.Query.EndsWith(Countries.Get(c).Name, StringComparison.Ordinal) || source.Query.Contains(Countries.Get(c).Name + " ", StringComparison.Ordinal));
            Assert.Contains(source.Url, await ResultsReplay.SearchUrlsAsync(leadora.Sandbox.BaseAddress, source.Query, country));
        }

        var cited = new[] { market.Tam, market.Sam, market.Som }.Where(s => s is not null).SelectMany(s => s!.SourceUrls)
            .Concat(market.Competitors.SelectMany(c => c.SourceUrls)).Concat(market.Trends.SelectMany(t => t.SourceUrls)).Concat(market.Opportunities.SelectMany(o => o.SourceUrls));
        Assert.All(cited, url => Assert.Contains(url, sourceUrls));

        var embeddings = Assert.Single(result.Usage, u => u.Operation == "embeddings");
        Assert.True(embeddings.Calls * 5 <= embeddings.Items, $"{embeddings.Calls} embedding calls for {embeddings.Items} items");
        Assert.Equal(100, result.Progress.Overall);
    }

    [Fact]
    public async Task Every_business_has_a_fit_and_excluded_ones_get_no_decision_makers_and_no_export_rows()
    {
        // A strict threshold so that the sandbox's synthetic businesses include excluded ones.
        await using var leadora = await SandboxLeadora.StartAsync(services: b => b.Services.Configure<LeadoraOptions>(o => o.Pipeline.Fit.Threshold = 0.9));
        var result = await leadora.RunAsync(SandboxLeadora.DemoRequest);

        var all = result.Businesses.Concat(result.ExcludedBusinesses).ToList();
        Assert.All(all, b =>
        {
            var fit = Assert.IsType<BusinessFit>(b.Fit);
            Assert.InRange(fit.Score, 0, 1);
            Assert.False(string.IsNullOrWhiteSpace(fit.Reason));
            Assert.Equal(fit.Score < 0.9, fit.Excluded);
        });
        Assert.NotEmpty(result.Businesses);
        Assert.NotEmpty(result.ExcludedBusinesses);
        Assert.All(result.Businesses, b => Assert.False(b.Excluded));
        Assert.All(result.ExcludedBusinesses, b => Assert.False(b.DecisionMakersSearched));
        var excludedIds = result.ExcludedBusinesses.Select(b => b.Id).ToHashSet();
        Assert.DoesNotContain(result.DecisionMakers, d => excludedIds.Contains(d.BusinessId));

        // The JSON document: fit on every business, excluded businesses listed separately.
        using var json = JsonDocument.Parse(LeadSearchDocument.From(result).ToJson());
        var kept = json.RootElement.GetProperty("businesses").EnumerateArray().ToList();
        var excluded = json.RootElement.GetProperty("excludedBusinesses").EnumerateArray().ToList();
        Assert.Equal(result.Businesses.Count, kept.Count);
        Assert.Equal(result.ExcludedBusinesses.Count, excluded.Count);
        Assert.All(kept.Concat(excluded), b =>
        {
            var fit = b.GetProperty("fit");
            Assert.Equal(JsonValueKind.Number, fit.GetProperty("score").ValueKind);
            Assert.Equal(JsonValueKind.String, fit.GetProperty("reason").ValueKind);
            Assert.Contains(fit.GetProperty("method").GetString(), new[] { "category", "embedding", "llm" });
        });
        Assert.All(excluded, b => Assert.True(b.GetProperty("excluded").GetBoolean()));

        // Exports hold only the kept businesses.
        static async Task<string> TextOf(Func<Stream, Task> write)
        {
            using var stream = new MemoryStream();
            await write(stream);
            return Encoding.UTF8.GetString(stream.ToArray());
        }

        var leads = await TextOf(s => LeadsCsv.WriteAsync(s, result));
        Assert.All(result.Businesses, b => Assert.Contains(b.Id.ToString(), leads, StringComparison.Ordinal));
        Assert.All(result.ExcludedBusinesses, b => Assert.DoesNotContain(b.Id.ToString(), leads, StringComparison.Ordinal));
        var keptNames = result.Businesses.Select(b => b.Name).ToHashSet(StringComparer.Ordinal);
        var companies = await TextOf(s => HubSpotCsv.WriteCompaniesAsync(s, result));
        Assert.All(result.ExcludedBusinesses.Where(b => !keptNames.Contains(b.Name)), b => Assert.DoesNotContain(b.Name, companies, StringComparison.Ordinal));
        var salesforce = await TextOf(s => SalesforceCsv.WriteLeadsAsync(s, result));
        Assert.All(result.ExcludedBusinesses.Where(b => !keptNames.Contains(b.Name)), b => Assert.DoesNotContain(b.Name, salesforce, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_llm_breaks_ties_only_within_epsilon()
    {
        await using var leadora = await SandboxLeadora.StartAsync();
        var result = await leadora.RunAsync(SandboxLeadora.DemoRequest);
        Assert.All(result.DecisionMakers, d =>
        {
            var match = d.PersonaMatch!;
            Assert.NotNull(match.RunnerUpScore);
            var gap = Math.Abs(match.Score - match.RunnerUpScore!.Value);
            if (match.Method == MatchMethod.LlmRefined)
            {
                Assert.True(gap < 0.03, $"LLM decided a gap of {gap}");
            }
            else
            {
                Assert.Equal(MatchMethod.Vector, match.Method);
                Assert.True(gap >= 0.03, $"vector kept a gap of {gap}");
                Assert.True(match.Score >= match.RunnerUpScore.Value);
            }
        });
        var refined = result.DecisionMakers.Count(d => d.PersonaMatch!.Method == MatchMethod.LlmRefined);
        var light = result.Usage.SingleOrDefault(u => u.Operation == "chat.light");
        Assert.Equal(refined, light?.Calls ?? 0);
    }

    [Fact]
    public async Task Decision_maker_searches_do_not_wait_for_the_decision_maker_personas_embedding()
    {
        // The personas' vectors are held back until a decision-maker search has answered: a pipeline whose searches
        // waited for them would stall here until the gate gives up, and the assertion below would fail.
        var searched = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var searchedFirst = false;
        await using var leadora = await SandboxLeadora.StartAsync(services: b => b.Services
            .Decorate<IWebSearch>(inner => new ObservedWebSearch(inner, query =>
            {
                if (query.Text.StartsWith("site:linkedin.com/in", StringComparison.Ordinal))
                {
                    searched.TrySetResult();
                }
            }))
            .Decorate<IVectorStore>(inner => new GatedVectorStore(inner, VectorKind.DecisionMakerPersona, async () =>
            {
                searchedFirst = await Task.WhenAny(searched.Task, Task.Delay(TimeSpan.FromSeconds(30))) == searched.Task;
            })));
        var result = await leadora.RunAsync(SandboxLeadora.DemoRequest);

        Assert.True(searchedFirst, "no decision-maker search answered before the decision-maker personas' vectors were stored");
        Assert.Equal(SearchStatus.Completed, result.Search.Status);
        Assert.NotEmpty(result.DecisionMakers);
        Assert.All(result.DecisionMakers, d => Assert.Contains(d.PersonaMatch!.Method, new[] { MatchMethod.Vector, MatchMethod.LlmRefined }));
        Assert.DoesNotContain(result.Warnings, w => w.Code == WarningCodes.EmbeddingsUnavailable);
    }

    [Fact]
    public async Task Delivering_every_job_of_a_finished_search_again_changes_nothing()
    {
        await using var leadora = await SandboxLeadora.StartAsync();
        var first = await leadora.RunAsync(SandboxLeadora.DemoRequest);
        var jobs = await leadora.Queue.ListAsync(SandboxLeadora.Tenant, first.Search.Id);
        Assert.All(jobs, j => Assert.Equal(JobState.Completed, j.State));

        // A second delivery of every job: same type and payload, fresh idempotency keys so the queue accepts them.
        var again = jobs.Select(j => new JobRequest(j.Type, SandboxLeadora.Tenant, first.Search.Id, j.Key + ":again", j.Payload)).ToList();
        Assert.Equal(jobs.Count, await leadora.Queue.EnqueueAsync(again));
        using (var stop = new CancellationTokenSource())
        {
            var running = leadora.Runner.RunAsync(stop.Token);
            await WaitUntilAsync(async () => (await leadora.Queue.GetCountsAsync(SandboxLeadora.Tenant, first.Search.Id)).All(c => c.Pending + c.Running == 0));
            await stop.CancelAsync();
            await running;
        }

        var second = (await leadora.Pipeline.GetResultAsync(SandboxLeadora.Tenant, first.Search.Id))!;
        Assert.Equal(2 * jobs.Count, (await leadora.Queue.ListAsync(SandboxLeadora.Tenant, first.Search.Id)).Count(j => j.State == JobState.Completed));
        AssertSameResults(first, second);
    }

    [Fact]
    public async Task Every_job_running_twice_during_the_search_gives_the_same_results()
    {
        await using var normal = await SandboxLeadora.StartAsync();
        var expected = await normal.RunAsync(SandboxLeadora.DemoRequest);

        await using var doubled = await SandboxLeadora.StartAsync(services: b => b.Services.Decorate<IJobQueue>(inner => new DoubleDeliveryQueue(inner)));
        var actual = await doubled.RunAsync(SandboxLeadora.DemoRequest);
        var queue = (DoubleDeliveryQueue)doubled.Queue;
        Assert.True(queue.Redelivered >= 8, $"only {queue.Redelivered} jobs were delivered twice");
        Assert.Equal(SearchStatus.Completed, actual.Search.Status);
        Assert.Equal(expected.BusinessPersonas.Select(p => p.Title), actual.BusinessPersonas.Select(p => p.Title));
        Assert.Equal(expected.Businesses.Select(b => b.Name).Order(), actual.Businesses.Select(b => b.Name).Order());
        Assert.Equal(expected.DecisionMakers.Select(d => d.LinkedInUrl).Order(), actual.DecisionMakers.Select(d => d.LinkedInUrl).Order());
    }

    [Fact]
    public async Task Cancelling_stops_the_work_and_keeps_what_was_found()
    {
        await using var leadora = await SandboxLeadora.StartAsync(sandbox: o => o.Latency["serper"] = TimeSpan.FromMilliseconds(150));
        var search = await leadora.Pipeline.StartAsync(SandboxLeadora.Tenant, SandboxLeadora.DemoRequest);
        using var stop = new CancellationTokenSource();
        var running = leadora.Runner.RunAsync(stop.Token);
        await WaitUntilAsync(async () => (await leadora.Store.GetCountsAsync(SandboxLeadora.Tenant, search.Id)).Businesses > 0);

        Assert.True(await leadora.Pipeline.CancelAsync(SandboxLeadora.Tenant, search.Id));
        Assert.False(await leadora.Pipeline.CancelAsync(SandboxLeadora.Tenant, search.Id));
        await WaitUntilAsync(async () => (await leadora.Queue.GetCountsAsync(SandboxLeadora.Tenant, search.Id)).All(c => c.Running == 0));
        await Task.Delay(300); // jobs in flight reach their commit point and stop
        var counts = await leadora.Store.GetCountsAsync(SandboxLeadora.Tenant, search.Id);
        await Task.Delay(700);
        await stop.CancelAsync();
        await running;

        var result = (await leadora.Pipeline.GetResultAsync(SandboxLeadora.Tenant, search.Id))!;
        Assert.Equal(SearchStatus.Cancelled, result.Search.Status);
        Assert.Equal(counts, result.Progress.Counts);
        Assert.True(result.Progress.Overall < 100);
        Assert.DoesNotContain(await leadora.Queue.GetCountsAsync(SandboxLeadora.Tenant, search.Id), c => c.Pending + c.Running > 0);
        Assert.Contains(result.Progress.Phases, p => p.Status == PhaseStatus.Cancelled);
    }

    [Fact]
    public async Task With_no_sources_the_market_report_says_so_and_has_no_figures()
    {
        await using var leadora = await SandboxLeadora.StartAsync();
        var result = await leadora.RunAsync(SandboxLeadora.SmallRequest with { ProductService = "nothingfound gadgets", Industries = ["nothingfound"] });
        var market = Assert.IsType<MarketReport>(result.Market);
        Assert.Equal(EvidenceLevel.Insufficient, market.Evidence);
        Assert.Contains("insufficient", market.Summary, StringComparison.OrdinalIgnoreCase);
        Assert.Null(market.Tam);
        Assert.Null(market.Sam);
        Assert.Null(market.Som);
        Assert.Empty(market.Sources);
        Assert.Empty(market.Competitors);
        Assert.Empty(market.Trends);
        Assert.Contains(result.Warnings, w => w.Code == "market_insufficient_evidence");
        Assert.Equal(SearchStatus.CompletedWithWarnings, result.Search.Status);
        Assert.Equal(2, result.Usage.Single(u => u.Operation == "chat.primary").Calls);
    }

    [Fact]
    public async Task Persona_failure_fails_the_search_with_a_reason()
    {
        await using var leadora = await SandboxLeadora.StartAsync(
            sandbox: o =>
            {
                foreach (var llm in new[] { "openai", "gemini", "deepseek" })
                {
                    o.FaultRates.Add(new Leadora.Sandbox.SandboxFaultRate(llm, Leadora.Sandbox.SandboxFaultKind.SchemaViolation, 1.0));
                }
            },
            configuration: new Dictionary<string, string?> { ["Leadora:Jobs:MaxAttempts"] = "1" });
        var result = await leadora.RunAsync(SandboxLeadora.SmallRequest);
        Assert.Equal(SearchStatus.Failed, result.Search.Status);
        Assert.Contains("Personas could not be written", result.Search.Error, StringComparison.Ordinal);
        Assert.Contains(result.Warnings, w => w.Code == "unit_dead_lettered" && w.Subject.EndsWith(":personas", StringComparison.Ordinal));
        var jobs = await leadora.Queue.ListAsync(SandboxLeadora.Tenant, result.Search.Id);
        Assert.Contains("did not match its JSON schema after one repair attempt", jobs.Single(j => j.Type == JobTypes.Personas).LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Progress_only_moves_forward_and_reaches_100()
    {
        await using var leadora = await SandboxLeadora.StartAsync(sandbox: o => o.Latency["serper"] = TimeSpan.FromMilliseconds(20));
        var search = await leadora.Pipeline.StartAsync(SandboxLeadora.Tenant, SandboxLeadora.DemoRequest);
        using var stop = new CancellationTokenSource();
        var running = leadora.Runner.RunAsync(stop.Token);
        var overall = new List<double>();
        await foreach (var change in leadora.Pipeline.WatchAsync(SandboxLeadora.Tenant, search.Id))
        {
            overall.Add(change.Progress.Overall);
        }

        await stop.CancelAsync();
        await running;
        Assert.True(overall.Count > 5, $"only {overall.Count} progress events");
        Assert.Equal(100, overall[^1]);
        for (var i = 1; i < overall.Count; i++)
        {
            Assert.True(overall[i] >= overall[i - 1], $"progress went back from {overall[i - 1]} to {overall[i]}");
        }
    }

    private static void AssertSameResults(LeadSearchResult first, LeadSearchResult second)
    {
        Assert.Equal(first.Progress.Counts, second.Progress.Counts);
        Assert.Equal(first.BusinessPersonas.Select(p => (p.Id, p.Title)), second.BusinessPersonas.Select(p => (p.Id, p.Title)));
        Assert.Equal(first.DecisionMakerPersonas.Select(p => (p.Id, p.Title)), second.DecisionMakerPersonas.Select(p => (p.Id, p.Title)));
        Assert.Equal(first.Businesses.Select(b => b.Id), second.Businesses.Select(b => b.Id));
        Assert.Equal(first.DecisionMakers.Select(d => d.Id).Order(), second.DecisionMakers.Select(d => d.Id).Order());
        Assert.Equal(first.Market!.GeneratedAt, second.Market!.GeneratedAt);
        Assert.Equal(first.Search.Status, second.Search.Status);
    }

    internal static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for the condition");
            await Task.Delay(50);
        }
    }
}

/// <summary>Runs every job twice: the first completion is turned into a release, as if the worker crashed just before completing.</summary>
internal sealed class DoubleDeliveryQueue(IJobQueue inner) : IJobQueue
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, bool> _delivered = new();

    public int Redelivered => _delivered.Count;

    public async Task<bool> CompleteAsync(LeasedJob job, CancellationToken cancellationToken = default)
    {
        if (_delivered.TryAdd(job.Id, true))
        {
            await inner.ReleaseAsync(job, cancellationToken);
            return true;
        }

        return await inner.CompleteAsync(job, cancellationToken);
    }

    public Task<int> EnqueueAsync(IReadOnlyList<JobRequest> jobs, CancellationToken cancellationToken = default) => inner.EnqueueAsync(jobs, cancellationToken);

    public Task<IReadOnlyList<LeasedJob>> ClaimAsync(string workerId, int maxJobs, CancellationToken cancellationToken = default) => inner.ClaimAsync(workerId, maxJobs, cancellationToken);

    public Task<bool> HeartbeatAsync(LeasedJob job, double progress, CancellationToken cancellationToken = default) => inner.HeartbeatAsync(job, progress, cancellationToken);

    public Task<JobFailureOutcome?> FailAsync(LeasedJob job, string errorMessage, bool retryable, CancellationToken cancellationToken = default) => inner.FailAsync(job, errorMessage, retryable, cancellationToken);

    public Task ReleaseAsync(LeasedJob job, CancellationToken cancellationToken = default) => inner.ReleaseAsync(job, cancellationToken);

    public Task<int> CancelSearchAsync(string tenantId, Guid searchId, CancellationToken cancellationToken = default) => inner.CancelSearchAsync(tenantId, searchId, cancellationToken);

    public Task<IReadOnlyList<JobTypeCounts>> GetCountsAsync(string tenantId, Guid searchId, CancellationToken cancellationToken = default) => inner.GetCountsAsync(tenantId, searchId, cancellationToken);

    public Task<IReadOnlyList<JobInfo>> ListAsync(string tenantId, Guid searchId, CancellationToken cancellationToken = default) => inner.ListAsync(tenantId, searchId, cancellationToken);

    public Task<int> RequeueExpiredAsync(CancellationToken cancellationToken = default) => inner.RequeueExpiredAsync(cancellationToken);

    public Task WaitForWorkAsync(TimeSpan timeout, CancellationToken cancellationToken = default) => inner.WaitForWorkAsync(timeout, cancellationToken);
}

/// <summary>Tells <c>observe</c> about every web search once it has answered.</summary>
internal sealed class ObservedWebSearch(IWebSearch inner, Action<WebSearchQuery> observe) : IWebSearch
{
    public async Task<WebSearchPage> SearchAsync(WebSearchQuery query, CancellationToken cancellationToken = default)
    {
        var page = await inner.SearchAsync(query, cancellationToken);
        observe(query);
        return page;
    }
}

/// <summary>Stores vectors of one kind only after <c>gate</c> has returned.</summary>
internal sealed class GatedVectorStore(IVectorStore inner, VectorKind gated, Func<Task> gate) : IVectorStore
{
    public async Task UpsertAsync(VectorScope scope, IReadOnlyList<VectorRecord> records, CancellationToken cancellationToken = default)
    {
        if (scope.Kind == gated)
        {
            await gate();
        }

        await inner.UpsertAsync(scope, records, cancellationToken);
    }

    public Task<IReadOnlyList<IReadOnlyList<VectorMatch>>> SearchAsync(VectorScope scope, IReadOnlyList<ReadOnlyMemory<float>> queries, int top, CancellationToken cancellationToken = default) =>
        inner.SearchAsync(scope, queries, top, cancellationToken);

    public Task<int> CountAsync(VectorScope scope, CancellationToken cancellationToken = default) => inner.CountAsync(scope, cancellationToken);
}
