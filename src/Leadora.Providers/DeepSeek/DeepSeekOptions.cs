using System.Globalization;

namespace Leadora.Providers;

/// <summary>
/// Settings for the DeepSeek provider (OpenAI-compatible chat completions in JSON mode), bound from the
/// <c>Leadora:DeepSeek</c> configuration section (environment variables such as <c>DEEPSEEK_API_KEY</c> are mapped onto
/// it by Leadora).
/// </summary>
public sealed class DeepSeekOptions : FallbackLlmOptions
{
    /// <summary>The configuration section name, relative to the <c>Leadora</c> section.</summary>
    public const string SectionName = "DeepSeek";

    /// <summary>
    /// Creates the defaults: <c>https://api.deepseek.com</c> (<c>DEEPSEEK_BASE_URL</c>), 2 requests in flight
    /// (<c>DEEPSEEK_MAX_CONCURRENT</c>), no pacing (<c>DEEPSEEK_MIN_DELAY_MS</c>), 180 s per attempt (DeepSeek holds
    /// busy requests open rather than refusing them), 360 s per call. The API key is <c>DEEPSEEK_API_KEY</c>; the models are
    /// <c>DEEPSEEK_MODEL</c> (default <c>deepseek-chat</c>), <c>DEEPSEEK_LIGHT_MODEL</c> and <c>DEEPSEEK_ULTRA_LIGHT_MODEL</c>.
    /// DeepSeek renames and retires models over time, so keep them in configuration.
    /// </summary>
    public DeepSeekOptions()
        : base("https://api.deepseek.com", "deepseek-chat", maxConcurrent: 2, minDelayMs: 0, timeoutSeconds: 180, totalTimeoutSeconds: 360)
    {
    }

    /// <summary>Describes the settings with the API key redacted.</summary>
    /// <returns>A description safe to log.</returns>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"DeepSeekOptions {{ {DescribeHttp()}, {DescribeModels()} }}");
}
