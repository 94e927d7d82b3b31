using System.Collections.Concurrent;
using Leadora.Ports;
using Microsoft.Extensions.DependencyInjection;

namespace Leadora.Benchmarks.Pipeline;

/// <summary>
/// Forwards every usage entry to the configured ledger (in-memory or PostgreSQL) and keeps a copy, so the benchmark can
/// read the individual calls (the ledger port only answers with totals).
/// </summary>
internal sealed class RecordingUsageLedger(IUsageLedger inner) : IUsageLedger
{
    private readonly ConcurrentQueue<UsageEntry> _entries = new();

    public IReadOnlyList<UsageEntry> EntriesFor(Guid searchId) => _entries.Where(e => e.SearchId == searchId).ToList();

    public async Task RecordAsync(UsageEntry entry, CancellationToken cancellationToken = default)
    {
        await inner.RecordAsync(entry, cancellationToken).ConfigureAwait(false);
        _entries.Enqueue(entry);
    }

    public Task<IReadOnlyList<UsageSummaryRow>> SummarizeAsync(string tenantId, Guid searchId, CancellationToken cancellationToken = default) =>
        inner.SummarizeAsync(tenantId, searchId, cancellationToken);

    /// <summary>Wraps whichever <see cref="IUsageLedger"/> is registered last.</summary>
    public static void Decorate(IServiceCollection services)
    {
        var descriptor = services.Last(d => d.ServiceType == typeof(IUsageLedger));
        services.Remove(descriptor);
        Func<IServiceProvider, IUsageLedger> inner = descriptor switch
        {
            { ImplementationInstance: IUsageLedger instance } => _ => instance,
            { ImplementationFactory: { } factory } => sp => (IUsageLedger)factory(sp),
            { ImplementationType: { } type } => sp => (IUsageLedger)ActivatorUtilities.GetServiceOrCreateInstance(sp, type),
            _ => throw new InvalidOperationException("The usage ledger registration has no implementation."),
        };
        services.AddSingleton(sp => new RecordingUsageLedger(inner(sp)));
        services.AddSingleton<IUsageLedger>(sp => sp.GetRequiredService<RecordingUsageLedger>());
    }
}
