using Leadora.DecisionMakers;
using Leadora.Jobs;
using Leadora.Llm;
using Leadora.Matching;
using Leadora.Ports;
using Leadora.Resilience;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Leadora.Pipeline.Stages;

internal sealed record DecisionMakersPayload(IReadOnlyList<Guid> BusinessIds);

/// <summary>
/// Finds decision makers for a batch of businesses: one LinkedIn profile search per business for the decision-maker
/// personas' job titles, keeps only profiles whose company is the business and whose title fits one of those roles (the
/// identity rules decide; the pairs they cannot decide go to the light LLM in one batched call for the whole job, and are
/// not kept unless it confirms them), embeds them in one call and maps each to its
/// top-2 personas, asking the light LLM only when the two are within ε. Businesses already enriched are skipped, and people
/// are stored by profile URL, so a re-run adds nobody twice.
/// </summary>
internal sealed partial class DecisionMakersStage(
    ILeadStore store,
    IWebSearch webSearch,
    PersonaMapper mapper,
    CompanyIdentityJudge identityJudge,
    SearchWarnings warnings,
    IOptions<LeadoraOptions> options,
    TimeProvider time,
    ILogger<DecisionMakersStage> logger,
    [FromKeyedServices(ModelTier.Light)] IChatClient lightLlm) : IJobHandler
{
    private readonly PipelineOptions _options = options.Value.Pipeline;

    public string JobType => JobTypes.DecisionMakers;

    public async Task ExecuteAsync(JobContext context, CancellationToken cancellationToken)
    {
        var search = await StageSupport.LoadSearchAsync(store, context, cancellationToken).ConfigureAwait(false);
        if (search is null)
        {
            return;
        }

        var payload = context.Payload<DecisionMakersPayload>();
        var businesses = (await store.GetBusinessesByIdAsync(search.TenantId, search.Id, payload.BusinessIds, cancellationToken).ConfigureAwait(false))
            .Where(b => !b.DecisionMakersSearched)
            .ToList();
        var personas = await store.GetDecisionMakerPersonasAsync(search.TenantId, search.Id, cancellationToken).ConfigureAwait(false);
        if (businesses.Count == 0 || personas.Count == 0)
        {
            return;
        }

        var titles = QueryTitles(personas, MaxQueryTitles);
        var roles = personas.SelectMany(p => p.JobTitles.Append(p.Title)).ToList();
        var done = 0;
        var candidatesPerBusiness = await StageSupport.ForEachAsync(businesses, _options.WebSearchConcurrency, async (business, ct) =>
        {
            var candidates = await FindCandidatesAsync(search, business, titles, roles, ct).ConfigureAwait(false);
            await context.ReportProgressAsync(0.6 * Interlocked.Increment(ref done) / businesses.Count, ct).ConfigureAwait(false);
            return candidates;
        }, cancellationToken).ConfigureAwait(false);

        // Only what the rules cannot decide goes to the model: one batched judgement for every business of the job.
        var confirmed = await identityJudge.ConfirmAsync(
            candidatesPerBusiness.SelectMany(c => c).Where(c => c.Question is not null).Select(c => c.Question!).ToList(), cancellationToken).ConfigureAwait(false);
        await context.ReportProgressAsync(0.7, cancellationToken).ConfigureAwait(false);
        var people = candidatesPerBusiness
            .SelectMany(candidates => candidates
                .Where(c => c.Question is null || confirmed.Contains(c.Question))
                .Take(search.Limits.DecisionMakersPerBusiness)
                .Select(c => c.Person))
            .DistinctBy(p => ProfileUrls.Normalize(p.LinkedInUrl))
            .ToList();
        var mapped = await MapAsync(search, people, personas, cancellationToken).ConfigureAwait(false);
        await context.EnsureActiveAsync(cancellationToken).ConfigureAwait(false);
        await store.AddDecisionMakersAsync(search.TenantId, search.Id, mapped, cancellationToken).ConfigureAwait(false);
        await store.MarkDecisionMakersSearchedAsync(search.TenantId, search.Id, businesses.Select(b => b.Id).ToList(), cancellationToken).ConfigureAwait(false);
        await context.ReportProgressAsync(1, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The decision-maker jobs for <paramref name="businesses"/>: per discovery unit, in place-id order (ids break ties), in
    /// batches of <paramref name="batchSize"/>, keyed by their business ids. Discovery and the personas job both fan out through
    /// this, so whichever does it (or both) enqueue the same keys. Only businesses whose fit is scored and kept get a job.
    /// Place ids, unlike business ids, are the same in every search, so identical searches group the same businesses into a
    /// job, and its batched identity judgement is the same prompt (a response-cache hit).
    /// </summary>
    internal static IReadOnlyList<JobRequest> BatchesFor(LeadSearch search, IEnumerable<Business> businesses, int batchSize) =>
        businesses
            .Where(b => b.Fit is not null && !b.Excluded)
            .GroupBy(b => b.DiscoveredBy, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .SelectMany(unit => unit.OrderBy(b => b.PlaceId ?? b.Cid ?? b.Name, StringComparer.Ordinal).ThenBy(b => b.Id).Chunk(Math.Max(1, batchSize)))
            .Select(batch => new JobRequest(
                JobTypes.DecisionMakers,
                search.TenantId,
                search.Id,
                $"{search.Id:N}:decision_makers:{StableIds.Digest(batch.Select(b => b.Id))}",
                JobContext.SerializePayload(new DecisionMakersPayload(batch.Select(b => b.Id).ToList()))))
            .ToList();

    /// <summary>Most job titles in one profile search (search engines cap query length).</summary>
    internal const int MaxQueryTitles = 6;

    /// <summary>Job titles for the profile search, taken round-robin across personas so that every persona is searched for.</summary>
    internal static IReadOnlyList<string> QueryTitles(IReadOnlyList<DecisionMakerPersona> personas, int max)
    {
        var perPersona = personas.Select(p => p.JobTitles.Count > 0 ? p.JobTitles : [p.Title]).ToList();
        var titles = new List<string>();
        for (var round = 0; titles.Count < max && perPersona.Any(list => round < list.Count); round++)
        {
            foreach (var list in perPersona.Where(list => round < list.Count))
            {
                if (titles.Count < max && !titles.Contains(list[round], StringComparer.OrdinalIgnoreCase))
                {
                    titles.Add(list[round]);
                }
            }
        }

        return titles;
    }

    /// <summary>
    /// A profile of the right role at a business: confirmed by the rules (<see cref="Question"/> is null), or one the rules could
    /// not decide, kept only if the light LLM confirms <see cref="Question"/>.
    /// </summary>
    private sealed record Candidate(DecisionMaker Person, IdentityQuestion? Question);

    /// <summary>
    /// The business's candidates in result order, up to the point where the rules alone have confirmed enough people: an
    /// undecided profile after that could not be kept anyway, so it is not asked about.
    /// </summary>
    private async Task<List<Candidate>> FindCandidatesAsync(LeadSearch search, Business business, IReadOnlyList<string> titles, IReadOnlyList<string> roles, CancellationToken cancellationToken)
    {
        var query = Prompts.DecisionMakerQuery(business.Name, titles);
        var page = await webSearch.SearchAsync(new WebSearchQuery(query, business.Country), cancellationToken).ConfigureAwait(false);
        var candidates = new List<Candidate>();
        var businessCity = business.City ?? business.Address;
        foreach (var result in page.Results)
        {
            if (candidates.Count(c => c.Question is null) >= search.Limits.DecisionMakersPerBusiness)
            {
                break;
            }

            if (!LinkedInProfiles.TryParse(result, out var profile) || !JobTitles.Fit(profile.Title, roles))
            {
                continue;
            }

            var decision = CompanyIdentity.Decide(profile.Company, profile.CompanyTruncated, profile.Location, business.Name, businessCity);
            if (decision == IdentityDecision.NoMatch)
            {
                continue;
            }

            var key = ProfileUrls.Normalize(profile.Url);
            if (candidates.Any(c => ProfileUrls.Normalize(c.Person.LinkedInUrl) == key))
            {
                continue;
            }

            var question = decision == IdentityDecision.Uncertain
                ? new IdentityQuestion(profile.Company, profile.CompanyTruncated, profile.Location, result.Title, result.Snippet, business.Name, business.Address ?? business.City, business.Website)
                : null;
            candidates.Add(new Candidate(new DecisionMaker
            {
                Id = StableIds.For(search.Id, "decision-maker:" + key),
                SearchId = search.Id,
                BusinessId = business.Id,
                Name = profile.Name,
                Title = profile.Title,
                Company = profile.Company,
                LinkedInUrl = profile.Url,
                Location = profile.Location,
                Snippet = result.Snippet,
                Provenance = new Provenance(page.Provider, "search", query, business.Country, 1, result.Url),
                FoundAt = time.GetUtcNow(),
            }, question));
        }

        return candidates;
    }

    private async Task<List<DecisionMaker>> MapAsync(LeadSearch search, List<DecisionMaker> people, IReadOnlyList<DecisionMakerPersona> personas, CancellationToken cancellationToken)
    {
        // The personas job stores the personas before their embedding is done, so that these searches need not wait for it.
        var personaTexts = personas.Select(p => (p.Id, EntityText.Of(p))).ToList();
        if (people.Count > 0)
        {
            await mapper.EnsurePersonasIndexedAsync(search, VectorKind.DecisionMakerPersona, personaTexts, cancellationToken).ConfigureAwait(false);
        }

        var (ranked, method) = await mapper.RankAsync(
            search,
            VectorKind.DecisionMaker,
            people.Select(p => (p.Id, EntityText.Of(p))).ToList(),
            VectorKind.DecisionMakerPersona,
            personaTexts,
            top: 2,
            cancellationToken).ConfigureAwait(false);

        // Tie-breaks are independent of one another: ask them all at once and let the light tier's limits pace them.
        var mapped = await StageSupport.ForEachAsync(Enumerable.Range(0, people.Count).ToList(), Math.Max(1, people.Count), async (i, ct) =>
        {
            var decision = PersonaMatching.Top2(ranked[i], _options.TieBreakEpsilon);
            if (decision is null)
            {
                return people[i];
            }

            PersonaMatch match;
            if (method == MatchMethod.Heuristic)
            {
                match = new PersonaMatch(decision.Best.Id, decision.Best.Score, MatchMethod.Heuristic, decision.RunnerUp?.Id, decision.RunnerUp?.Score);
            }
            else if (decision.NeedsTieBreak)
            {
                var chosen = await TieBreakAsync(people[i], decision, personas, ct).ConfigureAwait(false);
                match = PersonaMatching.Resolve(decision, chosen);
            }
            else
            {
                match = PersonaMatching.Resolve(decision, null);
            }

            return people[i] with { PersonaMatch = match };
        }, cancellationToken).ConfigureAwait(false);

        return mapped.ToList();
    }

    private async Task<Guid?> TieBreakAsync(DecisionMaker person, Top2Decision decision, IReadOnlyList<DecisionMakerPersona> personas, CancellationToken cancellationToken)
    {
        var candidates = personas.Where(p => p.Id == decision.Best.Id || p.Id == decision.RunnerUp?.Id).ToList();
        var ids = candidates.Select(Prompts.TieBreakId).ToList();
        var (system, user) = Prompts.TieBreak(person, candidates);
        var schema = StructuredOutput.WithAllowedValues(StructuredOutput.SchemaFor<TieBreakReply>(), "personaId", ids);
        try
        {
            var reply = await lightLlm.GenerateAsync<TieBreakReply>(Prompts.TieBreakSchema, system, user, schema, cancellationToken).ConfigureAwait(false);
            if (candidates.FirstOrDefault(p => Prompts.TieBreakId(p) == reply.PersonaId) is { } chosen)
            {
                return chosen.Id;
            }

            throw new StructuredOutputException(Prompts.TieBreakSchema, [$"'{reply.PersonaId}' is not one of the candidates"]);
        }
        catch (Exception ex) when (FallbackPolicy.CanDegrade(ex, cancellationToken))
        {
            LogTieBreakFailed(logger, ex.GetType().Name);
            await warnings.AddAsync(WarningCodes.TieBreakUnavailable,
                "The light LLM could not decide between two close decision-maker personas; the higher cosine score was kept.",
                "tie-break", CancellationToken.None).ConfigureAwait(false);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Persona tie-break failed ({ErrorType}); keeping the best vector match")]
    private static partial void LogTieBreakFailed(ILogger logger, string errorType);
}
