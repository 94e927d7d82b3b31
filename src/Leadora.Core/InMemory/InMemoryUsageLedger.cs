using Leadora.Ports;

namespace Leadora.InMemory;

/// <summary>The embedded usage ledger.</summary>
public sealed class InMemoryUsageLedger : IUsageLedger
{
    private readonly object _gate = new();
    private readonly List<UsageEntry> _entries = [];

    /// <inheritdoc />
    public Task RecordAsync(UsageEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (_gate)
        {
            _entries.Add(entry);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<UsageSummaryRow>> SummarizeAsync(string tenantId, Guid searchId, CancellationToken cancellationToken = default)
    {
        List<UsageEntry> entries;
        lock (_gate)
        {
            entries = _entries.Where(e => e.TenantId == tenantId && e.SearchId == searchId).ToList();
        }

        return Task.FromResult(UsageSummary.Summarize(entries));
    }
}

/// <summary>Aggregates usage entries into per-operation rows; shared by every ledger adapter that aggregates in memory.</summary>
public static class UsageSummary
{
    /// <summary>Rows per provider and operation, ordered by provider then operation.</summary>
    public static IReadOnlyList<UsageSummaryRow> Summarize(IEnumerable<UsageEntry> entries) =>
        entries
            .GroupBy(e => (e.Provider, e.Operation))
            .OrderBy(g => g.Key.Provider, StringComparer.Ordinal)
            .ThenBy(g => g.Key.Operation, StringComparer.Ordinal)
            .Select(g => new UsageSummaryRow(
                g.Key.Provider,
                g.Key.Operation,
                g.Count(e => !e.CacheHit),
                g.Sum(e => e.InputTokens),
                g.Sum(e => e.OutputTokens),
                g.Sum(e => (long)e.Items),
                g.Count(e => e.CacheHit),
                g.Count(e => e.Fallback),
                g.Count(e => e.Failed),
                g.Sum(e => e.CostUsd)))
            .ToList();
}
