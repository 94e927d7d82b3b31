namespace Leadora;

/// <summary>Whether a lead search looks for buyers of the product or for sellers of it.</summary>
public enum SearchType
{
    /// <summary>Find businesses that would buy the product or service.</summary>
    Customer,

    /// <summary>Find businesses that sell or make the product or service.</summary>
    Supplier,
}

/// <summary>Size limits for one lead search. Defaults suit an interactive search; raise them for batch work.</summary>
public sealed record SearchLimits
{
    /// <summary>Largest accepted value of any per-search count limit.</summary>
    public const int MaxPersonas = 10;

    /// <summary>Number of business personas (ideal-customer segments) to write. Default 3.</summary>
    public int BusinessPersonas { get; init; } = 3;

    /// <summary>Number of decision-maker personas (buyer roles) to write. Default 3.</summary>
    public int DecisionMakerPersonas { get; init; } = 3;

    /// <summary>Target number of distinct businesses to discover per business persona in each country. Default 10.</summary>
    public int BusinessesPerPersona { get; init; } = 10;

    /// <summary>Most decision makers kept per business. Default 3 (the seed's <c>LINKEDIN_MAX_EMPLOYEES_PER_COMPANY</c>).</summary>
    public int DecisionMakersPerBusiness { get; init; } = 3;

    /// <summary>This search's budget in US dollars (estimated); <see langword="null"/> uses <c>Leadora:Spending:MaxCostUsd</c>.</summary>
    public decimal? MaxCostUsd { get; init; }
}

/// <summary>What a caller asks Leadora to find.</summary>
public sealed record LeadSearchRequest
{
    /// <summary>Customers (buyers) or suppliers (sellers).</summary>
    public SearchType SearchType { get; init; } = SearchType.Customer;

    /// <summary>The product or service being sold or bought, in plain words (1–2,000 characters).</summary>
    public string ProductService { get; init; } = "";

    /// <summary>One or more target industries.</summary>
    public IReadOnlyList<string> Industries { get; init; } = [];

    /// <summary>One or more target countries, as English names, common aliases or ISO 3166 alpha-2 codes.</summary>
    public IReadOnlyList<string> Countries { get; init; } = [];

    /// <summary>Optional size limits; <see langword="null"/> means the defaults.</summary>
    public SearchLimits? Limits { get; init; }
}

/// <summary>Lifecycle state of a lead search.</summary>
public enum SearchStatus
{
    /// <summary>Created; no job has started yet.</summary>
    Pending,

    /// <summary>At least one job has started.</summary>
    Running,

    /// <summary>Every job finished successfully.</summary>
    Completed,

    /// <summary>Finished, but some units were dead-lettered, a fallback degraded results, or a budget stopped paid calls.</summary>
    CompletedWithWarnings,

    /// <summary>The search could not produce results (for example, personas could not be written).</summary>
    Failed,

    /// <summary>Cancelled by the caller.</summary>
    Cancelled,
}

/// <summary>Helpers for <see cref="SearchStatus"/>.</summary>
public static class SearchStatusExtensions
{
    /// <summary>Whether the status is final: no more work will run for the search.</summary>
    public static bool IsTerminal(this SearchStatus status) =>
        status is SearchStatus.Completed or SearchStatus.CompletedWithWarnings or SearchStatus.Failed or SearchStatus.Cancelled;
}

/// <summary>A stored lead search: the validated request plus its lifecycle.</summary>
public sealed record LeadSearch
{
    /// <summary>Search id.</summary>
    public required Guid Id { get; init; }

    /// <summary>The tenant (user or organisation) that owns the search; every read is scoped by it.</summary>
    public required string TenantId { get; init; }

    /// <summary>Customers or suppliers.</summary>
    public required SearchType SearchType { get; init; }

    /// <summary>The product or service, trimmed.</summary>
    public required string ProductService { get; init; }

    /// <summary>Target industries, trimmed and de-duplicated.</summary>
    public required IReadOnlyList<string> Industries { get; init; }

    /// <summary>Target countries as ISO 3166 alpha-2 codes.</summary>
    public required IReadOnlyList<string> Countries { get; init; }

    /// <summary>Effective limits.</summary>
    public required SearchLimits Limits { get; init; }

    /// <summary>Current status.</summary>
    public SearchStatus Status { get; init; } = SearchStatus.Pending;

    /// <summary>When the search was created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the status last changed.</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>When the search reached a terminal status.</summary>
    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>Why the search failed, when it did.</summary>
    public string? Error { get; init; }
}
