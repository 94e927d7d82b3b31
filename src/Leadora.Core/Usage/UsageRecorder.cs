using Leadora.Ports;
using Microsoft.Extensions.Options;

namespace Leadora.Usage;

/// <summary>Writes usage entries for the current <see cref="SearchContext"/>, pricing them from <see cref="PricingOptions"/>.</summary>
public sealed class UsageRecorder(IUsageLedger ledger, IOptions<LeadoraOptions> options, TimeProvider time)
{
    /// <summary>Tenant recorded for calls made outside any search.</summary>
    public const string SystemTenant = "system";

    /// <summary>The clock used for latency and timestamps.</summary>
    public TimeProvider Time => time;

    /// <summary>Records one provider call.</summary>
    public Task RecordAsync(string provider, string operation, string? model, long inputTokens, long outputTokens, int items, TimeSpan latency, bool failed, bool cacheHit = false, CancellationToken cancellationToken = default)
    {
        var context = SearchContext.Current;
        var entry = new UsageEntry
        {
            TenantId = context?.TenantId ?? SystemTenant,
            SearchId = context?.SearchId,
            Provider = provider,
            Operation = operation,
            Model = model,
            InputTokens = inputTokens,
            OutputTokens = outputTokens,
            Items = items,
            Latency = latency,
            CacheHit = cacheHit,
            Fallback = FallbackScope.IsFallback,
            Failed = failed,
            CostUsd = cacheHit || failed ? 0 : options.Value.Pricing.Estimate(provider, operation, model, inputTokens, outputTokens),
            At = time.GetUtcNow(),
        };
        return ledger.RecordAsync(entry, cancellationToken);
    }
}

/// <summary>Marks provider calls made as a fallback, so usage entries can say so.</summary>
public static class FallbackScope
{
    private static readonly AsyncLocal<bool> Current = new();

    /// <summary>Whether the current flow is calling a fallback provider.</summary>
    public static bool IsFallback => Current.Value;

    /// <summary>Marks the flow as a fallback (or not) until the returned scope is disposed.</summary>
    public static IDisposable Enter(bool isFallback)
    {
        var previous = Current.Value;
        Current.Value = isFallback;
        return new Scope(previous);
    }

    private sealed class Scope(bool previous) : IDisposable
    {
        public void Dispose() => Current.Value = previous;
    }
}
