using System.Globalization;

namespace Leadora.Providers;

/// <summary>
/// Settings for Google Places: the Places API (New) <c>places:searchText</c> and, as a further fallback, the legacy
/// Text Search plus Place Details. Bound from the <c>Leadora:GooglePlaces</c> configuration section (environment
/// variables such as <c>GOOGLE_PLACES_KEY</c> are mapped onto it by Leadora). Both APIs use the same key and share one
/// request budget (<see cref="ProviderHttpOptions.MaxConcurrent"/>, <see cref="ProviderHttpOptions.MinDelayMs"/>).
/// </summary>
public sealed class GooglePlacesOptions : ProviderHttpOptions
{
    /// <summary>The configuration section name, relative to the <c>Leadora</c> section.</summary>
    public const string SectionName = "GooglePlaces";

    /// <summary>
    /// Creates the defaults: Places API (New) at <c>https://places.googleapis.com/v1</c> (<c>GOOGLE_PLACES_BASE_URL</c>),
    /// 4 requests in flight (<c>GOOGLE_MAX_CONCURRENT</c>), no pacing (<c>GOOGLE_MIN_DELAY_MS</c>), 30 s per attempt,
    /// 60 s per call. The key (<c>GOOGLE_PLACES_KEY</c>) is sent as <c>X-Goog-Api-Key</c> to the new API and as the
    /// <c>key</c> query parameter to the legacy one.
    /// </summary>
    public GooglePlacesOptions()
        : base("https://places.googleapis.com/v1", maxConcurrent: 4, minDelayMs: 0, timeoutSeconds: 30, totalTimeoutSeconds: 60)
    {
    }

    /// <summary>Base URL of the legacy Places web service (<c>GOOGLE_PLACES_LEGACY_BASE_URL</c>). Default <c>https://maps.googleapis.com/maps/api/place</c>.</summary>
    public string LegacyBaseUrl { get; set; } = "https://maps.googleapis.com/maps/api/place";

    /// <summary>Result language used when a query does not name one. Default <c>en</c>.</summary>
    public string Language { get; set; } = "en";

    /// <summary>
    /// Whether <c>UseConfiguredProviders</c> adds the legacy API after the new one. Google no longer lets new projects
    /// enable it, so turn this off for keys that lack it. Default true.
    /// </summary>
    public bool LegacyFallback { get; set; } = true;

    /// <summary>
    /// Place Details calls per legacy Text Search page, for the phone and website Text Search does not return. Each is
    /// a separately billed request, recorded in the usage ledger as <c>google_places_legacy/details</c>. Default 20
    /// (every result of a page); 0 turns them off.
    /// </summary>
    public int LegacyDetailsPerPage { get; set; } = 20;

    /// <summary>Describes the settings with the API key redacted.</summary>
    /// <returns>A description safe to log.</returns>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"GooglePlacesOptions {{ {DescribeHttp()}, LegacyBaseUrl = {LegacyBaseUrl}, Language = {Language}, LegacyFallback = {LegacyFallback}, LegacyDetailsPerPage = {LegacyDetailsPerPage} }}");
}
