using Leadora.Jobs;
using Leadora.Ports;

namespace Leadora.Pipeline.Stages;

internal static class StageSupport
{
    /// <summary>The job's search; <see langword="null"/> when it was cancelled (the job then does nothing).</summary>
    public static async Task<LeadSearch?> LoadSearchAsync(ILeadStore store, JobContext context, CancellationToken cancellationToken)
    {
        var search = await store.GetSearchAsync(context.Job.TenantId, context.Job.SearchId, cancellationToken).ConfigureAwait(false)
            ?? throw new PermanentJobException($"Search {context.Job.SearchId} does not exist for this tenant.");
        return search.Status == SearchStatus.Cancelled ? null : search;
    }

    public static string Clean(string? value, int max = 400)
    {
        var trimmed = (value ?? "").Trim();
        return trimmed.Length <= max ? trimmed : trimmed[..max];
    }

    public static IReadOnlyList<string> Clean(IEnumerable<string>? values, int maxItems = 10) =>
        (values ?? [])
            .Select(v => Clean(v, 200))
            .Where(v => v.Length > 0)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Take(maxItems)
            .ToList();

    /// <summary>Runs <paramref name="work"/> over <paramref name="items"/> with at most <paramref name="concurrency"/> at once, keeping input order in the results.</summary>
    public static async Task<TResult[]> ForEachAsync<TItem, TResult>(IReadOnlyList<TItem> items, int concurrency, Func<TItem, CancellationToken, Task<TResult>> work, CancellationToken cancellationToken)
    {
        var results = new TResult[items.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, items.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, concurrency), CancellationToken = cancellationToken },
            async (index, ct) => results[index] = await work(items[index], ct).ConfigureAwait(false)).ConfigureAwait(false);
        return results;
    }
}
