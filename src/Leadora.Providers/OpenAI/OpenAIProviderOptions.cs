using System.Globalization;

namespace Leadora.Providers;

/// <summary>
/// Settings for the OpenAI provider, bound from the <c>Leadora:OpenAI</c> configuration section
/// (environment variables such as <c>OPENAI_API_KEY</c> are mapped onto it by Leadora).
/// </summary>
public sealed class OpenAIProviderOptions : ProviderHttpOptions
{
    /// <summary>The configuration section name, relative to the <c>Leadora</c> section.</summary>
    public const string SectionName = "OpenAI";

    /// <summary>
    /// Creates the defaults: <c>https://api.openai.com/v1</c> (<c>OPENAI_BASE_URL</c>), 2 requests in flight
    /// (<c>OPENAI_MAX_CONCURRENT</c>) started at least 300 ms apart (<c>OPENAI_MIN_DELAY_MS</c>), 120 s per attempt,
    /// 300 s per call. The API key is <c>OPENAI_API_KEY</c>.
    /// </summary>
    public OpenAIProviderOptions()
        : base("https://api.openai.com/v1", maxConcurrent: 2, minDelayMs: 300, timeoutSeconds: 120, totalTimeoutSeconds: 300)
    {
    }

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

    /// <summary>Most inputs sent in one embeddings call (the API accepts up to 2048). Default 2048.</summary>
    public int MaxEmbeddingBatch { get; set; } = 2048;

    /// <summary>
    /// Largest <c>/embeddings</c> response accepted, in bytes (other answers are held to
    /// <see cref="ProviderHttpOptions.MaxResponseBytes"/>). Default 64 MiB: a batch of 2,048 vectors is about 17 MB as
    /// base64 and about 60 MB as JSON floats.
    /// </summary>
    public int EmbeddingsMaxResponseBytes { get; set; } = 64 * 1024 * 1024;

    /// <inheritdoc />
    internal override int MaxResponseBytesFor(Uri? requestUri) =>
        requestUri?.AbsolutePath.EndsWith("/embeddings", StringComparison.Ordinal) == true ? EmbeddingsMaxResponseBytes : MaxResponseBytes;

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
        $"OpenAIProviderOptions {{ {DescribeHttp()}, PrimaryModel = {PrimaryModel}, LightModel = {LightModel}, UltraLightModel = {UltraLightModel}, EmbeddingsModel = {EmbeddingsModel}, EmbeddingDimensions = {EmbeddingDimensions}, MaxEmbeddingBatch = {MaxEmbeddingBatch} }}");
}
