using System.Globalization;
using System.Text.Json;

namespace Leadora.Web.Pages;

/// <summary>Formatting shared by the pages.</summary>
internal static class Ui
{
    /// <summary>The API's spelling of an enum value (snake_case), used in data attributes and CSS classes.</summary>
    public static string Token<T>(T value)
        where T : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    /// <summary>A status as people read it.</summary>
    public static string Label(SearchStatus status) => status switch
    {
        SearchStatus.Pending => "Queued",
        SearchStatus.Running => "Running",
        SearchStatus.Completed => "Completed",
        SearchStatus.CompletedWithWarnings => "Completed with warnings",
        SearchStatus.Failed => "Failed",
        _ => "Cancelled",
    };

    /// <summary>A phase status as people read it.</summary>
    public static string Label(PhaseStatus status) => status switch
    {
        PhaseStatus.Pending => "Waiting",
        PhaseStatus.Running => "Running",
        PhaseStatus.Completed => "Done",
        PhaseStatus.CompletedWithWarnings => "Done with warnings",
        PhaseStatus.Failed => "Failed",
        _ => "Cancelled",
    };

    /// <summary>A phase's name.</summary>
    public static string Label(SearchPhase phase) => phase switch
    {
        SearchPhase.Personas => "Personas",
        SearchPhase.Discovery => "Business discovery",
        SearchPhase.DecisionMakers => "Decision makers",
        _ => "Market research",
    };

    /// <summary>How a persona match was made.</summary>
    public static string Label(MatchMethod method) => method switch
    {
        MatchMethod.Vector => "vector",
        MatchMethod.LlmRefined => "LLM-refined",
        _ => "heuristic",
    };

    /// <summary>Explanation of a match method, for tooltips.</summary>
    public static string Explain(MatchMethod method) => method switch
    {
        MatchMethod.Vector => "Best cosine similarity between the embeddings of the profile and the persona.",
        MatchMethod.LlmRefined => "The two best personas were within 0.03 cosine of each other; the light LLM chose between them. The score is the chosen persona's cosine.",
        _ => "Provider embeddings were unavailable; cosine similarity over local hashing embeddings.",
    };

    /// <summary>Customers or suppliers.</summary>
    public static string Label(SearchType type) => type == SearchType.Customer ? "Customers" : "Suppliers";

    /// <summary>A country's English name.</summary>
    public static string Country(string code) => Countries.TryResolve(code, out var country) ? country.Name : code;

    /// <summary>A cosine similarity, two decimals.</summary>
    public static string Cosine(double score) => score.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>A percentage, no decimals.</summary>
    public static string Percent(double percent) => Math.Round(percent, MidpointRounding.AwayFromZero).ToString("0", CultureInfo.InvariantCulture) + "%";

    /// <summary>A 0–1 rate as a percentage.</summary>
    public static string Rate(double rate) => (rate * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";

    /// <summary>A whole number with thousands separators.</summary>
    public static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>US dollars, compact (USD 1.2 B).</summary>
    public static string Usd(decimal value) => value switch
    {
        >= 1_000_000_000m => "USD " + (value / 1_000_000_000m).ToString("0.##", CultureInfo.InvariantCulture) + " B",
        >= 1_000_000m => "USD " + (value / 1_000_000m).ToString("0.##", CultureInfo.InvariantCulture) + " M",
        >= 1_000m => "USD " + (value / 1_000m).ToString("0.#", CultureInfo.InvariantCulture) + " K",
        _ => "USD " + value.ToString("0.##", CultureInfo.InvariantCulture),
    };

    /// <summary>An estimated cost in US dollars.</summary>
    public static string Cost(decimal value) => "$" + value.ToString("0.0000", CultureInfo.InvariantCulture);

    /// <summary>A time in UTC, ISO 8601 (for <c>datetime</c> attributes).</summary>
    public static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    /// <summary>A time in UTC for display (scripts show it in the reader's time zone).</summary>
    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("d MMM yyyy, HH:mm 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>A link target only when it is an absolute http(s) URL; provider data never becomes a script link.</summary>
    public static string? SafeUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) ? uri.AbsoluteUri : null;

    /// <summary>Host of a URL, for short link text.</summary>
    public static string Host(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Host.Replace("www.", "", StringComparison.OrdinalIgnoreCase) : url;

    /// <summary>What the search is doing now, in one plain sentence (site.js writes the same sentence as progress moves).</summary>
    public static string Doing(SearchProgress progress)
    {
        switch (progress.Status)
        {
            case SearchStatus.Pending:
                return "Queued: waiting for a worker to pick the search up.";
            case SearchStatus.Failed:
                return "Stopped: the search failed. What went wrong is shown above.";
            case SearchStatus.Cancelled:
                return "Stopped: the search was cancelled.";
            case SearchStatus.Completed or SearchStatus.CompletedWithWarnings:
                return $"Finished: {Number(progress.Counts.Businesses)} businesses and {Number(progress.Counts.DecisionMakers)} decision makers found.";
        }

        var running = progress.Phases.Where(p => p.Status == PhaseStatus.Running).Select(Doing).ToList();
        return running.Count == 0 ? "Starting the next step…" : string.Join(" ", running);
    }

    private static string Doing(PhaseProgress phase) => phase.Phase switch
    {
        SearchPhase.Personas => "Writing buyer personas…",
        SearchPhase.Discovery => $"Finding businesses: {phase.CompletedUnits} of {phase.TotalUnits} persona-and-country searches done.",
        SearchPhase.DecisionMakers => $"Finding decision makers: {phase.CompletedUnits} of {phase.TotalUnits} groups of businesses done.",
        _ => "Researching the market…",
    };

    /// <summary>Whether a search status is final.</summary>
    public static bool Finished(SearchStatus status) => status.IsTerminal();
}
