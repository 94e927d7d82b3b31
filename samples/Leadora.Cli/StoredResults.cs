using Leadora.Ports;

namespace Leadora.Cli;

/// <summary>Reads a stored search's results straight from the stores (no providers needed), in the same shape a run returns.</summary>
internal static class StoredResults
{
    public static async Task<LeadSearchResult?> LoadAsync(ILeadStore store, IJobQueue queue, IUsageLedger usage, string tenant, Guid searchId, CancellationToken cancellationToken)
    {
        var search = await store.GetSearchAsync(tenant, searchId, cancellationToken);
        if (search is null)
        {
            return null;
        }

        var jobs = await queue.GetCountsAsync(tenant, searchId, cancellationToken);
        var counts = await store.GetCountsAsync(tenant, searchId, cancellationToken);
        return new LeadSearchResult
        {
            Search = search,
            BusinessPersonas = await store.GetBusinessPersonasAsync(tenant, searchId, cancellationToken),
            DecisionMakerPersonas = await store.GetDecisionMakerPersonasAsync(tenant, searchId, cancellationToken),
            Businesses = await store.GetBusinessesAsync(tenant, searchId, cancellationToken: cancellationToken),
            DecisionMakers = await store.GetDecisionMakersAsync(tenant, searchId, cancellationToken),
            Market = await store.GetMarketReportAsync(tenant, searchId, cancellationToken),
            Progress = ProgressCalculator.Compute(search, jobs, counts),
            Usage = await usage.SummarizeAsync(tenant, searchId, cancellationToken),
            Warnings = await store.GetWarningsAsync(tenant, searchId, cancellationToken),
        };
    }
}
