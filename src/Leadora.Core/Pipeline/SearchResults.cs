using Leadora.Ports;

namespace Leadora;

/// <summary>
/// Reads a search's results and progress straight from the stores. It needs no providers, so tools that only look at
/// stored searches (a <c>show</c> command, a dashboard) can use it; <see cref="ILeadPipeline.GetResultAsync"/> uses it too.
/// </summary>
public static class SearchResults
{
    /// <summary>Everything the search has produced, or <see langword="null"/> when the tenant has no such search.</summary>
    public static async Task<LeadSearchResult?> LoadAsync(ILeadStore store, IJobQueue queue, IUsageLedger usage, string tenantId, Guid searchId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(usage);
        var search = await store.GetSearchAsync(tenantId, searchId, cancellationToken).ConfigureAwait(false);
        if (search is null)
        {
            return null;
        }

        var usageRows = await usage.SummarizeAsync(tenantId, searchId, cancellationToken).ConfigureAwait(false);
        var businesses = await store.GetBusinessesAsync(tenantId, searchId, cancellationToken: cancellationToken).ConfigureAwait(false);
        return new LeadSearchResult
        {
            Search = search,
            BusinessPersonas = await store.GetBusinessPersonasAsync(tenantId, searchId, cancellationToken).ConfigureAwait(false),
            DecisionMakerPersonas = await store.GetDecisionMakerPersonasAsync(tenantId, searchId, cancellationToken).ConfigureAwait(false),
            Businesses = businesses.Where(b => !b.Excluded).ToList(),
            ExcludedBusinesses = businesses.Where(b => b.Excluded).ToList(),
            DecisionMakers = await store.GetDecisionMakersAsync(tenantId, searchId, cancellationToken).ConfigureAwait(false),
            Annotations = await store.GetAnnotationsAsync(tenantId, searchId, cancellationToken).ConfigureAwait(false),
            Market = await store.GetMarketReportAsync(tenantId, searchId, cancellationToken).ConfigureAwait(false),
            Progress = await ProgressAsync(store, queue, search, usageRows, cancellationToken).ConfigureAwait(false),
            Usage = usageRows,
            Warnings = await store.GetWarningsAsync(tenantId, searchId, cancellationToken).ConfigureAwait(false),
        };
    }

    /// <summary>Progress of the search, or <see langword="null"/> when the tenant has no such search.</summary>
    public static async Task<SearchProgress?> LoadProgressAsync(ILeadStore store, IJobQueue queue, IUsageLedger usage, string tenantId, Guid searchId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(usage);
        var search = await store.GetSearchAsync(tenantId, searchId, cancellationToken).ConfigureAwait(false);
        if (search is null)
        {
            return null;
        }

        var usageRows = await usage.SummarizeAsync(tenantId, searchId, cancellationToken).ConfigureAwait(false);
        return await ProgressAsync(store, queue, search, usageRows, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<SearchProgress> ProgressAsync(ILeadStore store, IJobQueue queue, LeadSearch search, IReadOnlyList<UsageSummaryRow> usageRows, CancellationToken cancellationToken)
    {
        var jobs = await queue.GetCountsAsync(search.TenantId, search.Id, cancellationToken).ConfigureAwait(false);
        var counts = await store.GetCountsAsync(search.TenantId, search.Id, cancellationToken).ConfigureAwait(false);
        return ProgressCalculator.Compute(search, jobs, counts, usageRows);
    }
}
