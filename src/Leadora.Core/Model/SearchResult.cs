namespace Leadora;

/// <summary>Everything a search has produced so far, as one document.</summary>
public sealed record LeadSearchResult
{
    /// <summary>The search.</summary>
    public required LeadSearch Search { get; init; }

    /// <summary>Business personas, by rank.</summary>
    public required IReadOnlyList<BusinessPersona> BusinessPersonas { get; init; }

    /// <summary>Decision-maker personas, by rank.</summary>
    public required IReadOnlyList<DecisionMakerPersona> DecisionMakerPersonas { get; init; }

    /// <summary>Businesses kept as leads, in discovery order: every exporter writes these.</summary>
    public required IReadOnlyList<Business> Businesses { get; init; }

    /// <summary>Businesses kept out of the leads because their fit is below the threshold, each with its reason.</summary>
    public IReadOnlyList<Business> ExcludedBusinesses { get; init; } = [];

    /// <summary>Decision makers.</summary>
    public required IReadOnlyList<DecisionMaker> DecisionMakers { get; init; }

    /// <summary>The tenant's status and note per lead (business or decision maker id); leads without one are <see cref="LeadStatus.New"/>.</summary>
    public IReadOnlyList<LeadAnnotation> Annotations { get; init; } = [];

    /// <summary>Market report, once written.</summary>
    public MarketReport? Market { get; init; }

    /// <summary>Progress.</summary>
    public required SearchProgress Progress { get; init; }

    /// <summary>Usage and estimated cost, per provider operation.</summary>
    public required IReadOnlyList<UsageSummaryRow> Usage { get; init; }

    /// <summary>Warnings.</summary>
    public required IReadOnlyList<SearchWarning> Warnings { get; init; }
}
