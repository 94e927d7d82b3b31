using System.Text.Json;
using System.Text.Json.Serialization;

namespace Leadora.Exports;

/// <summary>The request as stored, in the export document.</summary>
/// <param name="SearchType">Customer or supplier.</param>
/// <param name="ProductService">Product or service.</param>
/// <param name="Industries">Industries.</param>
/// <param name="Countries">ISO 3166 alpha-2 codes.</param>
/// <param name="Limits">Limits.</param>
public sealed record RequestDocument(SearchType SearchType, string ProductService, IReadOnlyList<string> Industries, IReadOnlyList<string> Countries, SearchLimits Limits);

/// <summary>The search header of the export document.</summary>
/// <param name="Id">Search id.</param>
/// <param name="Status">Status.</param>
/// <param name="Request">The request.</param>
/// <param name="CreatedAt">Created.</param>
/// <param name="CompletedAt">Finished.</param>
/// <param name="Error">Failure reason.</param>
public sealed record SearchDocument(Guid Id, SearchStatus Status, RequestDocument Request, DateTimeOffset CreatedAt, DateTimeOffset? CompletedAt, string? Error);

/// <summary>Progress in the export document: overall and per phase (keyed by phase name), counts and usage totals.</summary>
/// <param name="Overall">0–100.</param>
/// <param name="Phases">Per phase.</param>
/// <param name="Counts">Counts.</param>
/// <param name="Usage">Provider calls, cache hits, tokens and estimated cost of the whole search.</param>
public sealed record ProgressDocument(double Overall, IReadOnlyDictionary<string, PhaseProgress> Phases, SearchCounts Counts, UsageTotals Usage);

/// <summary>A whole search as one JSON document: what <c>leadora search --json</c> prints and the JSON export holds.</summary>
/// <param name="Search">Search header.</param>
/// <param name="BusinessPersonas">Business personas.</param>
/// <param name="DecisionMakerPersonas">Decision-maker personas.</param>
/// <param name="Businesses">Businesses kept as leads, each with provenance and its <c>fit</c> (score, reason, method).</param>
/// <param name="ExcludedBusinesses">Businesses kept out of the leads, each with the <c>fit</c> that excluded it.</param>
/// <param name="DecisionMakers">Decision makers, each with its LinkedIn URL, business and persona match.</param>
/// <param name="Market">Market report with its sources.</param>
/// <param name="Progress">Progress.</param>
/// <param name="Usage">Usage and estimated cost per provider operation.</param>
/// <param name="Warnings">Warnings.</param>
public sealed record LeadSearchDocument(
    SearchDocument Search,
    IReadOnlyList<BusinessPersona> BusinessPersonas,
    IReadOnlyList<DecisionMakerPersona> DecisionMakerPersonas,
    IReadOnlyList<Business> Businesses,
    IReadOnlyList<Business> ExcludedBusinesses,
    IReadOnlyList<DecisionMaker> DecisionMakers,
    MarketReport? Market,
    ProgressDocument Progress,
    IReadOnlyList<UsageSummaryRow> Usage,
    IReadOnlyList<SearchWarning> Warnings)
{
    /// <summary>The user's status and note per lead (business or decision-maker id); leads without one are new.</summary>
    public IReadOnlyList<LeadAnnotation> Annotations { get; init; } = [];

    /// <summary>JSON settings for every Leadora document: camelCase properties, snake_case enum values, indented.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = CreateOptions();

    /// <summary>The document of <paramref name="result"/>.</summary>
    public static LeadSearchDocument From(LeadSearchResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var search = result.Search;
        var naming = JsonNamingPolicy.CamelCase;
        return new LeadSearchDocument(
            new SearchDocument(
                search.Id,
                search.Status,
                new RequestDocument(search.SearchType, search.ProductService, search.Industries, search.Countries, search.Limits),
                search.CreatedAt,
                search.CompletedAt,
                search.Error),
            result.BusinessPersonas,
            result.DecisionMakerPersonas,
            result.Businesses,
            result.ExcludedBusinesses,
            result.DecisionMakers,
            result.Market,
            new ProgressDocument(
                result.Progress.Overall,
                result.Progress.Phases.ToDictionary(p => naming.ConvertName(p.Phase.ToString()), p => p),
                result.Progress.Counts,
                UsageTotals.Of(result.Usage)),
            result.Usage,
            result.Warnings)
        {
            Annotations = result.Annotations,
        };
    }

    /// <summary>Serializes the document.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
            Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
