using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Leadora.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Leadora.Providers;

/// <summary>
/// Places search through the Places API (New): <c>POST {BaseUrl}/places:searchText</c> with <c>X-Goog-Api-Key</c> and
/// the required <c>X-Goog-FieldMask</c> (only the fields Leadora maps, plus <c>nextPageToken</c>), body
/// <c>{textQuery, regionCode, languageCode, pageSize: 20, pageToken}</c>. Google returns at most 60 results over three
/// pages linked by <c>nextPageToken</c>; page N of a query continues from page N-1's token, and when that token is not
/// at hand the earlier pages are fetched first (each an extra billed call, recorded in the usage ledger).
/// </summary>
internal sealed partial class GooglePlacesNewSearch : IPlacesSearch
{
    /// <summary>Provider name used in results, exceptions and the usage ledger.</summary>
    public const string Provider = "google_places";

    /// <summary>Name of the HttpClient every call goes through.</summary>
    public const string HttpClientName = "Leadora.GooglePlaces";

    /// <summary>Operation name used in exceptions and logs.</summary>
    public const string Operation = "places";

    /// <summary>Results per page (the API's maximum).</summary>
    public const int PageSize = 20;

    /// <summary>Pages the API serves for one query (60 results).</summary>
    public const int MaxPages = 3;

    /// <summary>The field mask: what Leadora maps onto <see cref="Place"/>, and the next page's token.</summary>
    public const string FieldMask = "places.id,places.displayName,places.formattedAddress,places.addressComponents,places.location,places.rating,places.userRatingCount,places.types,places.primaryType,places.primaryTypeDisplayName,places.nationalPhoneNumber,places.internationalPhoneNumber,places.websiteUri,places.googleMapsUri,places.businessStatus,nextPageToken";

    /// <summary>Google's error answers.</summary>
    public static readonly ProviderErrorRules Rules = new GoogleErrorRules(Provider);

    private readonly GooglePlacesOptions settings;
    private readonly ProviderHttp http;
    private readonly PageTokens tokens;
    private readonly ExtraCalls extraCalls;

    public GooglePlacesNewSearch(IHttpClientFactory httpClientFactory, IOptions<GooglePlacesOptions> options, TimeProvider timeProvider, ILoggerFactory loggerFactory, IProviderUsage? usage = null)
    {
        settings = options.Value;
        http = new ProviderHttp(httpClientFactory, HttpClientName, Rules, () => settings.ApiKey, timeProvider, loggerFactory.CreateLogger("Leadora.Providers.GooglePlaces"));
        tokens = new PageTokens(timeProvider);
        extraCalls = new ExtraCalls(usage);
    }

    public async Task<PlacesPage> SearchAsync(PlacesQuery query, CancellationToken cancellationToken = default)
    {
        var country = PlacesText.Validate(query);
        if (query.Page > MaxPages)
        {
            return new PlacesPage([], Provider, HasMore: false);
        }

        var request = new PlacesSearchTextRequest
        {
            TextQuery = PlacesText.QueryText(query.Text, country),
            RegionCode = country.Code.ToLowerInvariant(),
            LanguageCode = query.Language ?? settings.Language,
            PageSize = PageSize,
        };
        var key = $"{request.TextQuery}\n{request.RegionCode}\n{request.LanguageCode}";

        string? token = null;
        if (query.Page > 1 && (token = tokens.Get(key, query.Page)) is null)
        {
            // Reach the page's token by walking the earlier pages (each walk call is billed and recorded).
            for (var page = 1; page < query.Page; page++)
            {
                var walkedToken = tokens.Get(key, page);
                var walked = await extraCalls.RunAsync(Provider, Operation, () => FetchAsync(request, walkedToken, cancellationToken), r => r.Places?.Count ?? 0, cancellationToken).ConfigureAwait(false);
                tokens.Set(key, page + 1, walked.NextPageToken);
                if (string.IsNullOrEmpty(walked.NextPageToken))
                {
                    return new PlacesPage([], Provider, HasMore: false);
                }
            }

            token = tokens.Get(key, query.Page);
        }

        if (token is { Length: 0 })
        {
            // The previous page was the last one.
            return new PlacesPage([], Provider, HasMore: false);
        }

        var answer = await FetchAsync(request, token, cancellationToken).ConfigureAwait(false);
        var hasMore = !string.IsNullOrEmpty(answer.NextPageToken) && query.Page < MaxPages;
        tokens.Set(key, query.Page + 1, hasMore ? answer.NextPageToken : null);

        var rows = answer.Places ?? [];
        var places = rows.Select(ToPlace).OfType<Place>().ToList();
        if (places.Count < rows.Count)
        {
            ProviderLog.RowsSkipped(http.Logger, Provider, Operation, rows.Count - places.Count);
        }

        ProviderLog.SearchCompleted(http.Logger, Provider, Operation, places.Count, country.Code, query.Page);
        return new PlacesPage(places, Provider, hasMore);
    }

    private async Task<PlacesSearchTextResponse> FetchAsync(PlacesSearchTextRequest body, string? pageToken, CancellationToken cancellationToken)
    {
        var payload = pageToken is null ? body : new PlacesSearchTextRequest
        {
            TextQuery = body.TextQuery,
            RegionCode = body.RegionCode,
            LanguageCode = body.LanguageCode,
            PageSize = body.PageSize,
            PageToken = pageToken,
        };

        // "./" keeps "places:searchText" a relative path rather than a URI with the scheme "places".
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("./places:searchText", UriKind.Relative))
        {
            Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(payload, PlacesNewJsonContext.Default.PlacesSearchTextRequest))
            {
                Headers = { ContentType = new MediaTypeHeaderValue("application/json") },
            },
        };
        request.Headers.TryAddWithoutValidation("X-Goog-Api-Key", settings.ApiKey);
        request.Headers.TryAddWithoutValidation("X-Goog-FieldMask", FieldMask);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var reply = await http.SendAsync(request, Operation, cancellationToken).ConfigureAwait(false);
        return http.Parse(reply, PlacesNewJsonContext.Default.PlacesSearchTextResponse, Operation);
    }

    private static Place? ToPlace(PlacesNewPlace? row)
    {
        if (row?.DisplayName?.Text is not { Length: > 0 } name)
        {
            return null;
        }

        var types = row.Types ?? [];
        return new Place
        {
            Name = name.Trim(),
            Address = row.FormattedAddress ?? row.ShortFormattedAddress,
            City = row.AddressComponents?.FirstOrDefault(c => c?.Types?.Contains("locality") == true)?.LongText
                ?? row.AddressComponents?.FirstOrDefault(c => c?.Types?.Contains("postal_town") == true)?.LongText,
            Phone = row.InternationalPhoneNumber ?? row.NationalPhoneNumber,
            Website = row.WebsiteUri,
            PlaceId = row.Id,
            Cid = CidOf(row.GoogleMapsUri),
            Latitude = row.Location?.Latitude,
            Longitude = row.Location?.Longitude,
            Rating = row.Rating,
            RatingCount = row.UserRatingCount,
            Category = row.PrimaryTypeDisplayName?.Text ?? Humanize(row.PrimaryType) ?? Humanize(types.FirstOrDefault(t => !GenericTypes.Contains(t))),
            Types = types,
        };
    }

    /// <summary>Types every business has; they say nothing about what it does.</summary>
    internal static readonly HashSet<string> GenericTypes = new(StringComparer.Ordinal) { "point_of_interest", "establishment", "premise", "store", "food" };

    /// <summary>"water_treatment_plant" → "Water treatment plant".</summary>
    internal static string? Humanize(string? type) =>
        string.IsNullOrWhiteSpace(type) ? null : char.ToUpperInvariant(type[0]) + type[1..].Replace('_', ' ');

    /// <summary>The CID in a Google Maps link such as <c>https://maps.google.com/?cid=1412145186856207520&amp;g_mp=…</c>.</summary>
    internal static string? CidOf(string? mapsUri) =>
        mapsUri is not null && CidPattern().Match(mapsUri) is { Success: true } match
            && ulong.TryParse(match.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var cid)
            ? cid.ToString(CultureInfo.InvariantCulture)
            : null;

    [GeneratedRegex(@"[?&]cid=(\d{1,20})(?:&|$)")]
    private static partial Regex CidPattern();
}
