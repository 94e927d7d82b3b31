using System.Globalization;

namespace Leadora.Web.Pages.Searches;

/// <summary>
/// "Why this lead" in words a salesperson reads: the persona match, the fit, where the lead was found, and the search's
/// warnings (which of them touched a lead is <see cref="Api.LeadWarnings"/>'s concern).
/// </summary>
internal static class LeadStory
{
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

    /// <summary>The persona match in words.</summary>
    public static string Match(double? score, MatchMethod? method, string? persona, string kind) => score is not { } cosine || method is not { } how
        ? $"Not matched to a {kind} persona yet."
        : $"Closest {kind} persona: “{persona ?? "unknown persona"}”, similarity {Ui.Cosine(cosine)} ({Strength(cosine)}). {Method(how)}";

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
    public static string Fit(double? score, string? reason, FitMethod? method, bool excluded) => score is not { } fit || method is not { } how
        ? "Fit not scored yet."
        : $"{Band(fit)} ({Score(fit)}): {reason}. {Decided(how)}{(excluded ? " Below the threshold, so it is left out of exports and the decision-maker search." : "")}";

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
}
