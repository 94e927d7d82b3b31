using Leadora.Jobs;
using Leadora.Llm;
using Leadora.Matching;
using Leadora.Ports;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Leadora.Pipeline.Stages;

/// <summary>
/// Writes business personas with the primary LLM tier (strict structured output); then, at the same time, writes the
/// decision-maker personas and embeds the business personas and fans out one discovery job per business persona and
/// country; then stores the decision-maker personas, fans out decision-maker jobs for the businesses found by then and
/// embeds the decision-maker personas. Personas already stored are reused, so a re-run never rewrites them.
/// </summary>
internal sealed class PersonasStage(
    ILeadStore store,
    IJobQueue queue,
    PersonaMapper mapper,
    IOptions<LeadoraOptions> options,
    [FromKeyedServices(ModelTier.Primary)] IChatClient llm) : IJobHandler
{
    private readonly PipelineOptions _options = options.Value.Pipeline;

    public string JobType => JobTypes.Personas;

    public async Task ExecuteAsync(JobContext context, CancellationToken cancellationToken)
    {
        var search = await StageSupport.LoadSearchAsync(store, context, cancellationToken).ConfigureAwait(false);
        if (search is null)
        {
            return;
        }

        var businessPersonas = await store.GetBusinessPersonasAsync(search.TenantId, search.Id, cancellationToken).ConfigureAwait(false);
        if (businessPersonas.Count == 0)
        {
            businessPersonas = await WriteBusinessPersonasAsync(search, cancellationToken).ConfigureAwait(false);
            await context.EnsureActiveAsync(cancellationToken).ConfigureAwait(false);
            await store.SaveBusinessPersonasAsync(search.TenantId, search.Id, businessPersonas, cancellationToken).ConfigureAwait(false);
        }

        // The decision-maker personas need only the business personas' text: ask for them first, so their call (on the
        // longest chain of the search) does not queue behind the business personas' embeddings under the LLM's limits.
        // The decision-maker searches need only the personas' job titles, so the personas are stored (and the batches for
        // the businesses found by then fanned out) as soon as they are written; their embedding runs meanwhile, and a
        // decision-maker job waits for it only to map the people it found (PersonaMapper.EnsurePersonasIndexedAsync).
        // Whichever finishes last, discovery or this job, fans out the decision-maker batches (see
        // DecisionMakersStage.BatchesFor); both build the same keys, so the queue keeps one of each.
        var decisionMakerPersonas = await store.GetDecisionMakerPersonasAsync(search.TenantId, search.Id, cancellationToken).ConfigureAwait(false);
        var stored = decisionMakerPersonas.Count > 0;
        var writing = stored ? Task.FromResult(decisionMakerPersonas) : WriteDecisionMakerPersonasAsync(search, businessPersonas, cancellationToken);
        var discovery = StartDiscoveryAsync(context, search, businessPersonas, cancellationToken);
        await Task.WhenAll(writing, discovery).ConfigureAwait(false);
        decisionMakerPersonas = await writing.ConfigureAwait(false);
        await context.EnsureActiveAsync(cancellationToken).ConfigureAwait(false);
        var indexing = mapper.IndexPersonasAsync(search, VectorKind.DecisionMakerPersona, decisionMakerPersonas.Select(p => (p.Id, EntityText.Of(p))).ToList(), cancellationToken);
        if (!stored)
        {
            await store.SaveDecisionMakerPersonasAsync(search.TenantId, search.Id, decisionMakerPersonas, cancellationToken).ConfigureAwait(false);
        }

        var businesses = await store.GetBusinessesAsync(search.TenantId, search.Id, null, cancellationToken).ConfigureAwait(false);
        await context.EnsureActiveAsync(cancellationToken).ConfigureAwait(false);
        await queue.EnqueueAsync(DecisionMakersStage.BatchesFor(search, businesses, _options.DecisionMakerBatchSize), cancellationToken).ConfigureAwait(false);
        await context.ReportProgressAsync(0.85, cancellationToken).ConfigureAwait(false);
        await indexing.ConfigureAwait(false);
    }

    public static string JobKey(Guid searchId) => $"{searchId:N}:personas";

    /// <summary>
    /// Discovery needs only the business personas (their phrases, and their vectors to map what it finds): it starts
    /// while the decision-maker personas are being written.
    /// </summary>
    private async Task StartDiscoveryAsync(JobContext context, LeadSearch search, IReadOnlyList<BusinessPersona> businessPersonas, CancellationToken cancellationToken)
    {
        await mapper.IndexPersonasAsync(search, VectorKind.BusinessPersona, businessPersonas.Select(p => (p.Id, EntityText.Of(p))).ToList(), cancellationToken).ConfigureAwait(false);
        var discovery = businessPersonas
            .SelectMany(persona => search.Countries.Select(country => new JobRequest(
                JobTypes.Discovery,
                search.TenantId,
                search.Id,
                DiscoveryStage.JobKey(search.Id, persona.Id, country),
                JobContext.SerializePayload(new DiscoveryPayload(persona.Id, country)))))
            .ToList();
        await context.EnsureActiveAsync(cancellationToken).ConfigureAwait(false);
        await queue.EnqueueAsync(discovery, cancellationToken).ConfigureAwait(false);
        await context.ReportProgressAsync(0.45, cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<BusinessPersona>> WriteBusinessPersonasAsync(LeadSearch search, CancellationToken cancellationToken)
    {
        var count = search.Limits.BusinessPersonas;
        var (system, user) = Prompts.BusinessPersonas(search);
        var schema = StructuredOutput.WithArrayLength(StructuredOutput.SchemaFor<BusinessPersonasReply>(), "personas", count);
        var reply = await llm.GenerateAsync<BusinessPersonasReply>(Prompts.BusinessPersonasSchema, system, user, schema, cancellationToken).ConfigureAwait(false);
        if (reply.Personas.Count == 0)
        {
            throw new StructuredOutputException(Prompts.BusinessPersonasSchema, ["the reply held no personas"]);
        }

        return reply.Personas.Take(count).Select((draft, index) =>
        {
            var rank = index + 1;
            var phrases = StageSupport.Clean(draft.SearchPhrases, 5);
            return new BusinessPersona
            {
                Id = StableIds.For(search.Id, $"business-persona:{rank}"),
                SearchId = search.Id,
                Rank = rank,
                Title = StageSupport.Clean(draft.Title, 200) is { Length: > 0 } title ? title : $"Business persona {rank}",
                Description = StageSupport.Clean(draft.Description, 2000),
                Demographics = draft.Demographics,
                Characteristics = draft.Characteristics,
                Behaviors = draft.Behaviors,
                MarketPotential = new BusinessMarketPotential
                {
                    EstimatedCompanies = Math.Max(0, draft.MarketPotential.EstimatedCompanies),
                    EstimatedAverageDealSizeUsd = Math.Max(0, draft.MarketPotential.EstimatedAverageDealSizeUsd),
                    EstimatedConversionRate = Math.Clamp(draft.MarketPotential.EstimatedConversionRate, 0, 1),
                },
                Locations = StageSupport.Clean(draft.Locations),
                SearchPhrases = phrases.Count > 0 ? phrases : [draft.Demographics.Industry is { Length: > 0 } industry ? industry : search.Industries[0]],
                PlaceCategories = StageSupport.Clean(draft.PlaceCategories),
            };
        }).ToList();
    }

    private async Task<IReadOnlyList<DecisionMakerPersona>> WriteDecisionMakerPersonasAsync(LeadSearch search, IReadOnlyList<BusinessPersona> businessPersonas, CancellationToken cancellationToken)
    {
        var count = search.Limits.DecisionMakerPersonas;
        var (system, user) = Prompts.DecisionMakerPersonas(search, businessPersonas);
        var schema = StructuredOutput.WithArrayLength(StructuredOutput.SchemaFor<DecisionMakerPersonasReply>(), "personas", count);
        var reply = await llm.GenerateAsync<DecisionMakerPersonasReply>(Prompts.DecisionMakerPersonasSchema, system, user, schema, cancellationToken).ConfigureAwait(false);
        if (reply.Personas.Count == 0)
        {
            throw new StructuredOutputException(Prompts.DecisionMakerPersonasSchema, ["the reply held no personas"]);
        }

        return reply.Personas.Take(count).Select((draft, index) =>
        {
            var rank = index + 1;
            var title = StageSupport.Clean(draft.Title, 200) is { Length: > 0 } t ? t : $"Decision maker {rank}";
            var jobTitles = StageSupport.Clean(draft.JobTitles, 4);
            return new DecisionMakerPersona
            {
                Id = StableIds.For(search.Id, $"decision-maker-persona:{rank}"),
                SearchId = search.Id,
                Rank = rank,
                Title = title,
                Description = StageSupport.Clean(draft.Description, 2000),
                Demographics = draft.Demographics,
                Characteristics = draft.Characteristics,
                Behaviors = draft.Behaviors,
                MarketPotential = new DecisionMakerMarketPotential
                {
                    EstimatedDecisionMakers = Math.Max(0, draft.MarketPotential.EstimatedDecisionMakers),
                    EstimatedInfluence = Math.Clamp(draft.MarketPotential.EstimatedInfluence, 0, 100),
                    EstimatedConversionRate = Math.Clamp(draft.MarketPotential.EstimatedConversionRate, 0, 1),
                },
                JobTitles = jobTitles.Count > 0 ? jobTitles : [title],
            };
        }).ToList();
    }
}
