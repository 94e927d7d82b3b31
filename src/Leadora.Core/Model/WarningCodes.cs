namespace Leadora;

/// <summary>
/// Codes of <see cref="SearchWarning"/>s Leadora raises. Informational warnings (a retry that succeeded, an answer reused
/// from the cache) are shown but leave the search <see cref="SearchStatus.Completed"/>; every other warning means the
/// results may be degraded and finishes it <see cref="SearchStatus.CompletedWithWarnings"/>.
/// </summary>
public static class WarningCodes
{
    /// <summary>A provider failed and the next one in its chain answered.</summary>
    public const string FallbackUsed = "fallback_used";

    /// <summary>A unit of work failed on every attempt and was dead-lettered.</summary>
    public const string UnitDeadLettered = "unit_dead_lettered";

    /// <summary>The search's budget was used up; no further paid calls were made.</summary>
    public const string BudgetReached = "budget_reached";

    /// <summary>Embeddings were unavailable; some matches used local hashing embeddings.</summary>
    public const string EmbeddingsUnavailable = "embeddings_unavailable";

    /// <summary>The light LLM could not break a tie; the best vector match was kept.</summary>
    public const string TieBreakUnavailable = "tie_break_unavailable";

    /// <summary>The light LLM could not judge the fit of some uncertain businesses; their similarity score was kept.</summary>
    public const string FitJudgeUnavailable = "fit_judge_unavailable";

    /// <summary>
    /// The light LLM could not check some decision makers whose company the rules could not confirm (cut short, or a branch
    /// city); those profiles were not kept.
    /// </summary>
    public const string IdentityJudgeUnavailable = "identity_judge_unavailable";

    /// <summary>Web search returned nothing for market research.</summary>
    public const string MarketInsufficientEvidence = "market_insufficient_evidence";

    /// <summary>The market analysis cited URLs web search had not returned; they were removed.</summary>
    public const string MarketCitationsDropped = "market_citations_dropped";

    /// <summary>A provider call was retried (informational).</summary>
    public const string ProviderRetried = "provider_retried";

    /// <summary>Some provider responses were reused from the response cache (informational).</summary>
    public const string CacheUsed = "cache_used";

    /// <summary>Whether a warning is informational: shown, but not a reason to finish with warnings.</summary>
    public static bool IsInformational(string code) => code is ProviderRetried or CacheUsed;
}
