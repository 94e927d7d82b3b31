using System.Globalization;

namespace Leadora.Providers;

/// <summary>
/// Settings for the Serper provider (Google places and web search), bound from the <c>Leadora:Serper</c>
/// configuration section (environment variables such as <c>SERPER_KEY</c> are mapped onto it by Leadora).
/// </summary>
public sealed class SerperOptions
{
    /// <summary>The configuration section name, relative to the <c>Leadora</c> section.</summary>
    public const string SectionName = "Serper";

    /// <summary>API key (<c>SERPER_KEY</c>), sent as the <c>X-API-KEY</c> header. Required. Never logged.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Base URL of the API (<c>SERPER_BASE_URL</c>). Default <c>https://google.serper.dev</c>.</summary>
    public string BaseUrl { get; set; } = "https://google.serper.dev";

    /// <summary>Most requests in flight to Serper at once (<c>SERPER_MAX_CONCURRENT</c>). Default 5.</summary>
    public int MaxConcurrent { get; set; } = 5;

    /// <summary>Least time between the starts of two requests, in milliseconds (<c>SERPER_MIN_DELAY_MS</c>). Default 0.</summary>
    public int MinDelayMs { get; set; }

    /// <summary>Time allowed for one HTTP request, in seconds. Default 30.</summary>
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>Result language (<c>hl</c>) used when a query does not name one. Default <c>en</c>.</summary>
    public string Language { get; set; } = "en";

    /// <summary>Describes the settings with the API key redacted.</summary>
    /// <returns>A description safe to log.</returns>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"SerperOptions {{ ApiKey = {Secrets.Describe(ApiKey)}, BaseUrl = {BaseUrl}, MaxConcurrent = {MaxConcurrent}, MinDelayMs = {MinDelayMs}, TimeoutSeconds = {TimeoutSeconds}, Language = {Language} }}");
}
