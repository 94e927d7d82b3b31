namespace Leadora;

/// <summary>Leadora's own settings (configuration section <c>Leadora</c>). Provider settings live in their packages' options.</summary>
public sealed class LeadoraOptions
{
    /// <summary>Tenant used by hosts that have a single user (the CLI). Default <c>default</c>.</summary>
    public string DefaultTenantId { get; set; } = "default";

    /// <summary>Pipeline behaviour.</summary>
    public PipelineOptions Pipeline { get; set; } = new();

    /// <summary>Job queue behaviour (leases, retries).</summary>
    public JobQueueOptions Jobs { get; set; } = new();

    /// <summary>Job runner behaviour (concurrency, polling).</summary>
    public JobRunnerOptions Runner { get; set; } = new();

    /// <summary>Prices used to estimate cost in the usage ledger.</summary>
    public PricingOptions Pricing { get; set; } = new();

    /// <summary>Whether paid calls may be made, and how much a search may spend.</summary>
    public SpendingOptions Spending { get; set; } = new();

    /// <summary>The provider response cache.</summary>
    public CacheOptions Cache { get; set; } = new();
}

/// <summary>Spending controls. A blocked call is never sent; the caller gets a <see cref="Ports.ProviderException"/> of kind <see cref="Ports.ProviderErrorKind.SpendingBlocked"/>.</summary>
public sealed class SpendingOptions
{
    /// <summary>When <see langword="false"/> (<c>CAN_SPEND=false</c>), no paid provider call is sent at all. Default <see langword="true"/>.</summary>
    public bool CanSpend { get; set; } = true;

    /// <summary>
    /// Estimated spend after which a search makes no new paid calls (a request's <see cref="SearchLimits.MaxCostUsd"/> overrides it).
    /// The search then finishes with what it has, as <see cref="SearchStatus.CompletedWithWarnings"/>. Default: no limit.
    /// </summary>
    public decimal? MaxCostUsd { get; set; }
}

/// <summary>How long provider responses are reused. Identical requests within the time to live make no paid call.</summary>
public sealed class CacheOptions
{
    /// <summary>Whether the response cache is used. Default <see langword="true"/>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Places results. Default 12 hours.</summary>
    public TimeSpan PlacesTimeToLive { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Web-search results. Default 6 hours.</summary>
    public TimeSpan SearchTimeToLive { get; set; } = TimeSpan.FromHours(6);

    /// <summary>LLM answers, by prompt hash. Default 7 days.</summary>
    public TimeSpan LlmTimeToLive { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Embeddings, by model and texts. Default 30 days.</summary>
    public TimeSpan EmbeddingsTimeToLive { get; set; } = TimeSpan.FromDays(30);
}

/// <summary>How the pipeline fans out and maps.</summary>
public sealed class PipelineOptions
{
    /// <summary>Limits used when a request gives none. <c>LINKEDIN_MAX_EMPLOYEES_PER_COMPANY</c> sets <see cref="SearchLimits.DecisionMakersPerBusiness"/>.</summary>
    public SearchLimits DefaultLimits { get; set; } = new();

    /// <summary>Most search phrases of a persona queried per country. Default 4.</summary>
    public int MaxQueriesPerPersona { get; set; } = 4;

    /// <summary>Most result pages fetched per places query. Default 3.</summary>
    public int MaxPagesPerQuery { get; set; } = 3;

    /// <summary>Businesses per decision-maker job. Default 5.</summary>
    public int DecisionMakerBatchSize { get; set; } = 5;

    /// <summary>
    /// Concurrent web searches within one job; the provider's own limits still pace them across jobs. Default 8, so a
    /// decision-maker batch (<see cref="DecisionMakerBatchSize"/>) goes out in one round instead of waiting for a slot of its own job.
    /// </summary>
    public int WebSearchConcurrency { get; set; } = 8;

    /// <summary>
    /// Embedding flushes of one search in flight at once. Jobs that embed while these are running join the next flush
    /// instead of each making a call of their own. Default 2 (OpenAI's default concurrency).
    /// </summary>
    public int EmbeddingFlushesInFlight { get; set; } = 2;

    /// <summary>When the top two decision-maker persona scores are closer than this, the light LLM decides. Default 0.03.</summary>
    public double TieBreakEpsilon { get; set; } = 0.03;

    /// <summary>Most web searches for market research. Default 8.</summary>
    public int MarketMaxQueries { get; set; } = 8;

    /// <summary>Most distinct sources given to the market analysis. Default 20.</summary>
    public int MarketMaxSources { get; set; } = 20;

    /// <summary>How often <see cref="ILeadPipeline.WatchAsync"/> re-reads progress when no in-process signal arrives. Default 1 s.</summary>
    public TimeSpan WatchPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How businesses are scored for fit and which are excluded from the leads.</summary>
    public FitOptions Fit { get; set; } = new();

    /// <summary>How the company on a decision maker's profile is checked against the business.</summary>
    public IdentityOptions Identity { get; set; } = new();
}

/// <summary>
/// The company identity check of decision makers (see <see cref="Leadora.DecisionMakers.CompanyIdentity"/>). The rules decide
/// most profiles; the ones they cannot decide (the company was cut short by the search engine, or a branch city cannot be
/// checked) go to the light LLM tier when <see cref="UseLlm"/> is on. A profile the LLM does not confirm is not kept.
/// </summary>
public sealed class IdentityOptions
{
    /// <summary>
    /// Ask the light LLM tier about profiles the rules cannot decide. Default <see langword="true"/>. When off, or when the LLM
    /// fails or the budget is used up, those profiles are not kept (the rules alone decide).
    /// </summary>
    public bool UseLlm { get; set; } = true;

    /// <summary>Profile/business pairs judged in one light-LLM call (1 to 100). Default 20.</summary>
    public int LlmBatchSize { get; set; } = 20;
}

/// <summary>Business fit scoring (see <see cref="Leadora.Fit.FitScoring"/>).</summary>
public sealed class FitOptions
{
    /// <summary>Businesses scoring below this are excluded from the leads. Default 0.5; 0 keeps every business.</summary>
    public double Threshold { get; set; } = Leadora.Fit.FitRules.DefaultThreshold;

    /// <summary>
    /// When the category rules have no evidence either way and the light LLM does not judge, the score is
    /// 0.5 + (similarity − pivot) within [0.3, 0.7], so a business whose cosine similarity to its best persona is below the
    /// pivot is excluded. Default 0.05, chosen for the local hashing embedder the offline evaluation uses (its cosines
    /// between short texts are small); provider embeddings give larger cosines and usually need a higher pivot.
    /// </summary>
    public double SimilarityPivot { get; set; } = 0.05;

    /// <summary>Ask the light LLM tier about businesses the rules are unsure of. Default <see langword="true"/>.</summary>
    public bool UseLlm { get; set; } = true;

    /// <summary>Businesses per light-LLM fit call. Default 20.</summary>
    public int LlmBatchSize { get; set; } = 20;
}

/// <summary>Job queue behaviour, shared by every queue adapter.</summary>
public sealed class JobQueueOptions
{
    /// <summary>How long a claim holds a job without a heartbeat. Default 60 s.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Attempts before a job is dead-lettered. Default 4.</summary>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>Backoff before the first retry; doubles per attempt, with ±25 % jitter. Default 2 s.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Longest backoff. Default 2 min.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often <see cref="Jobs.JobSweeper"/> returns expired leases to the queue and purges expired cache entries. Default 30 s.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>Job runner behaviour.</summary>
public sealed class JobRunnerOptions
{
    /// <summary>
    /// Jobs run at once by one runner. Default 32. Jobs spend their time waiting on providers, and every provider call
    /// keeps its own limits (calls in flight, pacing), so this only decides how much work is ready when a provider slot
    /// frees; with too few, a provider sits idle while jobs wait on another one.
    /// </summary>
    public int MaxConcurrentJobs { get; set; } = 32;

    /// <summary>Longest wait for new work before polling the queue again. Default 2 s.</summary>
    public TimeSpan IdlePollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Worker id; defaults to machine name, process id and a random suffix.</summary>
    public string? WorkerId { get; set; }
}

/// <summary>A price per million tokens.</summary>
public sealed class TokenPrice
{
    /// <summary>US dollars per million input tokens.</summary>
    public decimal InputPerMillion { get; set; }

    /// <summary>US dollars per million output tokens.</summary>
    public decimal OutputPerMillion { get; set; }
}

/// <summary>
/// Prices for cost estimates. Defaults are list prices at the time of writing; override them in configuration
/// (<c>Leadora:Pricing:Models:openai/gpt-5:InputPerMillion</c>) when yours differ.
/// </summary>
public sealed class PricingOptions
{
    /// <summary>Token prices keyed by <c>provider/model</c>.</summary>
    public Dictionary<string, TokenPrice> Models { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["openai/gpt-5"] = new() { InputPerMillion = 1.25m, OutputPerMillion = 10m },
        ["openai/gpt-5-mini"] = new() { InputPerMillion = 0.25m, OutputPerMillion = 2m },
        ["openai/gpt-5-nano"] = new() { InputPerMillion = 0.05m, OutputPerMillion = 0.40m },
        ["openai/text-embedding-3-small"] = new() { InputPerMillion = 0.02m },
        ["openai/text-embedding-3-large"] = new() { InputPerMillion = 0.13m },
        ["gemini/gemini-2.0-flash"] = new() { InputPerMillion = 0.10m, OutputPerMillion = 0.40m },
        ["gemini/gemini-2.0-flash-lite"] = new() { InputPerMillion = 0.075m, OutputPerMillion = 0.30m },
        ["gemini/gemini-2.5-flash"] = new() { InputPerMillion = 0.30m, OutputPerMillion = 2.50m },
        ["gemini/gemini-2.5-flash-lite"] = new() { InputPerMillion = 0.10m, OutputPerMillion = 0.40m },
        ["gemini/gemini-2.5-pro"] = new() { InputPerMillion = 1.25m, OutputPerMillion = 10m },
        ["deepseek/deepseek-chat"] = new() { InputPerMillion = 0.28m, OutputPerMillion = 0.42m },
        ["deepseek/deepseek-reasoner"] = new() { InputPerMillion = 0.28m, OutputPerMillion = 0.42m },
    };

    /// <summary>Per-request prices keyed by <c>provider/operation</c>.</summary>
    public Dictionary<string, decimal> Requests { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["serper/places"] = 0.001m,
        ["serper/maps"] = 0.003m,
        ["serper/search"] = 0.001m,
        ["google_places/places"] = 0.032m,
        ["google_places_legacy/places"] = 0.032m,
        ["google_places_legacy/details"] = 0.017m,
        ["google_cse/search"] = 0.005m,
    };

    /// <summary>
    /// Estimated cost of one call. A dated model id that providers return (<c>gpt-5-2025-08-07</c>) is priced as the longest
    /// configured model it starts with (<c>gpt-5</c>, not <c>gpt-5-mini</c> for <c>gpt-5-mini-2025-08-07</c>).
    /// </summary>
    public decimal Estimate(string provider, string operation, string? model, long inputTokens, long outputTokens)
    {
        decimal cost = 0;
        if (model is not null && PriceOf(provider, model) is { } price)
        {
            cost += (inputTokens * price.InputPerMillion + outputTokens * price.OutputPerMillion) / 1_000_000m;
        }

        if (Requests.TryGetValue($"{provider}/{operation}", out var perRequest))
        {
            cost += perRequest;
        }

        return cost;
    }

    /// <summary>Whether <paramref name="model"/> of <paramref name="provider"/> has a token price (exactly or by its dated id).</summary>
    public bool HasPrice(string provider, string model) => PriceOf(provider, model) is not null;

    private TokenPrice? PriceOf(string provider, string model)
    {
        var key = $"{provider}/{model}";
        if (Models.TryGetValue(key, out var exact))
        {
            return exact;
        }

        return Models
            .Where(m => key.StartsWith(m.Key + "-", StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(m => m.Key.Length)
            .Select(m => m.Value)
            .FirstOrDefault();
    }
}
