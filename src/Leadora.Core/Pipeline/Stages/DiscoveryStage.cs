using Leadora.Dedupe;
using Leadora.Fit;
using Leadora.Jobs;
using Leadora.Matching;
using Leadora.Ports;
using Microsoft.Extensions.Options;

namespace Leadora.Pipeline.Stages;

internal sealed record DiscoveryPayload(Guid PersonaId, string Country);

/// <summary>
/// Discovers businesses for one business persona in one country: queries places with the persona's search phrases (and
/// further pages) until the target is reached, stores new businesses under their de-duplication keys, fans out
/// decision-maker jobs in batches (they need only the stored businesses), then maps each business to its best business persona. Re-running finds the same businesses by key and
/// enqueues the same batch keys, so it adds nothing twice.
/// </summary>
internal sealed class DiscoveryStage(
    ILeadStore store,
    IJobQueue queue,
    IPlacesSearch places,
    PersonaMapper mapper,
    BusinessFitScorer fitScorer,
    IOptions<LeadoraOptions> options,
    TimeProvider time) : IJobHandler
{
    private readonly PipelineOptions _options = options.Value.Pipeline;

    public string JobType => JobTypes.Discovery;

    public static string JobKey(Guid searchId, Guid personaId, string country) => $"{searchId:N}:discovery:{personaId:N}:{country}";

    public async Task ExecuteAsync(JobContext context, CancellationToken cancellationToken)
    {
        var search = await StageSupport.LoadSearchAsync(store, context, cancellationToken).ConfigureAwait(false);
        if (search is null)
        {
            return;
        }

        var payload = context.Payload<DiscoveryPayload>();
        var personas = await store.GetBusinessPersonasAsync(search.TenantId, search.Id, cancellationToken).ConfigureAwait(false);
        var persona = personas.FirstOrDefault(p => p.Id == payload.PersonaId)
            ?? throw new PermanentJobException($"Business persona {payload.PersonaId} does not exist.");
        var unit = $"{persona.Id:N}:{payload.Country}";

        var candidates = await CollectAsync(context, search, persona, payload.Country, cancellationToken).ConfigureAwait(false);
        await context.EnsureActiveAsync(cancellationToken).ConfigureAwait(false);
        await store.AddBusinessesAsync(search.TenantId, search.Id, candidates, cancellationToken).ConfigureAwait(false);
        await context.ReportProgressAsync(0.8, cancellationToken).ConfigureAwait(false);

        var found = await store.GetBusinessesAsync(search.TenantId, search.Id, unit, cancellationToken).ConfigureAwait(false);
        await MapAsync(search, personas, found.Where(b => b.PersonaMatch is null).ToList(), cancellationToken).ConfigureAwait(false);
        await context.ReportProgressAsync(0.9, cancellationToken).ConfigureAwait(false);
        found = await ScoreFitAsync(search, personas, unit, found, cancellationToken).ConfigureAwait(false);
        await context.ReportProgressAsync(0.95, cancellationToken).ConfigureAwait(false);

        // Decision-maker searches go only to scored, kept businesses (excluded ones stay visible with their reason). Until
        // the decision-maker personas are stored, the personas job fans these batches out when it stores them.
        if ((await store.GetDecisionMakerPersonasAsync(search.TenantId, search.Id, cancellationToken).ConfigureAwait(false)).Count > 0)
        {
            await context.EnsureActiveAsync(cancellationToken).ConfigureAwait(false);
            await queue.EnqueueAsync(DecisionMakersStage.BatchesFor(search, found, _options.DecisionMakerBatchSize), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Queries places in rounds. Each round asks, at once, for the next page of as many phrases as the businesses still
    /// missing need (at the page size seen so far), never a page whose query said it had no more; results are taken in
    /// phrase and page order, so the outcome does not depend on which answer came first. A search that one page
    /// satisfies makes one call, as before; a large one waits for a few rounds instead of every page in turn.
    /// </summary>
    private async Task<List<KeyedBusiness>> CollectAsync(JobContext context, LeadSearch search, BusinessPersona persona, string country, CancellationToken cancellationToken)
    {
        var target = search.Limits.BusinessesPerPersona;
        var unit = $"{persona.Id:N}:{country}";
        var phrases = persona.SearchPhrases.Take(Math.Max(1, _options.MaxQueriesPerPersona)).ToList();
        var keyOwner = new Dictionary<string, int>(StringComparer.Ordinal);
        var collected = new List<KeyedBusiness>();
        var steps = phrases.Count * _options.MaxPagesPerQuery;
        var step = 0;
        var nextPage = phrases.Select(_ => 1).ToArray();
        var pageSize = 0;
        while (collected.Count < target)
        {
            var open = Enumerable.Range(0, phrases.Count).Where(i => nextPage[i] > 0 && nextPage[i] <= _options.MaxPagesPerQuery).ToList();
            if (open.Count == 0)
            {
                break;
            }

            // Pages of the first phrase come first, as a one-at-a-time search would take them.
            var wanted = pageSize == 0 ? 1 : (int)Math.Ceiling((target - collected.Count) / (double)pageSize);
            var round = open.Take(Math.Clamp(wanted, 1, open.Count)).Select(i => (Phrase: i, Page: nextPage[i])).ToList();
            var pages = await StageSupport.ForEachAsync(round, round.Count, (item, ct) =>
                places.SearchAsync(new PlacesQuery(phrases[item.Phrase], country, item.Page), ct), cancellationToken).ConfigureAwait(false);

            for (var r = 0; r < round.Count; r++)
            {
                var (phraseIndex, page) = round[r];
                var result = pages[r];
                pageSize = Math.Max(pageSize, result.Places.Count);
                foreach (var place in result.Places)
                {
                    if (collected.Count >= target)
                    {
                        break;
                    }

                    var keyed = ToBusiness(search, unit, country, phrases[phraseIndex], page, result.Provider, place);
                    var duplicateOf = DuplicateRules.FindDuplicate(
                        keyed.Business,
                        keyed.Keys,
                        k => keyOwner.TryGetValue(k, out var i) ? collected[i].Business.Id : null,
                        id => collected.Find(c => c.Business.Id == id)?.Business);
                    if (duplicateOf is { } id)
                    {
                        // Another page, query or provider found it again: keep the richer fields and both provenances.
                        var index = collected.FindIndex(c => c.Business.Id == id);
                        var merged = collected[index].Keys.Concat(keyed.Keys).Distinct(StringComparer.Ordinal).ToList();
                        collected[index] = new KeyedBusiness(BusinessMerge.FillMissing(collected[index].Business, keyed.Business), merged);
                        foreach (var key in keyed.Keys)
                        {
                            keyOwner.TryAdd(key, index);
                        }

                        continue;
                    }

                    foreach (var key in keyed.Keys)
                    {
                        keyOwner.TryAdd(key, collected.Count);
                    }

                    collected.Add(keyed);
                }

                nextPage[phraseIndex] = result.HasMore ? page + 1 : 0;
                step++;
            }

            await context.ReportProgressAsync(0.8 * Math.Min(1, step / (double)steps), cancellationToken).ConfigureAwait(false);
        }

        return collected;
    }

    private KeyedBusiness ToBusiness(LeadSearch search, string unit, string country, string phrase, int page, string provider, Place place)
    {
        var name = place.Name.Trim();
        var keys = BusinessKeys.For(name, place.Address, place.Phone, place.Website, place.PlaceId, place.Cid, country);
        var business = new Business
        {
            Id = StableIds.For(search.Id, "business:" + BusinessKeys.IdentityKey(keys, name)),
            SearchId = search.Id,
            Name = name,
            Address = place.Address,
            City = place.City ?? TextKeys.CityFromAddress(place.Address, country),
            Country = country,
            Phone = place.Phone,
            Website = place.Website,
            Domain = TextKeys.NormalizeDomain(place.Website),
            Category = place.Category ?? (place.Types.Count > 0 ? place.Types[0] : null),
            Types = place.Types,
            Rating = place.Rating,
            RatingCount = place.RatingCount,
            PlaceId = place.PlaceId,
            Cid = place.Cid,
            Latitude = place.Latitude,
            Longitude = place.Longitude,
            Provenance = new Provenance(provider, "places", phrase, country, page),
            DiscoveredBy = unit,
            FoundAt = time.GetUtcNow(),
        };
        return new KeyedBusiness(business, keys);
    }

    private async Task<IReadOnlyList<Business>> ScoreFitAsync(LeadSearch search, IReadOnlyList<BusinessPersona> personas, string unit, IReadOnlyList<Business> found, CancellationToken cancellationToken)
    {
        if (found.All(b => b.Fit is not null))
        {
            return found;
        }

        // Re-read so the persona similarity just stored is there for the uncertain band.
        var unscored = (await store.GetBusinessesAsync(search.TenantId, search.Id, unit, cancellationToken).ConfigureAwait(false)).Where(b => b.Fit is null).ToList();
        var fits = await fitScorer.ScoreAsync(search, personas, unscored, cancellationToken).ConfigureAwait(false);
        var scored = unscored.Select((b, i) => (b.Id, fits[i])).ToList();
        await store.SetBusinessFitsAsync(search.TenantId, search.Id, scored, cancellationToken).ConfigureAwait(false);
        var byId = scored.ToDictionary(f => f.Id, f => f.Item2);
        return found.Select(b => byId.TryGetValue(b.Id, out var fit) ? b with { Fit = fit } : b).ToList();
    }

    private async Task MapAsync(LeadSearch search, IReadOnlyList<BusinessPersona> personas, List<Business> businesses, CancellationToken cancellationToken)
    {
        if (businesses.Count == 0)
        {
            return;
        }

        var (ranked, method) = await mapper.RankAsync(
            search,
            VectorKind.Business,
            businesses.Select(b => (b.Id, EntityText.Of(b))).ToList(),
            VectorKind.BusinessPersona,
            personas.Select(p => (p.Id, EntityText.Of(p))).ToList(),
            top: 1,
            cancellationToken).ConfigureAwait(false);
        var matches = businesses
            .Select((business, i) => (business.Id, Match: PersonaMatching.Best(ranked[i], method)))
            .Where(m => m.Match is not null)
            .Select(m => (m.Id, m.Match!))
            .ToList();
        await store.SetBusinessMatchesAsync(search.TenantId, search.Id, matches, cancellationToken).ConfigureAwait(false);
    }
}
