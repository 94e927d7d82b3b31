using Microsoft.Extensions.Options;

namespace Leadora.Hosting;

/// <summary>Validates <see cref="LeadoraOptions"/> and that every port has a provider, naming the setting to fix.</summary>
internal sealed class LeadoraOptionsValidator(
    IEnumerable<ChatProviderRegistration> chat,
    IEnumerable<EmbeddingProviderRegistration> embeddings,
    IEnumerable<PlacesProviderRegistration> places,
    IEnumerable<WebSearchProviderRegistration> web,
    IEnumerable<EnqueueOnlyMarker> enqueueOnly) : IValidateOptions<LeadoraOptions>
{
    private const string Offline = "or call UseSandbox(...) to run offline against the sandbox";

    public ValidateOptionsResult Validate(string? name, LeadoraOptions options)
    {
        var failures = new List<string>();
        var needsProviders = !enqueueOnly.Any();
        foreach (var tier in Enum.GetValues<ModelTier>().Where(t => needsProviders && !chat.Any(r => r.Tier == t)))
        {
            failures.Add($"No LLM provider is configured for the {tier} tier: set OPENAI_API_KEY, GEMINI_API_KEY or DEEPSEEK_API_KEY and call UseConfiguredProviders() (or UseOpenAI(), UseGemini(), UseDeepSeek()), {Offline}.");
        }

        if (needsProviders && !embeddings.Any())
        {
            failures.Add($"No embedding provider is configured: set OPENAI_API_KEY and call UseOpenAI() or UseConfiguredProviders(), call UseHashingEmbeddings() for local embeddings, {Offline}.");
        }

        if (needsProviders && !places.Any())
        {
            failures.Add($"No places provider is configured: set SERPER_KEY or GOOGLE_PLACES_KEY and call UseConfiguredProviders() (or UseSerper(), UseGooglePlaces()), {Offline}.");
        }

        if (needsProviders && !web.Any())
        {
            failures.Add($"No web-search provider is configured: set SERPER_KEY, or GOOGLE_CSE_KEY with GOOGLE_CSE_CX, and call UseConfiguredProviders() (or UseSerper(), UseGoogleCse()), {Offline}.");
        }

        if (string.IsNullOrWhiteSpace(options.DefaultTenantId))
        {
            failures.Add("Leadora:DefaultTenantId must not be empty.");
        }

        var pipeline = options.Pipeline;
        failures.AddRange(LeadSearchValidator.ValidateLimits(pipeline.DefaultLimits, "Leadora:Pipeline:DefaultLimits:")
            .Select(p => $"{p.Field} {p.Message}"));
        Range(failures, "Leadora:Pipeline:MaxQueriesPerPersona", pipeline.MaxQueriesPerPersona, 1, 20);
        Range(failures, "Leadora:Pipeline:MaxPagesPerQuery", pipeline.MaxPagesPerQuery, 1, 10);
        Range(failures, "Leadora:Pipeline:DecisionMakerBatchSize", pipeline.DecisionMakerBatchSize, 1, 100);
        Range(failures, "Leadora:Pipeline:WebSearchConcurrency", pipeline.WebSearchConcurrency, 1, 64);
        Range(failures, "Leadora:Pipeline:EmbeddingFlushesInFlight", pipeline.EmbeddingFlushesInFlight, 1, 64);
        Range(failures, "Leadora:Pipeline:MarketMaxQueries", pipeline.MarketMaxQueries, 1, 50);
        Range(failures, "Leadora:Pipeline:MarketMaxSources", pipeline.MarketMaxSources, 1, 100);
        Range(failures, "Leadora:Pipeline:Identity:LlmBatchSize", pipeline.Identity.LlmBatchSize, 1, 100);
        if (pipeline.TieBreakEpsilon is < 0 or > 1)
        {
            failures.Add($"Leadora:Pipeline:TieBreakEpsilon is {pipeline.TieBreakEpsilon}; it must be between 0 and 1.");
        }

        Positive(failures, "Leadora:Pipeline:WatchPollInterval", pipeline.WatchPollInterval);
        if (options.Jobs.LeaseDuration < TimeSpan.FromSeconds(1))
        {
            failures.Add($"Leadora:Jobs:LeaseDuration is {options.Jobs.LeaseDuration}; it must be at least 1 second.");
        }

        Range(failures, "Leadora:Jobs:MaxAttempts", options.Jobs.MaxAttempts, 1, 100);
        Positive(failures, "Leadora:Jobs:RetryBaseDelay", options.Jobs.RetryBaseDelay);
        if (options.Jobs.RetryMaxDelay < options.Jobs.RetryBaseDelay)
        {
            failures.Add("Leadora:Jobs:RetryMaxDelay must not be shorter than Leadora:Jobs:RetryBaseDelay.");
        }

        Positive(failures, "Leadora:Jobs:SweepInterval", options.Jobs.SweepInterval);
        if (options.Spending.MaxCostUsd is < 0)
        {
            failures.Add($"Leadora:Spending:MaxCostUsd is {options.Spending.MaxCostUsd}; it must not be negative.");
        }

        foreach (var (setting, ttl) in new[]
        {
            ("Leadora:Cache:PlacesTimeToLive", options.Cache.PlacesTimeToLive),
            ("Leadora:Cache:SearchTimeToLive", options.Cache.SearchTimeToLive),
            ("Leadora:Cache:LlmTimeToLive", options.Cache.LlmTimeToLive),
            ("Leadora:Cache:EmbeddingsTimeToLive", options.Cache.EmbeddingsTimeToLive),
        })
        {
            Positive(failures, setting, ttl);
        }

        Range(failures, "Leadora:Runner:MaxConcurrentJobs", options.Runner.MaxConcurrentJobs, 1, 256);
        Positive(failures, "Leadora:Runner:IdlePollInterval", options.Runner.IdlePollInterval);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Range(List<string> failures, string setting, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            failures.Add($"{setting} is {value}; it must be between {min} and {max}.");
        }
    }

    private static void Positive(List<string> failures, string setting, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{setting} is {value}; it must be positive.");
        }
    }
}
