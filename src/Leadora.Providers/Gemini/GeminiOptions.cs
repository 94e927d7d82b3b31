using System.Globalization;

namespace Leadora.Providers;

/// <summary>
/// Settings for the Gemini provider (<c>generateContent</c> over REST), bound from the <c>Leadora:Gemini</c>
/// configuration section (environment variables such as <c>GEMINI_API_KEY</c> are mapped onto it by Leadora).
/// </summary>
public sealed class GeminiOptions : FallbackLlmOptions
{
    /// <summary>The configuration section name, relative to the <c>Leadora</c> section.</summary>
    public const string SectionName = "Gemini";

    /// <summary>
    /// Creates the defaults: <c>https://generativelanguage.googleapis.com/v1beta</c> (<c>GEMINI_BASE_URL</c>), 2 requests
    /// in flight (<c>GEMINI_MAX_CONCURRENT</c>), no pacing (<c>GEMINI_MIN_DELAY_MS</c>), 120 s per attempt, 300 s per call.
    /// The API key (<c>GEMINI_API_KEY</c>) is sent as the <c>x-goog-api-key</c> header; the models are <c>GEMINI_MODEL</c>
    /// (default <c>gemini-2.0-flash</c>), <c>GEMINI_LIGHT_MODEL</c> and <c>GEMINI_ULTRA_LIGHT_MODEL</c>.
    /// </summary>
    public GeminiOptions()
        : base("https://generativelanguage.googleapis.com/v1beta", "gemini-2.0-flash", maxConcurrent: 2, minDelayMs: 0, timeoutSeconds: 120, totalTimeoutSeconds: 300)
    {
    }

    /// <summary>Describes the settings with the API key redacted.</summary>
    /// <returns>A description safe to log.</returns>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"GeminiOptions {{ {DescribeHttp()}, {DescribeModels()} }}");
}
