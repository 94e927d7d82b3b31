using System.Net.Http.Headers;
using Leadora.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Leadora.Providers;

/// <summary>
/// Places search through the legacy Places web service: <c>GET {LegacyBaseUrl}/textsearch/json?query&amp;region&amp;language&amp;key</c>
/// (20 results a page, at most 60, linked by <c>next_page_token</c>), then <c>GET details/json?place_id&amp;fields&amp;key</c>
/// for each result, because Text Search returns no phone or website. Every Details call is a separately billed
/// request: each goes through Leadora's usage recorder as <c>google_places_legacy/details</c> (priced, traced, and
/// refused when spending is off or the budget is used up), and their number is capped by
/// <see cref="GooglePlacesOptions.LegacyDetailsPerPage"/>. A Details call that fails leaves that place without phone and
/// website; a quota, credit, key or spending failure stops the remaining Details calls of the page. Errors arrive as HTTP 200 with a <c>status</c> (see <see cref="LegacyPlacesErrorRules"/>).
/// </summary>
internal sealed class GooglePlacesLegacySearch : IPlacesSearch
{
    /// <summary>Provider name used in results, exceptions and the usage ledger.</summary>
    public const string Provider = "google_places_legacy";

    /// <summary>Name of the HttpClient every call goes through.</summary>
    public const string HttpClientName = "Leadora.GooglePlacesLegacy";

    /// <summary>Operation name of Text Search, used in exceptions and logs.</summary>
    public const string Operation = "places";

    /// <summary>Operation name of Place Details, in exceptions, logs and the usage ledger.</summary>
    public const string DetailsOperation = "details";

    /// <summary>Results per Text Search page.</summary>
    public const int PageSize = 20;

    /// <summary>Pages the API serves for one query (60 results).</summary>
    public const int MaxPages = 3;

    /// <summary>The Details fields requested: contact data and the locality.</summary>
    public const string DetailsFields = "place_id,formatted_phone_number,international_phone_number,website,address_components";

    private readonly GooglePlacesOptions settings;
    private readonly ProviderHttp http;
    private readonly PageTokens tokens;
    private readonly ExtraCalls extraCalls;

    public GooglePlacesLegacySearch(IHttpClientFactory httpClientFactory, IOptions<GooglePlacesOptions> options, TimeProvider timeProvider, ILoggerFactory loggerFactory, IProviderUsage? usage = null)
    {
        settings = options.Value;
        http = new ProviderHttp(httpClientFactory, HttpClientName, LegacyPlacesErrorRules.Instance, () => settings.ApiKey, timeProvider, loggerFactory.CreateLogger("Leadora.Providers.GooglePlacesLegacy"));
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

        var text = PlacesText.QueryText(query.Text, country);
        var region = country.Code.ToLowerInvariant();
        var language = query.Language ?? settings.Language;
        var key = $"{text}\n{region}\n{language}";

        string? token = null;
        if (query.Page > 1 && (token = tokens.Get(key, query.Page)) is null)
        {
            for (var page = 1; page < query.Page; page++)
            {
                var walkedToken = tokens.Get(key, page);
                var walked = await extraCalls.RunAsync(Provider, Operation, () => TextSearchAsync(text, region, language, walkedToken, cancellationToken), r => r.Results?.Count ?? 0, cancellationToken).ConfigureAwait(false);
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

        var answer = await TextSearchAsync(text, region, language, token, cancellationToken).ConfigureAwait(false);
        var hasMore = !string.IsNullOrEmpty(answer.NextPageToken) && query.Page < MaxPages;
        tokens.Set(key, query.Page + 1, hasMore ? answer.NextPageToken : null);

        var rows = (answer.Results ?? []).Where(r => !string.IsNullOrWhiteSpace(r?.Name)).Select(r => r!).ToList();
        var details = await DetailsAsync(rows, language, cancellationToken).ConfigureAwait(false);
        var places = rows.Select(r => ToPlace(r, details.GetValueOrDefault(r.PlaceId ?? ""))).ToList();
        if (places.Count < (answer.Results?.Count ?? 0))
        {
            ProviderLog.RowsSkipped(http.Logger, Provider, Operation, answer.Results!.Count - places.Count);
        }

        ProviderLog.SearchCompleted(http.Logger, Provider, Operation, places.Count, country.Code, query.Page);
        return new PlacesPage(places, Provider, hasMore);
    }

    private async Task<LegacyTextSearchResponse> TextSearchAsync(string text, string region, string language, string? pageToken, CancellationToken cancellationToken)
    {
        // With a page token, Google ignores every other parameter but the key.
        var query = pageToken is null
            ? QueryString.Of(("query", text), ("region", region), ("language", language), ("key", settings.ApiKey))
            : QueryString.Of(("pagetoken", pageToken), ("key", settings.ApiKey));
        using var request = Get("textsearch/json" + query);
        var reply = await http.SendAsync(request, Operation, cancellationToken).ConfigureAwait(false);
        return http.Parse(reply, PlacesLegacyJsonContext.Default.LegacyTextSearchResponse, Operation);
    }

    /// <summary>Place Details for up to <see cref="GooglePlacesOptions.LegacyDetailsPerPage"/> places, by place id.</summary>
    private async Task<Dictionary<string, LegacyPlace>> DetailsAsync(List<LegacyPlace> rows, string language, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, LegacyPlace>(StringComparer.Ordinal);
        var ids = rows.Select(r => r.PlaceId).OfType<string>().Where(id => id.Length > 0).Distinct(StringComparer.Ordinal).Take(settings.LegacyDetailsPerPage).ToList();
        if (ids.Count == 0)
        {
            return found;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var gate = new Lock();
        try
        {
            await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = settings.MaxConcurrent, CancellationToken = stop.Token }, async (id, token) =>
            {
                try
                {
                    var answer = await extraCalls.RunAsync(Provider, DetailsOperation, () => DetailsAsync(id, language, token), a => a.Result is null ? 0 : 1, token).ConfigureAwait(false);
                    if (answer.Status == "OK" && answer.Result is { } result)
                    {
                        lock (gate)
                        {
                            found[id] = result;
                        }
                    }
                }
                catch (ProviderException exception) when (!cancellationToken.IsCancellationRequested)
                {
                    // Out of credit, key refused, rate limited after retries, or spending blocked: the rest would fail too.
                    if (exception.Kind is ProviderErrorKind.OutOfCredit or ProviderErrorKind.Unauthorized or ProviderErrorKind.RateLimited or ProviderErrorKind.SpendingBlocked)
                    {
                        await stop.CancelAsync().ConfigureAwait(false);
                    }
                }
            }).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // A quota, credit or key failure stopped the remaining Details calls; keep what arrived.
        }

        lock (gate)
        {
            return new Dictionary<string, LegacyPlace>(found, StringComparer.Ordinal);
        }
    }

    private async Task<LegacyDetailsResponse> DetailsAsync(string placeId, string language, CancellationToken cancellationToken)
    {
        using var request = Get("details/json" + QueryString.Of(("place_id", placeId), ("fields", DetailsFields), ("language", language), ("key", settings.ApiKey)));
        var reply = await http.SendAsync(request, DetailsOperation, cancellationToken).ConfigureAwait(false);
        return http.Parse(reply, PlacesLegacyJsonContext.Default.LegacyDetailsResponse, DetailsOperation);
    }

    private static Place ToPlace(LegacyPlace row, LegacyPlace? details)
    {
        var types = row.Types ?? [];
        var components = details?.AddressComponents ?? row.AddressComponents;
        return new Place
        {
            Name = row.Name!.Trim(),
            Address = row.FormattedAddress,
            City = components?.FirstOrDefault(c => c?.Types?.Contains("locality") == true)?.LongName
                ?? components?.FirstOrDefault(c => c?.Types?.Contains("postal_town") == true)?.LongName,
            Phone = details?.InternationalPhoneNumber ?? details?.FormattedPhoneNumber ?? row.InternationalPhoneNumber ?? row.FormattedPhoneNumber,
            Website = details?.Website ?? row.Website,
            PlaceId = row.PlaceId,
            Latitude = row.Geometry?.Location?.Lat,
            Longitude = row.Geometry?.Location?.Lng,
            Rating = row.Rating,
            RatingCount = row.UserRatingsTotal,
            Category = GooglePlacesNewSearch.Humanize(types.FirstOrDefault(t => !GooglePlacesNewSearch.GenericTypes.Contains(t))),
            Types = types,
        };
    }

    private static HttpRequestMessage Get(string relative)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(relative, UriKind.Relative));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return request;
    }
}
