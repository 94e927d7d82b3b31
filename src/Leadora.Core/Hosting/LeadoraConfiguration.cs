using Microsoft.Extensions.Configuration;

namespace Leadora;

/// <summary>
/// Maps the flat environment variable names Leadora has always accepted (<c>OPENAI_API_KEY</c>, <c>SERPER_KEY</c>, …)
/// onto the <c>Leadora</c> configuration section. An explicit <c>Leadora:…</c> setting wins over its flat alias.
/// This table is the one place those names are defined.
/// </summary>
public static class LeadoraConfiguration
{
    /// <summary>Configuration section for Leadora.</summary>
    public const string SectionName = "Leadora";

    /// <summary>Flat name → path inside the <c>Leadora</c> section. Earlier names win when several are set.</summary>
    public static IReadOnlyList<(string Variable, string Path)> Aliases { get; } =
    [
        ("OPENAI_API_KEY", "OpenAI:ApiKey"),
        ("OPENAI_BASE_URL", "OpenAI:BaseUrl"),
        ("OPENAI_PRIMARY_MODEL", "OpenAI:PrimaryModel"),
        ("OPENAI_LIGHT_MODEL", "OpenAI:LightModel"),
        ("OPENAI_ULTRA_LIGHT_MODEL", "OpenAI:UltraLightModel"),
        ("OPENAI_EMBEDDINGS_MODEL", "OpenAI:EmbeddingsModel"),
        ("OPENAI_MAX_CONCURRENT", "OpenAI:MaxConcurrent"),
        ("OPENAI_MIN_DELAY_MS", "OpenAI:MinDelayMs"),
        ("GEMINI_API_KEY", "Gemini:ApiKey"),
        ("GEMINI_MODEL", "Gemini:Model"),
        ("GEMINI_BASE_URL", "Gemini:BaseUrl"),
        ("GEMINI_LIGHT_MODEL", "Gemini:LightModel"),
        ("GEMINI_ULTRA_LIGHT_MODEL", "Gemini:UltraLightModel"),
        ("GEMINI_MAX_CONCURRENT", "Gemini:MaxConcurrent"),
        ("GEMINI_MIN_DELAY_MS", "Gemini:MinDelayMs"),
        ("DEEPSEEK_API_KEY", "DeepSeek:ApiKey"),
        ("DEEPSEEK_MODEL", "DeepSeek:Model"),
        ("DEEPSEEK_BASE_URL", "DeepSeek:BaseUrl"),
        ("DEEPSEEK_LIGHT_MODEL", "DeepSeek:LightModel"),
        ("DEEPSEEK_ULTRA_LIGHT_MODEL", "DeepSeek:UltraLightModel"),
        ("DEEPSEEK_MAX_CONCURRENT", "DeepSeek:MaxConcurrent"),
        ("DEEPSEEK_MIN_DELAY_MS", "DeepSeek:MinDelayMs"),
        ("SERPER_KEY", "Serper:ApiKey"),
        ("VITE_SERPER_KEY", "Serper:ApiKey"),
        ("SERPER_BASE_URL", "Serper:BaseUrl"),
        ("SERPER_MAX_CONCURRENT", "Serper:MaxConcurrent"),
        ("SERPER_MIN_DELAY_MS", "Serper:MinDelayMs"),
        ("GOOGLE_PLACES_KEY", "GooglePlaces:ApiKey"),
        ("VITE_GOOGLE_PLACES_KEY", "GooglePlaces:ApiKey"),
        ("GOOGLE_MAX_CONCURRENT", "GooglePlaces:MaxConcurrent"),
        ("GOOGLE_MIN_DELAY_MS", "GooglePlaces:MinDelayMs"),
        ("GOOGLE_PLACES_BASE_URL", "GooglePlaces:BaseUrl"),
        ("GOOGLE_PLACES_LEGACY_BASE_URL", "GooglePlaces:LegacyBaseUrl"),
        ("GOOGLE_CSE_KEY", "GoogleCse:ApiKey"),
        ("GOOGLE_CSE_BASE_URL", "GoogleCse:BaseUrl"),
        ("GOOGLE_MAX_CONCURRENT", "GoogleCse:MaxConcurrent"),
        ("GOOGLE_MIN_DELAY_MS", "GoogleCse:MinDelayMs"),
        ("GOOGLE_CSE_CX", "GoogleCse:Cx"),
        ("GOOGLE_SEARCH_ENGINE_ID", "GoogleCse:Cx"),
        ("Google_CSE_CX", "GoogleCse:Cx"),
        ("CAN_SPEND", "Spending:CanSpend"),
        ("LINKEDIN_MAX_EMPLOYEES_PER_COMPANY", "Pipeline:DefaultLimits:DecisionMakersPerBusiness"),
        ("LEADORA_DATABASE_URL", "Postgres:ConnectionString"),
    ];

    /// <summary>
    /// The <c>Leadora</c> section of <paramref name="configuration"/> with the flat aliases applied underneath it.
    /// </summary>
    public static IConfiguration GetLeadoraSection(IConfiguration? configuration)
    {
        var builder = new ConfigurationBuilder();
        if (configuration is null)
        {
            return builder.Build();
        }

        var mapped = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (variable, path) in Aliases)
        {
            var value = configuration[variable];
            if (!string.IsNullOrEmpty(value))
            {
                mapped.TryAdd(path, value);
            }
        }

        builder.AddInMemoryCollection(mapped);
        builder.AddConfiguration(configuration.GetSection(SectionName));
        return builder.Build();
    }
}
