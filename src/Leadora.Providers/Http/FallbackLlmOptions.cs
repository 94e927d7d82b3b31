namespace Leadora.Providers;

/// <summary>
/// Settings shared by the fallback LLM providers (Gemini, DeepSeek): one model for every tier unless a tier names its own.
/// </summary>
public abstract class FallbackLlmOptions : ProviderHttpOptions
{
    /// <summary>Creates the settings with a provider's defaults.</summary>
    /// <param name="baseUrl">Default base URL.</param>
    /// <param name="defaultModel">Default <see cref="Model"/>.</param>
    /// <param name="maxConcurrent">Default concurrency.</param>
    /// <param name="minDelayMs">Default pacing.</param>
    /// <param name="timeoutSeconds">Default attempt timeout.</param>
    /// <param name="totalTimeoutSeconds">Default total timeout.</param>
    protected FallbackLlmOptions(string baseUrl, string defaultModel, int maxConcurrent, int minDelayMs, int timeoutSeconds, int totalTimeoutSeconds)
        : base(baseUrl, maxConcurrent, minDelayMs, timeoutSeconds, totalTimeoutSeconds)
    {
        Model = defaultModel;
    }

    /// <summary>Model for the primary tier, and for the other tiers unless they name their own.</summary>
    public string Model { get; set; }

    /// <summary>Model for the light tier; <see cref="Model"/> when not set.</summary>
    public string? LightModel { get; set; }

    /// <summary>Model for the ultra-light tier; <see cref="Model"/> when not set.</summary>
    public string? UltraLightModel { get; set; }

    /// <summary>Gets the model configured for a tier.</summary>
    internal string ModelFor(ModelTier tier) => tier switch
    {
        ModelTier.Light when !string.IsNullOrWhiteSpace(LightModel) => LightModel,
        ModelTier.UltraLight when !string.IsNullOrWhiteSpace(UltraLightModel) => UltraLightModel,
        _ => Model,
    };

    /// <summary>The model settings, for <c>ToString</c>.</summary>
    protected string DescribeModels() => $"Model = {Model}, LightModel = {LightModel}, UltraLightModel = {UltraLightModel}";
}
