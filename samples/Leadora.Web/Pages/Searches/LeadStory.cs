using System.Globalization;

namespace Leadora.Web.Pages.Searches;

/// <summary>
/// "Why this lead" in words a salesperson reads: the persona match, the fit, where the lead was found, and which of the
/// search's warnings touched it. Also the links to a lead's sources (website, map, profile).
/// </summary>
internal static class LeadStory
{
    /// <summary>Within this cosine the two best personas count as a tie (the pipeline's tie-break ε).</summary>
    private const double TieEpsilon = 0.03;

    /// <summary>A warning's headline in plain words.</summary>
    public static string Headline(SearchWarning warning) => warning.Code switch
    {
        WarningCodes.FallbackUsed => "Switched to a backup provider",
        WarningCodes.UnitDeadLettered => "Part of the search gave up after its retries",
        WarningCodes.BudgetReached => "Spending limit reached: no further paid calls were made",
        WarningCodes.EmbeddingsUnavailable => "Similarity was estimated locally because the embedding service failed",
        WarningCodes.TieBreakUnavailable => "Two close roles could not be told apart by the AI; the closer match was kept",
        WarningCodes.FitJudgeUnavailable => "The AI could not double-check some uncertain fits; their similarity decided",
        WarningCodes.MarketInsufficientEvidence => "Web search found too little for the market report",
        WarningCodes.MarketCitationsDropped => "Some market-report citations were removed: web search had not returned them",
        WarningCodes.ProviderRetried => "A provider call failed and was tried again",
        WarningCodes.CacheUsed => "Some answers were reused from earlier identical requests",
        _ => warning.Code.Replace('_', ' '),
    };

    /// <summary>Whether a warning concerns the whole search rather than particular leads.</summary>
    public static bool SearchWide(SearchWarning warning) => warning.Code is WarningCodes.BudgetReached or WarningCodes.CacheUsed
        or WarningCodes.MarketInsufficientEvidence or WarningCodes.MarketCitationsDropped
        || (warning.Code == WarningCodes.FallbackUsed && warning.Subject.StartsWith("chat.", StringComparison.Ordinal));

    /// <summary>The warnings that touched <paramref name="business"/>.</summary>
    public static IReadOnlyList<SearchWarning> For(Business business, IReadOnlyList<SearchWarning> warnings) =>
        warnings.Where(w => w.Code switch
        {
            WarningCodes.EmbeddingsUnavailable => business.PersonaMatch is { Method: MatchMethod.Heuristic },
            WarningCodes.FitJudgeUnavailable => business.Fit is { Method: FitMethod.Embedding },
            WarningCodes.ProviderRetried => Touches(w, business.Provenance, business.AlsoFoundBy),
            WarningCodes.FallbackUsed => w.Subject.StartsWith(business.Provenance.Operation + ":", StringComparison.Ordinal),
            WarningCodes.UnitDeadLettered => w.Subject.EndsWith(":discovery:" + business.DiscoveredBy, StringComparison.Ordinal)
                || (w.Subject.Contains(":decision_makers:", StringComparison.Ordinal) && !business.DecisionMakersSearched && !business.Excluded),
            _ => false,
        }).ToList();

    /// <summary>The warnings that touched <paramref name="person"/>.</summary>
    public static IReadOnlyList<SearchWarning> For(DecisionMaker person, IReadOnlyList<SearchWarning> warnings) =>
        warnings.Where(w => w.Code switch
        {
            WarningCodes.EmbeddingsUnavailable => person.PersonaMatch is { Method: MatchMethod.Heuristic },
            WarningCodes.TieBreakUnavailable => person.PersonaMatch is { Method: MatchMethod.Vector, RunnerUpScore: { } runnerUp } match
                && match.Score - runnerUp <= TieEpsilon,
            WarningCodes.ProviderRetried => Touches(w, person.Provenance, []),
            WarningCodes.FallbackUsed => w.Subject.StartsWith(person.Provenance.Operation + ":", StringComparison.Ordinal),
            _ => false,
        }).ToList();

    private static bool Touches(SearchWarning warning, Provenance first, IReadOnlyList<Provenance> also) =>
        string.Equals(warning.Subject, first.Provider, StringComparison.OrdinalIgnoreCase)
        || also.Any(p => string.Equals(warning.Subject, p.Provider, StringComparison.OrdinalIgnoreCase));

    /// <summary>The persona match in words.</summary>
    public static string Match(PersonaMatch? match, string? persona, string kind) => match is null
        ? $"Not matched to a {kind} persona yet."
        : $"Closest {kind} persona: “{persona ?? "unknown persona"}”, similarity {Ui.Cosine(match.Score)} ({Strength(match.Score)}). {Method(match.Method)}";

    /// <summary>A cosine similarity in words.</summary>
    public static string Strength(double cosine) => cosine switch
    {
        >= 0.8 => "very close",
        >= 0.6 => "close",
        >= 0.4 => "some overlap",
        _ => "distant",
    };

    private static string Method(MatchMethod method) => method switch
    {
        MatchMethod.Vector => "Compared by meaning (embeddings).",
        MatchMethod.LlmRefined => "Two personas were nearly tied; the AI picked this one.",
        _ => "Compared by shared words only, because the embedding service was unavailable.",
    };

    /// <summary>A fit score's band, as the filter names it.</summary>
    public static string Band(double score) => score switch
    {
        >= 0.7 => "Strong fit",
        >= 0.4 => "Possible fit",
        _ => "Weak fit",
    };

    /// <summary>The fit in words.</summary>
    public static string Fit(BusinessFit? fit) => fit is null
        ? "Fit not scored yet."
        : $"{Band(fit.Score)} ({Score(fit.Score)}): {fit.Reason}. {Decided(fit.Method)}{(fit.Excluded ? " Below the threshold, so it is left out of exports and the decision-maker search." : "")}";

    private static string Decided(FitMethod method) => method switch
    {
        Leadora.FitMethod.Category => "Decided by the business's category on the map.",
        Leadora.FitMethod.Embedding => "Decided by how similar its description is to the personas.",
        _ => "The rules were unsure, so the AI judged it.",
    };

    /// <summary>A 0–1 score with two decimals.</summary>
    public static string Score(double score) => score.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>Where a lead was found, in words.</summary>
    public static string Found(Provenance provenance)
    {
        var what = provenance.Operation == "places" ? "map search" : "web search";
        var page = provenance.Page is { } number && number > 1 ? $", page {number}" : "";
        return $"{Provider(provenance.Provider)} {what} for “{provenance.Query}” in {Ui.Country(provenance.Country)}{page}";
    }

    /// <summary>A provider's name as people know it.</summary>
    public static string Provider(string provider) => provider switch
    {
        "serper" => "Serper (Google)",
        "google_places" or "places" => "Google Places",
        "google_places_legacy" => "Google Places (legacy)",
        "google_cse" or "custom_search" => "Google Custom Search",
        _ => provider,
    };

    /// <summary>A Google Maps link for the business: by place id, else by coordinates, else by CID; <see langword="null"/> without any.</summary>
    public static string? MapUrl(Business business)
    {
        if (business.PlaceId is { Length: > 0 } placeId)
        {
            return "https://www.google.com/maps/search/?api=1&query=" + Uri.EscapeDataString(business.Name) + "&query_place_id=" + Uri.EscapeDataString(placeId);
        }

        if (business is { Latitude: { } latitude, Longitude: { } longitude })
        {
            return string.Create(CultureInfo.InvariantCulture, $"https://www.google.com/maps/search/?api=1&query={latitude:0.######},{longitude:0.######}");
        }

        return business.Cid is { Length: > 0 } cid ? "https://maps.google.com/?cid=" + Uri.EscapeDataString(cid) : null;
    }
}
