namespace Leadora;

/// <summary>The four phases of a lead search.</summary>
public enum SearchPhase
{
    /// <summary>Writing business and decision-maker personas (weight 25).</summary>
    Personas,

    /// <summary>Discovering businesses (weight 35).</summary>
    Discovery,

    /// <summary>Finding decision makers at the businesses (weight 20).</summary>
    DecisionMakers,

    /// <summary>Market research (weight 20).</summary>
    Market,
}

/// <summary>State of one phase.</summary>
public enum PhaseStatus
{
    /// <summary>Not started.</summary>
    Pending,

    /// <summary>Some units are queued or running.</summary>
    Running,

    /// <summary>Every unit finished successfully.</summary>
    Completed,

    /// <summary>Every unit finished, some of them dead-lettered.</summary>
    CompletedWithWarnings,

    /// <summary>The phase produced nothing because its units failed.</summary>
    Failed,

    /// <summary>The search was cancelled before the phase finished.</summary>
    Cancelled,
}

/// <summary>Progress of one phase, moving with finished units.</summary>
/// <param name="Phase">The phase.</param>
/// <param name="Status">Its state.</param>
/// <param name="Percent">0–100.</param>
/// <param name="CompletedUnits">Units finished (successfully or dead-lettered).</param>
/// <param name="TotalUnits">Units known so far.</param>
public sealed record PhaseProgress(SearchPhase Phase, PhaseStatus Status, double Percent, int CompletedUnits, int TotalUnits);

/// <summary>Counts of what a search has found so far.</summary>
/// <param name="BusinessPersonas">Business personas.</param>
/// <param name="DecisionMakerPersonas">Decision-maker personas.</param>
/// <param name="Businesses">Distinct businesses.</param>
/// <param name="DecisionMakers">Distinct decision makers.</param>
/// <param name="HasMarketReport">Whether the market report is written.</param>
public sealed record SearchCounts(int BusinessPersonas, int DecisionMakerPersonas, int Businesses, int DecisionMakers, bool HasMarketReport)
{
    /// <summary>Nothing found yet.</summary>
    public static SearchCounts Empty { get; } = new(0, 0, 0, 0, false);
}

/// <summary>What a search has cost so far.</summary>
/// <param name="Calls">Provider calls sent.</param>
/// <param name="CacheHits">Requests answered from the response cache.</param>
/// <param name="InputTokens">Input tokens.</param>
/// <param name="OutputTokens">Output tokens.</param>
/// <param name="CostUsd">Estimated cost in US dollars.</param>
public sealed record UsageTotals(int Calls, int CacheHits, long InputTokens, long OutputTokens, decimal CostUsd)
{
    /// <summary>Nothing spent.</summary>
    public static UsageTotals None { get; } = new(0, 0, 0, 0, 0);

    /// <summary>Totals of per-operation rows.</summary>
    public static UsageTotals Of(IEnumerable<UsageSummaryRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var list = rows as IReadOnlyCollection<UsageSummaryRow> ?? rows.ToList();
        return new UsageTotals(list.Sum(r => r.Calls), list.Sum(r => r.CacheHits), list.Sum(r => r.InputTokens), list.Sum(r => r.OutputTokens), list.Sum(r => r.CostUsd));
    }
}

/// <summary>Progress of a search: overall 0–100 with the phase weights, per phase, counts, and what it has cost.</summary>
/// <param name="SearchId">The search.</param>
/// <param name="Status">Search status.</param>
/// <param name="Overall">Weighted overall percent, 0–100.</param>
/// <param name="Phases">Per-phase progress, in pipeline order.</param>
/// <param name="Counts">What has been found.</param>
/// <param name="Usage">Provider calls, cache hits, tokens and estimated cost so far.</param>
public sealed record SearchProgress(Guid SearchId, SearchStatus Status, double Overall, IReadOnlyList<PhaseProgress> Phases, SearchCounts Counts, UsageTotals? Usage = null)
{
    /// <summary>Progress of one phase.</summary>
    public PhaseProgress this[SearchPhase phase] => Phases.First(p => p.Phase == phase);
}

/// <summary>Something a caller should know about a search's results: a dead-lettered unit, a fallback, a budget stop.</summary>
/// <param name="Code">Stable machine-readable code, for example <c>unit_dead_lettered</c>.</param>
/// <param name="Message">Human-readable message.</param>
/// <param name="Subject">What the warning is about (a job key, a provider); warnings are unique per code and subject.</param>
/// <param name="At">When it was raised.</param>
public sealed record SearchWarning(string Code, string Message, string Subject, DateTimeOffset At);
