using System.Globalization;

namespace Leadora.Providers;

/// <summary>
/// Settings for the Google Custom Search JSON API, bound from the <c>Leadora:GoogleCse</c> configuration section
/// (environment variables such as <c>GOOGLE_CSE_KEY</c> are mapped onto it by Leadora). The API is closed to new
/// customers and shuts down on 2027-01-01; Leadora keeps it as a web-search fallback for existing keys.
/// </summary>
public sealed class GoogleCseOptions : ProviderHttpOptions
{
    /// <summary>The configuration section name, relative to the <c>Leadora</c> section.</summary>
    public const string SectionName = "GoogleCse";

    /// <summary>
    /// Creates the defaults: <c>https://www.googleapis.com/customsearch/v1</c> (<c>GOOGLE_CSE_BASE_URL</c>), 2 requests in
    /// flight (<c>GOOGLE_MAX_CONCURRENT</c>), no pacing (<c>GOOGLE_MIN_DELAY_MS</c>), 30 s per attempt, 60 s per call.
    /// The key (<c>GOOGLE_CSE_KEY</c>) is sent as the <c>key</c> query parameter.
    /// </summary>
    public GoogleCseOptions()
        : base("https://www.googleapis.com/customsearch/v1", maxConcurrent: 2, minDelayMs: 0, timeoutSeconds: 30, totalTimeoutSeconds: 60)
    {
    }

    /// <summary>Programmable Search Engine id (<c>GOOGLE_CSE_CX</c>, also <c>GOOGLE_SEARCH_ENGINE_ID</c> or <c>Google_CSE_CX</c>). Required.</summary>
    public string? Cx { get; set; }

    /// <summary>Interface language (<c>hl</c>) used when a query does not name one. Default <c>en</c>.</summary>
    public string Language { get; set; } = "en";

    /// <summary>Describes the settings with the API key redacted.</summary>
    /// <returns>A description safe to log.</returns>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"GoogleCseOptions {{ {DescribeHttp()}, Cx = {Cx}, Language = {Language} }}");
}
