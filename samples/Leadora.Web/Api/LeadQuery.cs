using System.Globalization;

namespace Leadora.Web.Api;

/// <summary>The two results tables of a search.</summary>
internal enum LeadTable
{
    /// <summary>Businesses (one row per business).</summary>
    Businesses,

    /// <summary>Decision makers (one row per person).</summary>
    DecisionMakers,
}

/// <summary>
/// Filters, sort and page of a results table, as the API's query string and the UI's form give them. Every filter is
/// optional and they combine with AND. For decision makers, country, city, fit, website and phone are those of the
/// person's business.
/// </summary>
/// <param name="Q">Free text: every word must appear (case-insensitively) in the row's name, category, city, address, domain, persona, title or company.</param>
/// <param name="Persona">Persona id or title (case-insensitive); rows matched to that persona.</param>
/// <param name="Country">ISO 3166 alpha-2 code (parsed from a code, English name or alias).</param>
/// <param name="City">City, compared case-insensitively.</param>
/// <param name="MinFit">Lowest fit score, in [0, 1]; rows without a fit are left out when a fit bound is given.</param>
/// <param name="MaxFit">Highest fit score, in [0, 1].</param>
/// <param name="HasWebsite">Only rows whose business has (true) or lacks (false) a website.</param>
/// <param name="HasPhone">Only rows whose business has (true) or lacks (false) a phone number.</param>
/// <param name="Method">Persona match method of the row.</param>
/// <param name="Sort">Field to sort by (one of <see cref="SortFields"/> for the table); <see langword="null"/> keeps discovery order.</param>
/// <param name="Descending">Whether <see cref="Sort"/> is descending (<c>-</c> prefix). Empty values sort last either way.</param>
/// <param name="Page">1-based page.</param>
/// <param name="PageSize">Rows per page, 1 to <see cref="MaxPageSize"/>.</param>
internal sealed record LeadQuery(
    string? Q = null,
    string? Persona = null,
    string? Country = null,
    string? City = null,
    double? MinFit = null,
    double? MaxFit = null,
    bool? HasWebsite = null,
    bool? HasPhone = null,
    MatchMethod? Method = null,
    string? Sort = null,
    bool Descending = false,
    int Page = 1,
    int PageSize = LeadQuery.DefaultPageSize)
{
    /// <summary>Rows per page when none is asked for.</summary>
    public const int DefaultPageSize = 50;

    /// <summary>Largest page.</summary>
    public const int MaxPageSize = 500;

    private const int MaxTextLength = 200;

    /// <summary>Only rows with this status (leads without an annotation are <see cref="LeadStatus.New"/>).</summary>
    public LeadStatus? Status { get; init; }

    /// <summary>Businesses table only: also show businesses excluded from the leads (fit below the threshold), in discovery order with the leads.</summary>
    public bool IncludeExcluded { get; init; }

    /// <summary>The sortable fields of each table, as the <c>sort</c> parameter names them.</summary>
    public static IReadOnlyList<string> SortFields(LeadTable table) => table == LeadTable.Businesses ? BusinessSortFields : DecisionMakerSortFields;

    private static readonly string[] BusinessSortFields =
        ["name", "country", "city", "category", "persona", "matchScore", "fitScore", "rating", "ratingCount", "decisionMakers", "status", "foundAt"];

    private static readonly string[] DecisionMakerSortFields =
        ["name", "title", "company", "country", "city", "persona", "matchScore", "fitScore", "status", "foundAt"];

    /// <summary>
    /// Reads the query string: <c>q, persona, country, city, minFit, maxFit, hasWebsite, hasPhone, method, status, sort,
    /// page, pageSize</c> (and <c>includeExcluded</c> for businesses). Parameter names are case-insensitive; unknown ones are
    /// ignored. Each bad value is one problem naming its parameter.
    /// </summary>
    public static (LeadQuery? Query, IReadOnlyList<ValidationProblem> Problems) Parse(IQueryCollection query, LeadTable table)
    {
        ArgumentNullException.ThrowIfNull(query);
        var problems = new List<ValidationProblem>();
        string? Text(string name)
        {
            var value = query[name].ToString().Trim();
            if (value.Length > MaxTextLength)
            {
                problems.Add(new(name, $"must be at most {MaxTextLength} characters."));
                return null;
            }

            return value.Length == 0 ? null : value;
        }

        double? Fit(string name)
        {
            if (Text(name) is not { } text)
            {
                return null;
            }

            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value is >= 0 and <= 1)
            {
                return value;
            }

            problems.Add(new(name, $"'{text}' is not a fit score; use a number from 0 to 1, like 0.6."));
            return null;
        }

        bool? Flag(string name)
        {
            if (Text(name) is not { } text)
            {
                return null;
            }

            if (bool.TryParse(text, out var value))
            {
                return value;
            }

            problems.Add(new(name, $"'{text}' is not true or false."));
            return null;
        }

        int Int(string name, int fallback, int max)
        {
            if (Text(name) is not { } text)
            {
                return fallback;
            }

            if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 1 && value <= max)
            {
                return value;
            }

            problems.Add(new(name, $"'{text}' is out of range; use a whole number from 1 to {max.ToString("N0", CultureInfo.InvariantCulture)}."));
            return fallback;
        }

        string? country = null;
        if (Text("country") is { } countryText)
        {
            if (Countries.TryResolve(countryText, out var resolved))
            {
                country = resolved.Code;
            }
            else
            {
                problems.Add(new("country", $"'{countryText}' is not a country; use an ISO 3166 code like SA or an English name."));
            }
        }

        var minFit = Fit("minFit");
        var maxFit = Fit("maxFit");
        if (minFit > maxFit)
        {
            problems.Add(new("minFit", $"must not be above maxFit ({maxFit!.Value.ToString(CultureInfo.InvariantCulture)})."));
        }

        MatchMethod? method = null;
        if (Text("method") is { } methodText)
        {
            method = ParseMethod(methodText);
            if (method is null)
            {
                problems.Add(new("method", $"'{methodText}' is not a match method; use vector, llm_refined or heuristic."));
            }
        }

        LeadStatus? status = null;
        if (Text("status") is { } statusText)
        {
            status = ParseStatus(statusText);
            if (status is null)
            {
                problems.Add(new("status", $"'{statusText}' is not a lead status; use new, contacted, qualified or rejected."));
            }
        }

        string? sort = null;
        var descending = false;
        if (Text("sort") is { } sortText)
        {
            descending = sortText.StartsWith('-');
            var field = descending ? sortText[1..].Trim() : sortText;
            sort = SortFields(table).FirstOrDefault(f => string.Equals(f, field, StringComparison.OrdinalIgnoreCase));
            if (sort is null)
            {
                problems.Add(new("sort", $"'{field}' is not a sortable field of {(table == LeadTable.Businesses ? "businesses" : "decision makers")}; use one of {string.Join(", ", SortFields(table))} (prefix - for descending)."));
            }
        }

        var includeExcluded = false;
        if (table == LeadTable.Businesses)
        {
            includeExcluded = Flag("includeExcluded") ?? false;
        }

        var parsed = new LeadQuery(
            Text("q"), Text("persona"), country, Text("city"), minFit, maxFit, Flag("hasWebsite"), Flag("hasPhone"), method, sort, descending,
            Int("page", 1, 1_000_000), Int("pageSize", DefaultPageSize, MaxPageSize))
        {
            Status = status,
            IncludeExcluded = includeExcluded,
        };
        return problems.Count > 0 ? (null, problems) : (parsed, problems);
    }

    /// <summary>A lead status from its name (<c>new</c>, <c>contacted</c>, <c>qualified</c>, <c>rejected</c>; case-insensitive), or <see langword="null"/>.</summary>
    public static LeadStatus? ParseStatus(string? text) =>
        Enum.TryParse<LeadStatus>(text?.Trim(), ignoreCase: true, out var status) && Enum.IsDefined(status) && !char.IsDigit(text!.Trim()[0]) ? status : null;

    private static MatchMethod? ParseMethod(string text) =>
        Enum.TryParse<MatchMethod>(text.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var method)
        && Enum.IsDefined(method) && !char.IsDigit(text[0]) ? method : null;
}
