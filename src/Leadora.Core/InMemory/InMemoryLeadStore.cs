using System.Collections.Concurrent;
using Leadora.DecisionMakers;
using Leadora.Dedupe;
using Leadora.Ports;

namespace Leadora.InMemory;

/// <summary>The embedded lead store. Each search's state sits behind its own lock, so batches are atomic and searches don't contend.</summary>
public sealed class InMemoryLeadStore : ILeadStore
{
    private readonly ConcurrentDictionary<Guid, SearchState> _searches = new();

    /// <inheritdoc />
    public Task CreateSearchAsync(LeadSearch search, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(search);
        _searches.TryAdd(search.Id, new SearchState(search));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<LeadSearch?> GetSearchAsync(string tenantId, Guid searchId, CancellationToken cancellationToken = default) =>
        Task.FromResult(Read(tenantId, searchId, s => s.Search));

    /// <inheritdoc />
    public Task<IReadOnlyList<LeadSearch>> ListSearchesAsync(string tenantId, int skip, int take, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<LeadSearch> list = _searches.Values
            .Select(s => { lock (s) { return s.Search; } })
            .Where(s => s.TenantId == tenantId)
            .OrderByDescending(s => s.CreatedAt)
            .ThenBy(s => s.Id)
            .Skip(Math.Max(0, skip))
            .Take(Math.Max(0, take))
            .ToList();
        return Task.FromResult(list);
    }

    /// <inheritdoc />
    public Task<bool> SetSearchStatusAsync(string tenantId, Guid searchId, SearchStatus status, string? errorMessage, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        Task.FromResult(Write(tenantId, searchId, s =>
        {
            if (s.Search.Status.IsTerminal() || s.Search.Status == status)
            {
                return false;
            }

            s.Search = s.Search with
            {
                Status = status,
                Error = errorMessage ?? s.Search.Error,
                UpdatedAt = at,
                CompletedAt = status.IsTerminal() ? at : null,
            };
            return true;
        }));

    /// <inheritdoc />
    public Task SaveBusinessPersonasAsync(string tenantId, Guid searchId, IReadOnlyList<BusinessPersona> personas, CancellationToken cancellationToken = default)
    {
        Write(tenantId, searchId, s =>
        {
            foreach (var persona in personas)
            {
                s.BusinessPersonas[persona.Id] = persona;
            }

            return true;
        });
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<BusinessPersona>> GetBusinessPersonasAsync(string tenantId, Guid searchId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<BusinessPersona>>(Read(tenantId, searchId, s => s.BusinessPersonas.Values.OrderBy(p => p.Rank).ToList()) ?? []);

    /// <inheritdoc />
    public Task SaveDecisionMakerPersonasAsync(string tenantId, Guid searchId, IReadOnlyList<DecisionMakerPersona> personas, CancellationToken cancellationToken = default)
    {
        Write(tenantId, searchId, s =>
        {
            foreach (var persona in personas)
            {
                s.DecisionMakerPersonas[persona.Id] = persona;
            }

            return true;
        });
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<DecisionMakerPersona>> GetDecisionMakerPersonasAsync(string tenantId, Guid searchId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<DecisionMakerPersona>>(Read(tenantId, searchId, s => s.DecisionMakerPersonas.Values.OrderBy(p => p.Rank).ToList()) ?? []);

    /// <inheritdoc />
    public Task<BusinessBatchResult> AddBusinessesAsync(string tenantId, Guid searchId, IReadOnlyList<KeyedBusiness> businesses, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(businesses);
        var result = Write(tenantId, searchId, s =>
        {
            var plan = BusinessMerge.Merge(businesses, s.KeyIndex, id => s.BusinessOrder.TryGetValue(id, out var index) ? s.Businesses[index] : null);
            foreach (var business in plan.Updated)
            {
                s.Businesses[s.BusinessOrder[business.Id]] = business;
            }

            foreach (var business in plan.Inserted)
            {
                s.BusinessOrder[business.Id] = s.Businesses.Count;
                s.Businesses.Add(business);
            }

            return new BusinessBatchResult(plan.Inserted.Count, plan.Duplicates);
        });
        return Task.FromResult(result ?? new BusinessBatchResult(0, 0));
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Business>> GetBusinessesAsync(string tenantId, Guid searchId, string? discoveredBy = null, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<Business>>(Read(tenantId, searchId, s => s.Businesses.Where(b => discoveredBy is null || b.DiscoveredBy == discoveredBy).ToList()) ?? []);

    /// <inheritdoc />
    public Task<IReadOnlyList<Business>> GetBusinessesByIdAsync(string tenantId, Guid searchId, IReadOnlyList<Guid> businessIds, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<Business>>(Read(tenantId, searchId, s => businessIds
            .Where(s.BusinessOrder.ContainsKey)
            .Select(id => s.Businesses[s.BusinessOrder[id]])
            .ToList()) ?? []);

    /// <inheritdoc />
    public Task SetBusinessMatchesAsync(string tenantId, Guid searchId, IReadOnlyList<(Guid BusinessId, PersonaMatch Match)> matches, CancellationToken cancellationToken = default)
    {
        Write(tenantId, searchId, s =>
        {
            foreach (var (businessId, match) in matches)
            {
                if (s.BusinessOrder.TryGetValue(businessId, out var index))
                {
                    s.Businesses[index] = s.Businesses[index] with { PersonaMatch = match };
                }
            }

            return true;
        });
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task SetBusinessFitsAsync(string tenantId, Guid searchId, IReadOnlyList<(Guid BusinessId, BusinessFit Fit)> fits, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fits);
        Write(tenantId, searchId, s =>
        {
            foreach (var (businessId, fit) in fits)
            {
                if (s.BusinessOrder.TryGetValue(businessId, out var index))
                {
                    s.Businesses[index] = s.Businesses[index] with { Fit = fit };
                }
            }

            return true;
        });
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task MarkDecisionMakersSearchedAsync(string tenantId, Guid searchId, IReadOnlyList<Guid> businessIds, CancellationToken cancellationToken = default)
    {
        Write(tenantId, searchId, s =>
        {
            foreach (var businessId in businessIds)
            {
                if (s.BusinessOrder.TryGetValue(businessId, out var index))
                {
                    s.Businesses[index] = s.Businesses[index] with { DecisionMakersSearched = true };
                }
            }

            return true;
        });
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<int> AddDecisionMakersAsync(string tenantId, Guid searchId, IReadOnlyList<DecisionMaker> decisionMakers, CancellationToken cancellationToken = default) =>
        Task.FromResult(Write(tenantId, searchId, s =>
        {
            var inserted = 0;
            foreach (var person in decisionMakers)
            {
                if (s.DecisionMakerKeys.Add(ProfileUrls.Normalize(person.LinkedInUrl)))
                {
                    s.DecisionMakers.Add(person);
                    s.DecisionMakerIds.Add(person.Id);
                    inserted++;
                }
            }

            return inserted;
        }));

    /// <inheritdoc />
    public Task<IReadOnlyList<DecisionMaker>> GetDecisionMakersAsync(string tenantId, Guid searchId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<DecisionMaker>>(Read(tenantId, searchId, s => s.DecisionMakers.ToList()) ?? []);

    /// <inheritdoc />
    public Task SaveMarketReportAsync(string tenantId, MarketReport report, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        Write(tenantId, report.SearchId, s =>
        {
            s.Market = report;
            return true;
        });
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<MarketReport?> GetMarketReportAsync(string tenantId, Guid searchId, CancellationToken cancellationToken = default) =>
        Task.FromResult(Read(tenantId, searchId, s => s.Market));

    /// <inheritdoc />
    public Task AddWarningAsync(string tenantId, Guid searchId, SearchWarning warning, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(warning);
        Write(tenantId, searchId, s =>
        {
            if (!s.Warnings.Any(w => w.Code == warning.Code && w.Subject == warning.Subject))
            {
                s.Warnings.Add(warning);
            }

            return true;
        });
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<SearchWarning>> GetWarningsAsync(string tenantId, Guid searchId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<SearchWarning>>(Read(tenantId, searchId, s => s.Warnings.ToList()) ?? []);

    /// <inheritdoc />
    public Task<bool> SetAnnotationAsync(string tenantId, Guid searchId, LeadAnnotation annotation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(annotation);
        annotation.Validate();
        return Task.FromResult(Write(tenantId, searchId, s =>
        {
            if (!s.BusinessOrder.ContainsKey(annotation.LeadId) && !s.DecisionMakerIds.Contains(annotation.LeadId))
            {
                return false;
            }

            s.Annotations[annotation.LeadId] = annotation;
            return true;
        }));
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<LeadAnnotation>> GetAnnotationsAsync(string tenantId, Guid searchId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<LeadAnnotation>>(Read(tenantId, searchId, s => s.Annotations.Values.ToList()) ?? []);

    /// <inheritdoc />
    public Task<SearchCounts> GetCountsAsync(string tenantId, Guid searchId, CancellationToken cancellationToken = default) =>
        Task.FromResult(Read(tenantId, searchId, s => new SearchCounts(
            s.BusinessPersonas.Count,
            s.DecisionMakerPersonas.Count,
            s.Businesses.Count,
            s.DecisionMakers.Count,
            s.Market is not null)) ?? SearchCounts.Empty);

    /// <summary>Only the results after <paramref name="after"/>, copied under the search's lock.</summary>
    public Task<NewResults> GetResultsAfterAsync(string tenantId, Guid searchId, ResultsCursor after, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(after);
        return Task.FromResult(Read(tenantId, searchId, s => NewResults.After(
            after,
            s.BusinessPersonas.Count > after.BusinessPersonas ? [.. s.BusinessPersonas.Values.OrderBy(p => p.Rank).Skip(after.BusinessPersonas)] : [],
            s.DecisionMakerPersonas.Count > after.DecisionMakerPersonas ? [.. s.DecisionMakerPersonas.Values.OrderBy(p => p.Rank).Skip(after.DecisionMakerPersonas)] : [],
            s.Businesses.Skip(after.Businesses).ToList(),
            s.DecisionMakers.Skip(after.DecisionMakers).ToList(),
            after.MarketReport ? null : s.Market)) ?? NewResults.After(after, [], [], [], [], null));
    }

    private T? Read<T>(string tenantId, Guid searchId, Func<SearchState, T> read)
    {
        if (!_searches.TryGetValue(searchId, out var state))
        {
            return default;
        }

        lock (state)
        {
            return state.Search.TenantId == tenantId ? read(state) : default;
        }
    }

    private T? Write<T>(string tenantId, Guid searchId, Func<SearchState, T> write) => Read(tenantId, searchId, write);

    private sealed class SearchState(LeadSearch search)
    {
        public LeadSearch Search { get; set; } = search;

        public Dictionary<Guid, BusinessPersona> BusinessPersonas { get; } = [];

        public Dictionary<Guid, DecisionMakerPersona> DecisionMakerPersonas { get; } = [];

        public List<Business> Businesses { get; } = [];

        public Dictionary<Guid, int> BusinessOrder { get; } = [];

        public Dictionary<string, Guid> KeyIndex { get; } = new(StringComparer.Ordinal);

        public List<DecisionMaker> DecisionMakers { get; } = [];

        public HashSet<string> DecisionMakerKeys { get; } = new(StringComparer.Ordinal);

        public HashSet<Guid> DecisionMakerIds { get; } = [];

        public Dictionary<Guid, LeadAnnotation> Annotations { get; } = [];

        public MarketReport? Market { get; set; }

        public List<SearchWarning> Warnings { get; } = [];
    }
}
