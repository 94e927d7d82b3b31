namespace Leadora;

/// <summary>One provider call (or cache hit) in the usage ledger.</summary>
public sealed record UsageEntry
{
    /// <summary>Tenant that owns the search.</summary>
    public required string TenantId { get; init; }

    /// <summary>The search the call was made for, if any.</summary>
    public Guid? SearchId { get; init; }

    /// <summary>Provider, for example <c>openai</c> or <c>serper</c>.</summary>
    public required string Provider { get; init; }

    /// <summary>Operation, for example <c>chat.primary</c>, <c>embeddings</c>, <c>places</c>, <c>search</c>.</summary>
    public required string Operation { get; init; }

    /// <summary>Model, when the call used one.</summary>
    public string? Model { get; init; }

    /// <summary>Input tokens (or embedded items' tokens).</summary>
    public long InputTokens { get; init; }

    /// <summary>Output tokens.</summary>
    public long OutputTokens { get; init; }

    /// <summary>Items handled by the call (embedded texts, results returned).</summary>
    public int Items { get; init; }

    /// <summary>Wall-clock latency of the call.</summary>
    public TimeSpan Latency { get; init; }

    /// <summary>Whether the response came from the response cache (no paid call was made).</summary>
    public bool CacheHit { get; init; }

    /// <summary>Whether this provider was used because an earlier one in its fallback chain failed.</summary>
    public bool Fallback { get; init; }

    /// <summary>Whether the call failed.</summary>
    public bool Failed { get; init; }

    /// <summary>Estimated cost in US dollars from the configured price table.</summary>
    public decimal CostUsd { get; init; }

    /// <summary>When the call finished.</summary>
    public required DateTimeOffset At { get; init; }
}

/// <summary>Usage totals for one provider operation within a search.</summary>
/// <param name="Provider">Provider.</param>
/// <param name="Operation">Operation.</param>
/// <param name="Calls">Calls sent to the provider (cache hits excluded).</param>
/// <param name="InputTokens">Input tokens.</param>
/// <param name="OutputTokens">Output tokens.</param>
/// <param name="Items">Items handled (for embeddings: texts embedded).</param>
/// <param name="CacheHits">Requests answered from the cache.</param>
/// <param name="Fallbacks">Calls made as a fallback.</param>
/// <param name="Failures">Calls that failed.</param>
/// <param name="CostUsd">Estimated cost in US dollars.</param>
public sealed record UsageSummaryRow(string Provider, string Operation, int Calls, long InputTokens, long OutputTokens, long Items, int CacheHits, int Fallbacks, int Failures, decimal CostUsd);
