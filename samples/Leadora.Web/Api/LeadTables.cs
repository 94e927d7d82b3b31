using System.Globalization;
using Leadora.Ports;

namespace Leadora.Web.Api;

/// <summary>One page of a results table.</summary>
/// <typeparam name="T">The row type.</typeparam>
/// <param name="Items">The rows of the page.</param>
/// <param name="Total">Rows that match the filters, on every page.</param>
/// <param name="Page">1-based page.</param>
/// <param name="PageSize">Rows per page.</param>
internal sealed record LeadPage<T>(IReadOnlyList<T> Items, int Total, int Page, int PageSize);

/// <summary>A business as the results table and its "why this lead" view show it.</summary>
/// <param name="Business">The business, with its provenance (<see cref="Business.Provenance"/>: provider, operation and query that found it) and <see cref="Business.AlsoFoundBy"/>.</param>
/// <param name="Persona">Title of the best-matching business persona.</param>
/// <param name="MatchScore">Cosine similarity to that persona.</param>
/// <param name="MatchMethod">How the persona was chosen.</param>
/// <param name="FitScore">Fit in [0, 1].</param>
/// <param name="FitReason">Why it fits or not.</param>
/// <param name="FitMethod">What decided the fit.</param>
/// <param name="Excluded">Whether the business is kept out of the leads (fit below the threshold; never exported).</param>
/// <param name="Status">The user's status of the lead.</param>
/// <param name="Note">The user's note.</param>
/// <param name="AnnotatedAt">When status or note was last set.</param>
/// <param name="DecisionMakers">Decision makers found at the business.</param>
/// <param name="MapsUrl">The business on Google Maps (by place id, CID or coordinates), when known.</param>
/// <param name="Warnings">Warnings of the search that touched this row (a fallback provider found it, its match used local embeddings, …).</param>
internal sealed record BusinessRow(
    Business Business,
    string? Persona,
    double? MatchScore,
    MatchMethod? MatchMethod,
    double? FitScore,
    string? FitReason,
    FitMethod? FitMethod,
    bool Excluded,
    LeadStatus Status,
    string? Note,
    DateTimeOffset? AnnotatedAt,
    int DecisionMakers,
    string? MapsUrl,
    IReadOnlyList<SearchWarning> Warnings);

/// <summary>A decision maker as the results table and its "why this lead" view show them.</summary>
/// <param name="DecisionMaker">The person, with the LinkedIn URL and the provenance (web-search query) that found them.</param>
/// <param name="Persona">Title of the best-matching decision-maker persona.</param>
/// <param name="MatchScore">Cosine similarity to that persona.</param>
/// <param name="MatchMethod">How the persona was chosen.</param>
/// <param name="BusinessName">Name of the business the person was matched to (the person's stated company when the business is not among the leads).</param>
/// <param name="Country">The business's country.</param>
/// <param name="City">The business's city.</param>
/// <param name="FitScore">The business's fit.</param>
/// <param name="FitReason">Why the business fits.</param>
/// <param name="FitMethod">What decided the business's fit.</param>
/// <param name="Status">The user's status of the person.</param>
/// <param name="Note">The user's note.</param>
/// <param name="AnnotatedAt">When status or note was last set.</param>
/// <param name="Warnings">Warnings of the search that touched this row.</param>
internal sealed record DecisionMakerRow(
    DecisionMaker DecisionMaker,
    string? Persona,
    double? MatchScore,
    MatchMethod? MatchMethod,
    string BusinessName,
    string? Country,
    string? City,
    double? FitScore,
    string? FitReason,
    FitMethod? FitMethod,
    LeadStatus Status,
    string? Note,
    DateTimeOffset? AnnotatedAt,
    IReadOnlyList<SearchWarning> Warnings);

/// <summary>A search's results restricted to chosen rows, and the chosen ids that are no lead of the search.</summary>
/// <param name="Result">The restricted result (what exports write).</param>
/// <param name="UnknownIds">Ids that are neither a business nor a decision maker of the search.</param>
internal sealed record LeadSelection(LeadSearchResult Result, IReadOnlyList<Guid> UnknownIds);

/// <summary>What the results tables are built from: one read of a search's leads, annotations and warnings.</summary>
/// <param name="BusinessPersonas">Business personas.</param>
/// <param name="DecisionMakerPersonas">Decision-maker personas.</param>
/// <param name="Businesses">Every business in discovery order, excluded ones too.</param>
/// <param name="DecisionMakers">Decision makers in discovery order.</param>
/// <param name="Annotations">The user's statuses and notes.</param>
/// <param name="Warnings">The search's warnings.</param>
internal sealed record LeadTableData(
    IReadOnlyList<BusinessPersona> BusinessPersonas,
    IReadOnlyList<DecisionMakerPersona> DecisionMakerPersonas,
    IReadOnlyList<Business> Businesses,
    IReadOnlyList<DecisionMaker> DecisionMakers,
    IReadOnlyList<LeadAnnotation> Annotations,
    IReadOnlyList<SearchWarning> Warnings);

/// <summary>
/// The results tables of a search, for the API and the UI: server-side filter, sort and page over rows built from one
/// read of the search (the search, then at once its results in one batch — <see cref="ILeadStore.GetResultsAfterAsync"/>
/// from the start — its annotations and its warnings: the same few store queries whatever the size), lead annotations,
/// and selections for exports. Every method is scoped to the tenant: another tenant's search is <see langword="null"/>.
/// </summary>
internal sealed class LeadTables(SearchReader reader, ILeadStore store, TimeProvider time)
{
    /// <summary>One page of the search's businesses, or <see langword="null"/> when the tenant has no such search.</summary>
    public async Task<LeadPage<BusinessRow>?> BusinessesAsync(string tenant, Guid searchId, LeadQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        return await LoadAsync(tenant, searchId, ct).ConfigureAwait(false) is { } data ? Businesses(data, query) : null;
    }

    /// <summary>One page of the search's decision makers, or <see langword="null"/> when the tenant has no such search.</summary>
    public async Task<LeadPage<DecisionMakerRow>?> DecisionMakersAsync(string tenant, Guid searchId, LeadQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        return await LoadAsync(tenant, searchId, ct).ConfigureAwait(false) is { } data ? DecisionMakers(data, query) : null;
    }

    /// <summary>
    /// Sets the status and note of a business or decision maker of the search (the note trimmed; blank is none). Returns
    /// <see langword="null"/> when the tenant has no such search or the search no such lead.
    /// </summary>
    /// <exception cref="ArgumentException">The status is undefined or the note longer than <see cref="LeadAnnotation.MaxNoteLength"/>.</exception>
    public async Task<LeadAnnotation?> AnnotateAsync(string tenant, Guid searchId, Guid leadId, LeadStatus status, string? note, CancellationToken ct)
    {
        var annotation = new LeadAnnotation(leadId, status, NormalizeNote(note), time.GetUtcNow());
        return await store.SetAnnotationAsync(tenant, searchId, annotation, ct).ConfigureAwait(false) ? annotation : null;
    }

    /// <summary>
    /// The search's result restricted to <paramref name="ids"/> (business and decision-maker ids), for exports: a chosen
    /// business is its row; a chosen person is their row and brings their business into company exports. Excluded
    /// businesses stay out, as in every export. <see langword="null"/> when the tenant has no such search.
    /// </summary>
    public async Task<LeadSearchResult?> SelectionAsync(string tenant, Guid searchId, IReadOnlyCollection<Guid> ids, CancellationToken ct) =>
        (await SelectAsync(tenant, searchId, ids, ct).ConfigureAwait(false))?.Result;

    /// <summary><see cref="SelectionAsync"/> with the ids that are no lead of the search.</summary>
    public async Task<LeadSelection?> SelectAsync(string tenant, Guid searchId, IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ids);
        return await reader.GetResultAsync(tenant, searchId, ct).ConfigureAwait(false) is { } result ? Select(result, ids) : null;
    }

    /// <summary>A note as stored: trimmed, and <see langword="null"/> when blank.</summary>
    public static string? NormalizeNote(string? note) => string.IsNullOrWhiteSpace(note) ? null : note.Trim();

    /// <summary>The businesses page of <paramref name="data"/> (no I/O).</summary>
    public static LeadPage<BusinessRow> Businesses(LeadTableData data, LeadQuery query)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(query);
        var context = new RowContext(data);
        var rows = data.Businesses.Where(b => query.IncludeExcluded || !b.Excluded).Select(context.BusinessRow).Where(row => Matches(row, query));
        return PageOf(Sort(rows, query.Sort, query.Descending, BusinessKey), query);
    }

    /// <summary>The decision-makers page of <paramref name="data"/> (no I/O).</summary>
    public static LeadPage<DecisionMakerRow> DecisionMakers(LeadTableData data, LeadQuery query)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(query);
        var context = new RowContext(data);
        var rows = data.DecisionMakers.Select(context.DecisionMakerRow).Where(row => Matches(row, context, query));
        return PageOf(Sort(rows, query.Sort, query.Descending, DecisionMakerKey), query);
    }

    /// <summary>The selection of <paramref name="ids"/> in <paramref name="result"/> (no I/O).</summary>
    public static LeadSelection Select(LeadSearchResult result, IReadOnlyCollection<Guid> ids)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(ids);
        var chosen = ids.ToHashSet();
        var people = result.DecisionMakers.Where(p => chosen.Contains(p.Id)).ToList();
        var businessIds = people.Select(p => p.BusinessId).Concat(chosen).ToHashSet();
        var known = result.Businesses.Concat(result.ExcludedBusinesses).Select(b => b.Id).Concat(result.DecisionMakers.Select(p => p.Id)).ToHashSet();
        return new LeadSelection(
            result with
            {
                Businesses = result.Businesses.Where(b => businessIds.Contains(b.Id)).ToList(),
                ExcludedBusinesses = [],
                DecisionMakers = people,
            },
            chosen.Where(id => !known.Contains(id)).ToList());
    }

    private async Task<LeadTableData?> LoadAsync(string tenant, Guid searchId, CancellationToken ct)
    {
        if (await store.GetSearchAsync(tenant, searchId, ct).ConfigureAwait(false) is null)
        {
            return null;
        }

        var results = store.GetResultsAfterAsync(tenant, searchId, ResultsCursor.Start, ct);
        var annotations = store.GetAnnotationsAsync(tenant, searchId, ct);
        var warnings = store.GetWarningsAsync(tenant, searchId, ct);
        await Task.WhenAll(results, annotations, warnings).ConfigureAwait(false);
        var all = await results.ConfigureAwait(false);
        return new LeadTableData(all.BusinessPersonas, all.DecisionMakerPersonas, all.Businesses, all.DecisionMakers, await annotations.ConfigureAwait(false), await warnings.ConfigureAwait(false));
    }

    private static bool Matches(BusinessRow row, LeadQuery query)
    {
        var b = row.Business;
        return Common(query, row.Status, row.MatchMethod, row.FitScore, b.Country, b.City, b.Website, b.Phone)
            && (query.Persona is null || PersonaIs(query.Persona, b.PersonaMatch?.PersonaId, row.Persona))
            && (query.Q is null || ContainsAll(query.Q, b.Name, b.Category, b.City, b.Address, b.Domain, row.Persona));
    }

    private static bool Matches(DecisionMakerRow row, RowContext context, LeadQuery query)
    {
        var p = row.DecisionMaker;
        var business = context.Business(p.BusinessId);
        return Common(query, row.Status, row.MatchMethod, row.FitScore, row.Country, row.City, business?.Website, business?.Phone)
            && (query.Persona is null || PersonaIs(query.Persona, p.PersonaMatch?.PersonaId, row.Persona))
            && (query.Q is null || ContainsAll(query.Q, p.Name, p.Title, p.Company, row.BusinessName, p.Location, row.Persona));
    }

    private static bool Common(LeadQuery query, LeadStatus status, MatchMethod? method, double? fit, string? country, string? city, string? website, string? phone) =>
        (query.Status is null || status == query.Status)
        && (query.Method is null || method == query.Method)
        && (query.MinFit is null || fit >= query.MinFit)
        && (query.MaxFit is null || fit <= query.MaxFit)
        && (query.Country is null || string.Equals(country, query.Country, StringComparison.OrdinalIgnoreCase))
        && (query.City is null || string.Equals(city?.Trim(), query.City, StringComparison.OrdinalIgnoreCase))
        && (query.HasWebsite is null || !string.IsNullOrWhiteSpace(website) == query.HasWebsite)
        && (query.HasPhone is null || !string.IsNullOrWhiteSpace(phone) == query.HasPhone);

    private static bool PersonaIs(string wanted, Guid? personaId, string? title) =>
        (personaId is { } id && Guid.TryParse(wanted, out var wantedId) && id == wantedId)
        || string.Equals(title, wanted, StringComparison.OrdinalIgnoreCase);

    private static bool ContainsAll(string q, params string?[] fields)
    {
        foreach (var word in q.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!fields.Any(f => f is not null && f.Contains(word, StringComparison.OrdinalIgnoreCase)))
            {
                return false;
            }
        }

        return true;
    }

    private static object? BusinessKey(BusinessRow row, string field) => field switch
    {
        "name" => row.Business.Name,
        "country" => row.Business.Country,
        "city" => row.Business.City,
        "category" => row.Business.Category,
        "persona" => row.Persona,
        "matchScore" => row.MatchScore,
        "fitScore" => row.FitScore,
        "rating" => row.Business.Rating,
        "ratingCount" => row.Business.RatingCount,
        "decisionMakers" => row.DecisionMakers,
        "status" => row.Status,
        _ => row.Business.FoundAt,
    };

    private static object? DecisionMakerKey(DecisionMakerRow row, string field) => field switch
    {
        "name" => row.DecisionMaker.Name,
        "title" => row.DecisionMaker.Title,
        "company" => row.BusinessName,
        "country" => row.Country,
        "city" => row.City,
        "persona" => row.Persona,
        "matchScore" => row.MatchScore,
        "fitScore" => row.FitScore,
        "status" => row.Status,
        _ => row.DecisionMaker.FoundAt,
    };

    /// <summary>Stable sort by one field; empty values (null, blank text) last in both directions, ties in discovery order.</summary>
    private static List<T> Sort<T>(IEnumerable<T> rows, string? field, bool descending, Func<T, string, object?> key)
    {
        var list = rows.ToList();
        if (field is null)
        {
            return list;
        }

        var keyed = list.Select((row, index) => (Row: row, Key: key(row, field), Index: index)).ToList();
        keyed.Sort((a, b) =>
        {
            bool Empty(object? k) => k is null || (k is string text && string.IsNullOrWhiteSpace(text));
            var (aEmpty, bEmpty) = (Empty(a.Key), Empty(b.Key));
            if (aEmpty || bEmpty)
            {
                return aEmpty == bEmpty ? a.Index.CompareTo(b.Index) : aEmpty ? 1 : -1;
            }

            var order = a.Key is string x && b.Key is string y
                ? string.Compare(x, y, StringComparison.OrdinalIgnoreCase)
                : Comparer<object>.Default.Compare(a.Key!, b.Key!);
            return order != 0 ? (descending ? -order : order) : a.Index.CompareTo(b.Index);
        });
        return keyed.ConvertAll(k => k.Row);
    }

    private static LeadPage<T> PageOf<T>(List<T> rows, LeadQuery query) =>
        new(rows.Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToList(), rows.Count, query.Page, query.PageSize);

    /// <summary>Lookups over one result, built once per request.</summary>
    private sealed class RowContext
    {
        private readonly Dictionary<Guid, BusinessPersona> _businessPersonas;
        private readonly Dictionary<Guid, DecisionMakerPersona> _decisionMakerPersonas;
        private readonly Dictionary<Guid, Business> _businesses;
        private readonly Dictionary<Guid, LeadAnnotation> _annotations;
        private readonly Dictionary<Guid, int> _peopleCounts;
        private readonly IReadOnlyList<SearchWarning> _warnings;

        public RowContext(LeadTableData data)
        {
            _businessPersonas = data.BusinessPersonas.ToDictionary(p => p.Id);
            _decisionMakerPersonas = data.DecisionMakerPersonas.ToDictionary(p => p.Id);
            _businesses = data.Businesses.ToDictionary(b => b.Id);
            _annotations = data.Annotations.ToDictionary(a => a.LeadId);
            _peopleCounts = data.DecisionMakers.GroupBy(p => p.BusinessId).ToDictionary(g => g.Key, g => g.Count());
            _warnings = data.Warnings;
        }

        public Business? Business(Guid id) => _businesses.GetValueOrDefault(id);

        public BusinessRow BusinessRow(Business b)
        {
            var annotation = _annotations.GetValueOrDefault(b.Id);
            return new BusinessRow(
                b,
                b.PersonaMatch is { } m ? _businessPersonas.GetValueOrDefault(m.PersonaId)?.Title : null,
                b.PersonaMatch?.Score,
                b.PersonaMatch?.Method,
                b.Fit?.Score,
                b.Fit?.Reason,
                b.Fit?.Method,
                b.Excluded,
                annotation?.Status ?? LeadStatus.New,
                annotation?.Note,
                annotation?.UpdatedAt,
                _peopleCounts.GetValueOrDefault(b.Id),
                MapsUrl(b),
                LeadWarnings.Touching(_warnings, b.Provenance, b.PersonaMatch, b.Fit));
        }

        public DecisionMakerRow DecisionMakerRow(DecisionMaker p)
        {
            var annotation = _annotations.GetValueOrDefault(p.Id);
            var business = Business(p.BusinessId);
            return new DecisionMakerRow(
                p,
                p.PersonaMatch is { } m ? _decisionMakerPersonas.GetValueOrDefault(m.PersonaId)?.Title : null,
                p.PersonaMatch?.Score,
                p.PersonaMatch?.Method,
                business?.Name ?? p.Company,
                business?.Country,
                business?.City,
                business?.Fit?.Score,
                business?.Fit?.Reason,
                business?.Fit?.Method,
                annotation?.Status ?? LeadStatus.New,
                annotation?.Note,
                annotation?.UpdatedAt,
                LeadWarnings.Touching(_warnings, p.Provenance, p.PersonaMatch, fit: null));
        }

        /// <summary>A Google Maps URL (Maps URLs API: <c>/maps/search/?api=1</c>) by place id, else CID, else coordinates.</summary>
        private static string? MapsUrl(Business b)
        {
            var name = Uri.EscapeDataString(b.Name);
            if (!string.IsNullOrWhiteSpace(b.PlaceId))
            {
                return $"https://www.google.com/maps/search/?api=1&query={name}&query_place_id={Uri.EscapeDataString(b.PlaceId)}";
            }

            if (!string.IsNullOrWhiteSpace(b.Cid))
            {
                return $"https://maps.google.com/?cid={Uri.EscapeDataString(b.Cid)}";
            }

            return b is { Latitude: { } lat, Longitude: { } lng }
                ? string.Create(CultureInfo.InvariantCulture, $"https://www.google.com/maps/search/?api=1&query={lat},{lng}")
                : null;
        }
    }
}

/// <summary>Which of a search's warnings touched one lead, by what the warning says about its subject.</summary>
internal static class LeadWarnings
{
    /// <summary>
    /// The warnings that touched a lead found through <paramref name="source"/>: a fallback for the operation that found it
    /// (the lead came from the next provider), a retried call of its provider, local hashing embeddings behind a
    /// heuristic match, a tie-break that could not run for a match with a runner-up, a fit judge that could not run for a
    /// fit the similarity score decided.
    /// </summary>
    public static IReadOnlyList<SearchWarning> Touching(IReadOnlyList<SearchWarning> warnings, Provenance source, PersonaMatch? match, BusinessFit? fit)
    {
        List<SearchWarning>? touching = null;
        foreach (var warning in warnings)
        {
            var touches = warning.Code switch
            {
                WarningCodes.FallbackUsed => warning.Subject.Split(':') is [var operation, var failed]
                    && string.Equals(operation, source.Operation, StringComparison.OrdinalIgnoreCase)
                    && !string.Equals(failed, source.Provider, StringComparison.OrdinalIgnoreCase),
                WarningCodes.ProviderRetried => string.Equals(warning.Subject, source.Provider, StringComparison.OrdinalIgnoreCase),
                WarningCodes.EmbeddingsUnavailable => match?.Method == MatchMethod.Heuristic,
                WarningCodes.TieBreakUnavailable => match is { Method: MatchMethod.Vector, RunnerUpPersonaId: not null },
                WarningCodes.FitJudgeUnavailable => fit?.Method == FitMethod.Embedding,
                _ => false,
            };
            if (touches)
            {
                (touching ??= []).Add(warning);
            }
        }

        return touching ?? (IReadOnlyList<SearchWarning>)[];
    }
}
