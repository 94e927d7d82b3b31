using System.Globalization;

namespace Leadora.Providers;

/// <summary>
/// Settings for the OpenAI provider, bound from the <c>Leadora:OpenAI</c> configuration section
/// (environment variables such as <c>OPENAI_API_KEY</c> are mapped onto it by Leadora).
/// </summary>
public sealed class OpenAIProviderOptions
{
    /// <summary>The configuration section name, relative to the <c>Leadora</c> section.</summary>
    public const string SectionName = "OpenAI";

    /// <summary>API key (<c>OPENAI_API_KEY</c>). Required. Never logged.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Base URL of the API including the version segment (<c>OPENAI_BASE_URL</c>). Default <c>https://api.openai.com/v1</c>.</summary>
    public string BaseUrl { get; set; } = "https://api.openai.com/v1";

    /// <summary>Model for <see cref="ModelTier.Primary"/> (<c>OPENAI_PRIMARY_MODEL</c>). Default <c>gpt-5</c>.</summary>
    public string PrimaryModel { get; set; } = "gpt-5";

    /// <summary>Model for <see cref="ModelTier.Light"/> (<c>OPENAI_LIGHT_MODEL</c>). Default <c>gpt-5-mini</c>.</summary>
    public string LightModel { get; set; } = "gpt-5-mini";

    /// <summary>Model for <see cref="ModelTier.UltraLight"/> (<c>OPENAI_ULTRA_LIGHT_MODEL</c>). Default <c>gpt-5-nano</c>.</summary>
    public string UltraLightModel { get; set; } = "gpt-5-nano";

    /// <summary>Embedding model (<c>OPENAI_EMBEDDINGS_MODEL</c>). Default <c>text-embedding-3-small</c>.</summary>
    public string EmbeddingsModel { get; set; } = "text-embedding-3-small";

    /// <summary>Embedding vector length requested from the API. Default 1536.</summary>
    public int EmbeddingDimensions { get; set; } = 1536;

    /// <summary>Most requests in flight to OpenAI at once, across all tiers and embeddings (<c>OPENAI_MAX_CONCURRENT</c>). Default 2.</summary>
    public int MaxConcurrent { get; set; } = 2;

    /// <summary>Least time between the starts of two requests, in milliseconds (<c>OPENAI_MIN_DELAY_MS</c>). Default 300.</summary>
    public int MinDelayMs { get; set; } = 300;

    /// <summary>Time allowed for one HTTP request, in seconds. Default 120.</summary>
    public int TimeoutSeconds { get; set; } = 120;

    /// <summary>Most inputs sent in one embeddings call (the API accepts up to 2048). Default 2048.</summary>
    public int MaxEmbeddingBatch { get; set; } = 2048;

    /// <summary>Gets the model configured for a tier.</summary>
    internal string ModelFor(ModelTier tier) => tier switch
    {
        ModelTier.Primary => PrimaryModel,
        ModelTier.Light => LightModel,
        ModelTier.UltraLight => UltraLightModel,
        _ => throw new ArgumentOutOfRangeException(nameof(tier), tier, "Unknown model tier."),
    };

    /// <summary>Describes the settings with the API key redacted.</summary>
    /// <returns>A description safe to log.</returns>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"OpenAIProviderOptions {{ ApiKey = {Secrets.Describe(ApiKey)}, BaseUrl = {BaseUrl}, PrimaryModel = {PrimaryModel}, LightModel = {LightModel}, UltraLightModel = {UltraLightModel}, EmbeddingsModel = {EmbeddingsModel}, EmbeddingDimensions = {EmbeddingDimensions}, MaxConcurrent = {MaxConcurrent}, MinDelayMs = {MinDelayMs}, TimeoutSeconds = {TimeoutSeconds}, MaxEmbeddingBatch = {MaxEmbeddingBatch} }}");
}
