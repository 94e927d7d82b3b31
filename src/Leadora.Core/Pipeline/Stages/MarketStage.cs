using Leadora.Jobs;
using Leadora.Llm;
using Leadora.Ports;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Leadora.Pipeline.Stages;

/// <summary>
/// Market research grounded in web search. Runs alongside discovery; its analysis waits for the personas job to finish
/// (see <c>WaitForPersonasAsync</c>). Every cited source must be a URL that web search
/// returned for this search: the schema only allows those URLs, and citations are checked again afterwards; anything left
/// without a source is dropped. When search returns nothing, the report says the evidence is insufficient and carries no
/// figures, and no LLM call is made.
/// </summary>
internal sealed class MarketStage(
    ILeadStore store,
    IJobQueue queue,
    SearchSignals signals,
    IWebSearch webSearch,
    SearchWarnings warnings,
    IOptions<LeadoraOptions> options,
    TimeProvider time,
    [FromKeyedServices(ModelTier.Primary)] IChatClient llm) : IJobHandler
{
    /// <summary>Longest the analysis waits for a running personas job (see <see cref="WaitForPersonasAsync"/>).</summary>
    internal static readonly TimeSpan MaxPersonasWait = TimeSpan.FromSeconds(20);

    private static readonly TimeSpan PersonasPoll = TimeSpan.FromMilliseconds(500);

    private readonly PipelineOptions _options = options.Value.Pipeline;

    public string JobType => JobTypes.Market;

    public static string JobKey(Guid searchId) => $"{searchId:N}:market";

    public async Task ExecuteAsync(JobContext context, CancellationToken cancellationToken)
    {
        var search = await StageSupport.LoadSearchAsync(store, context, cancellationToken).ConfigureAwait(false);
        if (search is null || await store.GetMarketReportAsync(search.TenantId, search.Id, cancellationToken).ConfigureAwait(false) is not null)
        {
            return;
        }

        var now = time.GetUtcNow();
        var queries = Prompts.MarketQueries(search, now.Year, _options.MarketMaxQueries);
        var done = 0;
        var pages = await StageSupport.ForEachAsync(queries, _options.WebSearchConcurrency, async (query, ct) =>
        {
            var page = await webSearch.SearchAsync(new WebSearchQuery(query.Query, query.Country), ct).ConfigureAwait(false);
            await context.ReportProgressAsync(0.6 * Interlocked.Increment(ref done) / queries.Count, ct).ConfigureAwait(false);
            return page.Results.Select(r => new MarketSource(r.Title, r.Url, r.Snippet, query.Query, page.Provider)).ToList();
        }, cancellationToken).ConfigureAwait(false);

        // Take results round-robin across queries, so every query contributes before the source cap is reached.
        var sources = Enumerable.Range(0, pages.Length == 0 ? 0 : pages.Max(p => p.Count))
            .SelectMany(rank => pages.Where(p => rank < p.Count).Select(p => p[rank]))
            .Where(s => Uri.TryCreate(s.Url, UriKind.Absolute, out _))
            .DistinctBy(s => s.Url, StringComparer.Ordinal)
            .Take(_options.MarketMaxSources)
            .ToList();

        if (sources.Count > 0)
        {
            await WaitForPersonasAsync(search, cancellationToken).ConfigureAwait(false);
        }

        var report = sources.Count == 0
            ? await InsufficientAsync(search, queries.Select(q => q.Query).ToList(), now).ConfigureAwait(false)
            : await AnalyseAsync(search, sources, now, cancellationToken).ConfigureAwait(false);
        await context.EnsureActiveAsync(cancellationToken).ConfigureAwait(false);
        await store.SaveMarketReportAsync(search.TenantId, report, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The market report is off the longest chain of a search; the personas are on it (business personas, then the
    /// decision-maker personas every decision-maker search waits for, each a primary-tier call). So while the personas
    /// job runs, the analysis waits (woken by the search's signals in this process, polling otherwise, at most
    /// <see cref="MaxPersonasWait"/>) instead of taking one of the tier's few slots from it. A personas job that is not
    /// running (waiting for a retry, or finished) is not waited for.
    /// </summary>
    private async Task WaitForPersonasAsync(LeadSearch search, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + MaxPersonasWait;
        while (time.GetUtcNow() < deadline)
        {
            var counts = await queue.GetCountsAsync(search.TenantId, search.Id, cancellationToken).ConfigureAwait(false);
            if (counts.FirstOrDefault(c => c.Type == JobTypes.Personas) is not { Running: > 0 })
            {
                return;
            }

            await signals.WaitAsync(search.Id, PersonasPoll, time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<MarketReport> InsufficientAsync(LeadSearch search, IReadOnlyList<string> queries, DateTimeOffset now)
    {
        await warnings.AddAsync(WarningCodes.MarketInsufficientEvidence,
            "Web search returned no sources for market research, so the market report has no figures.", "market", CancellationToken.None).ConfigureAwait(false);
        return new MarketReport
        {
            SearchId = search.Id,
            Evidence = EvidenceLevel.Insufficient,
            Summary = "Evidence is insufficient: web search returned no sources for this market, so no market size, competitors or trends are reported.",
            Methodology = $"Searched the web for: {string.Join("; ", queries)}. No results were returned, so no analysis was made.",
            GeneratedAt = now,
        };
    }

    private async Task<MarketReport> AnalyseAsync(LeadSearch search, IReadOnlyList<MarketSource> sources, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var urls = sources.Select(s => s.Url).ToList();
        var schema = StructuredOutput.WithAllowedValues(StructuredOutput.SchemaFor<MarketAnalysisReply>(), "sourceUrls", urls);
        var (system, user) = Prompts.MarketAnalysis(search, sources, now.Year);
        var reply = await llm.GenerateAsync<MarketAnalysisReply>(Prompts.MarketAnalysisSchema, system, user, schema, cancellationToken).ConfigureAwait(false);

        var retrieved = urls.ToHashSet(StringComparer.Ordinal);
        var dropped = 0;
        IReadOnlyList<string> Verified(IReadOnlyList<string> cited)
        {
            var kept = cited.Where(retrieved.Contains).Distinct(StringComparer.Ordinal).ToList();
            dropped += cited.Count - kept.Count;
            return kept;
        }

        MarketSize? Size(MarketSize size)
        {
            var cited = Verified(size.SourceUrls);
            return cited.Count == 0 ? null : size with { SourceUrls = cited };
        }

        var report = new MarketReport
        {
            SearchId = search.Id,
            Evidence = EvidenceLevel.Grounded,
            Summary = StageSupport.Clean(reply.Summary, 2000),
            Tam = Size(reply.Tam),
            Sam = Size(reply.Sam),
            Som = Size(reply.Som),
            Competitors = reply.Competitors.Select(c => c with { SourceUrls = Verified(c.SourceUrls) }).Where(c => c.SourceUrls.Count > 0 && c.Name.Length > 0).ToList(),
            Trends = reply.Trends.Select(t => t with { SourceUrls = Verified(t.SourceUrls) }).Where(t => t.SourceUrls.Count > 0).ToList(),
            Opportunities = reply.Opportunities.Select(o => o with { SourceUrls = Verified(o.SourceUrls) }).Where(o => o.SourceUrls.Count > 0).ToList(),
            Assumptions = StageSupport.Clean(reply.Assumptions, 10),
            Methodology = StageSupport.Clean(reply.Methodology, 2000),
            GeneratedAt = now,
        };

        var cited = new[] { report.Tam, report.Sam, report.Som }.Where(s => s is not null).SelectMany(s => s!.SourceUrls)
            .Concat(report.Competitors.SelectMany(c => c.SourceUrls))
            .Concat(report.Trends.SelectMany(t => t.SourceUrls))
            .Concat(report.Opportunities.SelectMany(o => o.SourceUrls))
            .ToHashSet(StringComparer.Ordinal);
        report = report with { Sources = sources.Where(s => cited.Contains(s.Url)).ToList() };

        if (dropped > 0)
        {
            await warnings.AddAsync(WarningCodes.MarketCitationsDropped,
                $"The market analysis cited {dropped} URL(s) that web search did not return; they were removed with whatever rested on them.",
                "market", CancellationToken.None).ConfigureAwait(false);
        }

        return report;
    }
}
