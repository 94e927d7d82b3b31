using System.Globalization;

namespace Leadora.Providers;

/// <summary>
/// Settings for the Serper provider (Google places and web search), bound from the <c>Leadora:Serper</c>
/// configuration section (environment variables such as <c>SERPER_KEY</c> are mapped onto it by Leadora).
/// </summary>
public sealed class SerperOptions : ProviderHttpOptions
{
    /// <summary>The configuration section name, relative to the <c>Leadora</c> section.</summary>
    public const string SectionName = "Serper";

    /// <summary>
    /// Creates the defaults: <c>https://google.serper.dev</c> (<c>SERPER_BASE_URL</c>), 5 requests in flight
    /// (<c>SERPER_MAX_CONCURRENT</c>), no pacing (<c>SERPER_MIN_DELAY_MS</c>), 30 s per attempt, 60 s per call. The API key
    /// (<c>SERPER_KEY</c>) is sent as the <c>X-API-KEY</c> header.
    /// </summary>
    public SerperOptions()
        : base("https://google.serper.dev", maxConcurrent: 5, minDelayMs: 0, timeoutSeconds: 30, totalTimeoutSeconds: 60)
    {
    }

    /// <summary>Result language (<c>hl</c>) used when a query does not name one. Default <c>en</c>.</summary>
    public string Language { get; set; } = "en";

    /// <summary>
    /// Search places through <c>/maps</c> instead of <c>/places</c>. <c>/maps</c> rows always carry the phone, website and
    /// place id (which <c>/places</c> rows often lack) and come 20 a page, but cost 3 credits a call instead of 1.
    /// Default false.
    /// </summary>
    public bool UseMapsEndpoint { get; set; }

    /// <summary>Describes the settings with the API key redacted.</summary>
    /// <returns>A description safe to log.</returns>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"SerperOptions {{ {DescribeHttp()}, Language = {Language}, UseMapsEndpoint = {UseMapsEndpoint} }}");
}
