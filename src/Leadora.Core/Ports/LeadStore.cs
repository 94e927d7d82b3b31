namespace Leadora.Ports;

/// <summary>A business to insert, with the de-duplication keys computed for it.</summary>
/// <param name="Business">The business.</param>
/// <param name="Keys">Natural keys (place id, domain, phone, name + address); a business that shares any key with a stored one is a duplicate.</param>
public sealed record KeyedBusiness(Business Business, IReadOnlyList<string> Keys);

/// <summary>Outcome of inserting a batch of businesses.</summary>
/// <param name="Inserted">Businesses that were new.</param>
/// <param name="Duplicates">Businesses that matched a stored one (their new keys and missing fields were merged into it).</param>
public sealed record BusinessBatchResult(int Inserted, int Duplicates);

/// <summary>
/// A reader's position in a search's results: how many of each kind it has seen, in stored order (personas by rank,
/// businesses and decision makers in the order they were stored; stores append them and never reorder).
/// </summary>
/// <param name="BusinessPersonas">Business personas seen.</param>
/// <param name="DecisionMakerPersonas">Decision-maker personas seen.</param>
/// <param name="Businesses">Businesses seen.</param>
/// <param name="DecisionMakers">Decision makers seen.</param>
/// <param name="MarketReport">Whether the market report was seen.</param>
public sealed record ResultsCursor(int BusinessPersonas, int DecisionMakerPersonas, int Businesses, int DecisionMakers, bool MarketReport)
{
    /// <summary>Nothing seen yet.</summary>
    public static ResultsCursor Start { get; } = new(0, 0, 0, 0, false);
}

/// <summary>Results stored after a <see cref="ResultsCursor"/>.</summary>
/// <param name="BusinessPersonas">New business personas.</param>
/// <param name="DecisionMakerPersonas">New decision-maker personas.</param>
/// <param name="Businesses">New businesses.</param>
/// <param name="DecisionMakers">New decision makers.</param>
/// <param name="Market">The market report, when it is new.</param>
/// <param name="Next">The cursor after these results.</param>
public sealed record NewResults(
    IReadOnlyList<BusinessPersona> BusinessPersonas,
    IReadOnlyList<DecisionMakerPersona> DecisionMakerPersonas,
    IReadOnlyList<Business> Businesses,
    IReadOnlyList<DecisionMaker> DecisionMakers,
    MarketReport? Market,
    ResultsCursor Next)
{
    /// <summary>Whether anything is new.</summary>
    public bool IsEmpty => BusinessPersonas.Count == 0 && DecisionMakerPersonas.Count == 0 && Businesses.Count == 0 && DecisionMakers.Count == 0 && Market is null;

    /// <summary>Builds the page from everything after <paramref name="after"/> in full, ordered lists (for stores that read whole lists).</summary>
    public static NewResults Slice(ResultsCursor after, IReadOnlyList<BusinessPersona> businessPersonas, IReadOnlyList<DecisionMakerPersona> decisionMakerPersonas, IReadOnlyList<Business> businesses, IReadOnlyList<DecisionMaker> decisionMakers, MarketReport? market)
    {
        ArgumentNullException.ThrowIfNull(after);
        return After(after, [.. businessPersonas.Skip(after.BusinessPersonas)], [.. decisionMakerPersonas.Skip(after.DecisionMakerPersonas)], [.. businesses.Skip(after.Businesses)], [.. decisionMakers.Skip(after.DecisionMakers)], after.MarketReport ? null : market);
    }

    /// <summary>Builds the page from the items after <paramref name="after"/>, advancing the cursor by what they hold.</summary>
    public static NewResults After(ResultsCursor after, IReadOnlyList<BusinessPersona> businessPersonas, IReadOnlyList<DecisionMakerPersona> decisionMakerPersonas, IReadOnlyList<Business> businesses, IReadOnlyList<DecisionMaker> decisionMakers, MarketReport? market)
    {
        ArgumentNullException.ThrowIfNull(after);
        return new NewResults(businessPersonas, decisionMakerPersonas, businesses, decisionMakers, market, new ResultsCursor(
            after.BusinessPersonas + businessPersonas.Count,
            after.DecisionMakerPersonas + decisionMakerPersonas.Count,
            after.Businesses + businesses.Count,
            after.DecisionMakers + decisionMakers.Count,
            after.MarketReport || market is not null));
    }
}

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

    /// <summary>
    /// Sets the status and note of one business or decision maker of the search, replacing what was set before. Stores
    /// nothing and returns <see langword="false"/> when the tenant has no such search or the search has no such lead.
    /// </summary>
    /// <param name="tenantId">The tenant (the user who works the list).</param>
    /// <param name="searchId">The search.</param>
    /// <param name="annotation">The lead's status and note; see <see cref="LeadAnnotation.Validate"/>.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>Whether the annotation was stored.</returns>
    /// <exception cref="ArgumentException">The annotation is invalid (see <see cref="LeadAnnotation.Validate"/>).</exception>
    Task<bool> SetAnnotationAsync(string tenantId, Guid searchId, LeadAnnotation annotation, CancellationToken cancellationToken = default);

    /// <summary>Every lead annotation of the search, in one read, in no particular order (empty for another tenant's search).</summary>
    Task<IReadOnlyList<LeadAnnotation>> GetAnnotationsAsync(string tenantId, Guid searchId, CancellationToken cancellationToken = default);

    /// <summary>Counts of what the search has found.</summary>
    Task<SearchCounts> GetCountsAsync(string tenantId, Guid searchId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The results stored after <paramref name="after"/>, for readers that follow a running search (live progress streams):
    /// each call returns only what is new. Stores should override the default, which reads every list and skips what was
    /// seen, with reads that skip on the server.
    /// </summary>
    /// <param name="tenantId">The tenant.</param>
    /// <param name="searchId">The search.</param>
    /// <param name="after">What the reader has seen.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>What is new, with the next cursor.</returns>
    async Task<NewResults> GetResultsAfterAsync(string tenantId, Guid searchId, ResultsCursor after, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(after);
        return NewResults.Slice(
            after,
            await GetBusinessPersonasAsync(tenantId, searchId, cancellationToken).ConfigureAwait(false),
            await GetDecisionMakerPersonasAsync(tenantId, searchId, cancellationToken).ConfigureAwait(false),
            await GetBusinessesAsync(tenantId, searchId, cancellationToken: cancellationToken).ConfigureAwait(false),
            await GetDecisionMakersAsync(tenantId, searchId, cancellationToken).ConfigureAwait(false),
            after.MarketReport ? null : await GetMarketReportAsync(tenantId, searchId, cancellationToken).ConfigureAwait(false));
    }
}
