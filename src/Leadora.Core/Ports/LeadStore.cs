namespace Leadora.Ports;

/// <summary>A business to insert, with the de-duplication keys computed for it.</summary>
/// <param name="Business">The business.</param>
/// <param name="Keys">Natural keys (place id, domain, phone, name + address); a business that shares any key with a stored one is a duplicate.</param>
public sealed record KeyedBusiness(Business Business, IReadOnlyList<string> Keys);

/// <summary>Outcome of inserting a batch of businesses.</summary>
/// <param name="Inserted">Businesses that were new.</param>
/// <param name="Duplicates">Businesses that matched a stored one (their new keys and missing fields were merged into it).</param>
public sealed record BusinessBatchResult(int Inserted, int Duplicates);

/// <summary>Port: everything a search produces, scoped by tenant. Writes are idempotent on natural keys.</summary>
public interface ILeadStore
{
    /// <summary>Stores a new search. Storing the same id twice is a no-op.</summary>
    Task CreateSearchAsync(LeadSearch search, CancellationToken cancellationToken = default);

    /// <summary>A search of the tenant, or <see langword="null"/>.</summary>
    Task<LeadSearch?> GetSearchAsync(string tenantId, Guid searchId, CancellationToken cancellationToken = default);

    /// <summary>The tenant's searches, newest first.</summary>
    Task<IReadOnlyList<LeadSearch>> ListSearchesAsync(string tenantId, int skip, int take, CancellationToken cancellationToken = default);

    /// <summary>Moves a search to <paramref name="status"/> unless it is already terminal. Returns whether it changed.</summary>
    Task<bool> SetSearchStatusAsync(string tenantId, Guid searchId, SearchStatus status, string? errorMessage, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Inserts or replaces business personas by id.</summary>
    Task SaveBusinessPersonasAsync(string tenantId, Guid searchId, IReadOnlyList<BusinessPersona> personas, CancellationToken cancellationToken = default);

    /// <summary>Business personas by rank.</summary>
    Task<IReadOnlyList<BusinessPersona>> GetBusinessPersonasAsync(string tenantId, Guid searchId, CancellationToken cancellationToken = default);

    /// <summary>Inserts or replaces decision-maker personas by id.</summary>
    Task SaveDecisionMakerPersonasAsync(string tenantId, Guid searchId, IReadOnlyList<DecisionMakerPersona> personas, CancellationToken cancellationToken = default);

    /// <summary>Decision-maker personas by rank.</summary>
    Task<IReadOnlyList<DecisionMakerPersona>> GetDecisionMakerPersonasAsync(string tenantId, Guid searchId, CancellationToken cancellationToken = default);

    /// <summary>Inserts businesses that share no key with a stored business of the search, atomically with respect to concurrent callers.</summary>
    Task<BusinessBatchResult> AddBusinessesAsync(string tenantId, Guid searchId, IReadOnlyList<KeyedBusiness> businesses, CancellationToken cancellationToken = default);

    /// <summary>Businesses of the search in discovery order; optionally only those first found by one discovery unit.</summary>
    Task<IReadOnlyList<Business>> GetBusinessesAsync(string tenantId, Guid searchId, string? discoveredBy = null, CancellationToken cancellationToken = default);

    /// <summary>Businesses by id (missing ids are skipped).</summary>
    Task<IReadOnlyList<Business>> GetBusinessesByIdAsync(string tenantId, Guid searchId, IReadOnlyList<Guid> businessIds, CancellationToken cancellationToken = default);

    /// <summary>Sets persona matches of businesses.</summary>
    Task SetBusinessMatchesAsync(string tenantId, Guid searchId, IReadOnlyList<(Guid BusinessId, PersonaMatch Match)> matches, CancellationToken cancellationToken = default);

    /// <summary>Sets the fit of businesses (score, reason, method, and whether each is excluded from the leads).</summary>
    Task SetBusinessFitsAsync(string tenantId, Guid searchId, IReadOnlyList<(Guid BusinessId, BusinessFit Fit)> fits, CancellationToken cancellationToken = default);

    /// <summary>Marks businesses as enriched with decision makers.</summary>
    Task MarkDecisionMakersSearchedAsync(string tenantId, Guid searchId, IReadOnlyList<Guid> businessIds, CancellationToken cancellationToken = default);

    /// <summary>Inserts decision makers that are new by profile URL; returns how many were new.</summary>
    Task<int> AddDecisionMakersAsync(string tenantId, Guid searchId, IReadOnlyList<DecisionMaker> decisionMakers, CancellationToken cancellationToken = default);

    /// <summary>Decision makers of the search.</summary>
    Task<IReadOnlyList<DecisionMaker>> GetDecisionMakersAsync(string tenantId, Guid searchId, CancellationToken cancellationToken = default);

    /// <summary>Stores the market report (replacing an earlier one).</summary>
    Task SaveMarketReportAsync(string tenantId, MarketReport report, CancellationToken cancellationToken = default);

    /// <summary>The market report, or <see langword="null"/>.</summary>
    Task<MarketReport?> GetMarketReportAsync(string tenantId, Guid searchId, CancellationToken cancellationToken = default);

    /// <summary>Adds a warning unless one with the same code and subject exists.</summary>
    Task AddWarningAsync(string tenantId, Guid searchId, SearchWarning warning, CancellationToken cancellationToken = default);

    /// <summary>Warnings in the order raised.</summary>
    Task<IReadOnlyList<SearchWarning>> GetWarningsAsync(string tenantId, Guid searchId, CancellationToken cancellationToken = default);

    /// <summary>Counts of what the search has found.</summary>
    Task<SearchCounts> GetCountsAsync(string tenantId, Guid searchId, CancellationToken cancellationToken = default);
}
