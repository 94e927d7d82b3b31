using System.Collections.Frozen;
using System.Text.Json.Nodes;
using Leadora.Sandbox.Hosting;
using Leadora.Sandbox.Providers.Google;
using Leadora.Sandbox.World;
using Microsoft.AspNetCore.Http;

namespace Leadora.Sandbox.Providers.GooglePlaces;

/// <summary>
/// Google Places API (New) under <c>/places/v1</c>: <c>POST places:searchText</c> with <c>X-Goog-Api-Key</c> and the
/// required <c>X-Goog-FieldMask</c> (missing → Google's 400; an unknown path → 400). Body <c>textQuery</c>,
/// <c>regionCode</c>, <c>languageCode</c>, <c>pageSize</c> (1–20, default 20), <c>pageToken</c>. Only masked fields come
/// back (<c>nextPageToken</c> too); at most 60 results over 3 pages. The same businesses as Serper: place ids and CIDs
/// (in <c>googleMapsUri</c>) agree with <c>/serper/maps</c>.
/// </summary>
internal sealed class PlacesNewEmulator : ProviderEmulator
{
    /// <summary>Results a query can page through.</summary>
    public const int MaxResults = 60;

    /// <summary>Largest and default page size.</summary>
    public const int MaxPageSize = 20;

    private const string Service = "places.googleapis.com";

    private static readonly FrozenSet<string> PlaceFields = new[]
    {
        "name", "id", "displayName", "types", "primaryType", "primaryTypeDisplayName", "formattedAddress", "shortFormattedAddress",
        "addressComponents", "location", "rating", "userRatingCount", "nationalPhoneNumber", "internationalPhoneNumber",
        "websiteUri", "googleMapsUri", "businessStatus",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>
    /// The rest of the documented Place fields. A mask may name them (real clients ask for photos, opening hours…); the
    /// sandbox accepts them and, having no such data, leaves them out, as Google does for a place without them.
    /// </summary>
    private static readonly FrozenSet<string> UnrenderedPlaceFields = new[]
    {
        "accessibilityOptions", "addressDescriptor", "adrFormatAddress", "allowsDogs", "attributions", "containingPlaces", "curbsidePickup",
        "currentOpeningHours", "currentSecondaryOpeningHours", "delivery", "dineIn", "editorialSummary", "evChargeAmenitySummary", "evChargeOptions",
        "fuelOptions", "generativeSummary", "goodForChildren", "goodForGroups", "goodForWatchingSports", "googleMapsLinks", "iconBackgroundColor",
        "iconMaskBaseUri", "liveMusic", "menuForChildren", "neighborhoodSummary", "outdoorSeating", "parkingOptions", "paymentOptions", "photos",
        "plusCode", "postalAddress", "priceLevel", "priceRange", "pureServiceAreaBusiness", "regularOpeningHours", "regularSecondaryOpeningHours",
        "reservable", "restroom", "reviews", "reviewSummary", "servesBeer", "servesBreakfast", "servesBrunch", "servesCocktails", "servesCoffee",
        "servesDessert", "servesDinner", "servesLunch", "servesVegetarianFood", "servesWine", "subDestinations", "takeout", "timeZone",
        "utcOffsetMinutes", "viewport",
    }.ToFrozenSet(StringComparer.Ordinal);

    private readonly SyntheticWorld _world;

    public PlacesNewEmulator(SyntheticWorld world) => _world = world;

    public override string Provider => SandboxProviders.Places;

    public override string BasePath => "places/v1/";

    public override IEnumerable<SandboxEndpoint> Endpoints =>
    [
        new("POST", "/places/v1/places:searchText", SearchText),
    ];

    public override SandboxResponse? Authenticate(SandboxCall call)
    {
        var key = call.Header("X-Goog-Api-Key") ?? call.Query("key");
        if (string.IsNullOrWhiteSpace(key))
        {
            return GoogleApi.Error(StatusCodes.Status403Forbidden, "PERMISSION_DENIED", "The request is missing a valid API key.", new JsonArray(GoogleApi.ErrorInfo("API_KEY_INVALID", Service)));
        }

        return GoogleApi.IsInvalidKey(key)
            ? GoogleApi.Error(StatusCodes.Status400BadRequest, "INVALID_ARGUMENT", GoogleApi.InvalidKey, new JsonArray(GoogleApi.ErrorInfo("API_KEY_INVALID", Service)))
            : null;
    }

    public override SandboxResponse FaultResponse(SandboxFault fault, SandboxCall call) => fault.Kind switch
    {
        SandboxFaultKind.RateLimit => GoogleApi.Error(StatusCodes.Status429TooManyRequests, "RESOURCE_EXHAUSTED",
            $"Quota exceeded for quota metric 'SearchTextRequest' and limit 'SearchTextRequest per minute' of service '{Service}' for consumer 'project_number:{GoogleApi.ProjectNumber}'.",
            new JsonArray(GoogleApi.ErrorInfo("RATE_LIMIT_EXCEEDED", Service,
                ("quota_location", "global"), ("quota_metric", "places.googleapis.com/search_text_request"), ("quota_limit", "SearchTextRequestPerMinutePerProject"), ("quota_limit_value", "600"), ("consumer", "projects/" + GoogleApi.ProjectNumber)))),
        SandboxFaultKind.OutOfCredit => GoogleApi.Error(StatusCodes.Status403Forbidden, "PERMISSION_DENIED",
            $"This API method requires billing to be enabled. Please enable billing on project #{GoogleApi.ProjectNumber} by visiting https://console.developers.google.com/billing/enable?project={GoogleApi.ProjectNumber} then retry. If you enabled billing for this project recently, wait a few minutes for the action to propagate to our systems and retry.",
            new JsonArray(GoogleApi.ErrorInfo("BILLING_DISABLED", Service, ("consumer", "projects/" + GoogleApi.ProjectNumber)))),
        SandboxFaultKind.ServiceUnavailable => GoogleApi.Error(StatusCodes.Status503ServiceUnavailable, "UNAVAILABLE", "The service is currently unavailable."),
        SandboxFaultKind.Timeout => GoogleApi.Error(StatusCodes.Status504GatewayTimeout, "DEADLINE_EXCEEDED", "Deadline expired before operation could complete."),
        _ => GoogleApi.Error(StatusCodes.Status500InternalServerError, "INTERNAL", "Internal error encountered."),
    };

    private SandboxResponse SearchText(SandboxCall call)
    {
        var mask = call.Header("X-Goog-FieldMask") ?? call.Query("fields") ?? call.Query("$fields");
        if (string.IsNullOrWhiteSpace(mask))
        {
            return GoogleApi.Error(StatusCodes.Status400BadRequest, "INVALID_ARGUMENT",
                "FieldMask is a required parameter. See https://cloud.google.com/apis/docs/system-parameters on how to provide it. As an example, you can set the header 'X-Goog-FieldMask' to value 'places.displayName', 'places.id' to ask for the display name and the place id of a place. You can also set the value to '*' in manual testing to get all the available response fields.");
        }

        var paths = mask.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var all = paths.Contains("*") || paths.Contains("places");
        var fields = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in paths.Where(p => p is not ("*" or "places" or "nextPageToken")))
        {
            var field = path.StartsWith("places.", StringComparison.Ordinal) ? path["places.".Length..].Split('.')[0] : null;
            if (field is not null && UnrenderedPlaceFields.Contains(field))
            {
                continue;
            }

            if (field is null || !PlaceFields.Contains(field))
            {
                return GoogleApi.Error(StatusCodes.Status400BadRequest, "INVALID_ARGUMENT", $"Error expanding 'fields' parameter. Cannot find matching fields for path '{path}'.");
            }

            fields.Add(field);
        }

        if (call.Json is not JsonObject request)
        {
            return GoogleApi.Error(StatusCodes.Status400BadRequest, "INVALID_ARGUMENT", "Invalid JSON payload received. Unexpected token.");
        }

        var text = SandboxJson.String(request, "textQuery");
        if (string.IsNullOrWhiteSpace(text))
        {
            return GoogleApi.Error(StatusCodes.Status400BadRequest, "INVALID_ARGUMENT", "Empty text_query.");
        }

        var region = (SandboxJson.String(request, "regionCode") ?? "").Trim().ToUpperInvariant();
        var language = SandboxJson.String(request, "languageCode") ?? "en";
        var pageSize = (int?)(SandboxJson.Number(request, "pageSize") ?? SandboxJson.Number(request, "maxResultCount")) ?? MaxPageSize;
        if (pageSize < 1)
        {
            pageSize = MaxPageSize;
        }

        pageSize = Math.Min(pageSize, MaxPageSize);
        var offset = 0;
        var signature = TextUtil.Fold(text) + "|" + region + "|" + language + "|" + pageSize.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (SandboxJson.String(request, "pageToken") is { Length: > 0 } token)
        {
            var state = GoogleApi.DecodeToken(token);
            if (state is null || SandboxJson.String(state, "s") != signature || SandboxJson.Number(state, "o") is not { } next)
            {
                return GoogleApi.Error(StatusCodes.Status400BadRequest, "INVALID_ARGUMENT", "The provided page_token is invalid, or the request parameters do not match the request that returned it.");
            }

            offset = (int)next;
        }

        var businesses = offset >= MaxResults ? [] : _world.SearchPlaces(text, region, null, 1, MaxResults).Skip(offset).Take(Math.Min(pageSize, MaxResults - offset)).ToList();
        var places = new JsonArray();
        foreach (var business in businesses)
        {
            places.Add(Render(business, language, all, fields));
        }

        var body = new JsonObject();
        if (places.Count > 0)
        {
            body["places"] = places;
        }

        var nextOffset = offset + businesses.Count;
        var total = Math.Min(MaxResults, _world.SearchPlaces(text, region, null, 1, MaxResults).Count);
        if ((all || paths.Contains("nextPageToken")) && businesses.Count == pageSize && nextOffset < total)
        {
            body["nextPageToken"] = GoogleApi.EncodeToken(new JsonObject { ["s"] = signature, ["o"] = nextOffset });
        }

        return SandboxResponse.Json(StatusCodes.Status200OK, SandboxJson.Labelled(body), indented: true);
    }

    private static JsonObject Render(SyntheticBusiness business, string language, bool all, HashSet<string> fields)
    {
        var place = new JsonObject();
        void Add(string field, Func<JsonNode?> value)
        {
            if ((all || fields.Contains(field)) && value() is { } node)
            {
                place[field] = node;
            }
        }

        var category = business.Category;
        Add("name", () => "places/" + business.PlaceId);
        Add("id", () => business.PlaceId);
        Add("types", () => GoogleApi.PlaceTypes(business));
        Add("nationalPhoneNumber", () => business.PhoneNational);
        Add("internationalPhoneNumber", () => business.PhoneInternational);
        Add("formattedAddress", () => business.Address);
        Add("addressComponents", () => new JsonArray(
            new JsonObject { ["longText"] = business.City, ["shortText"] = business.City, ["types"] = new JsonArray("locality", "political"), ["languageCode"] = language },
            new JsonObject { ["longText"] = Geography.For(business.CountryCode).Name, ["shortText"] = business.CountryCode, ["types"] = new JsonArray("country", "political"), ["languageCode"] = language }));
        Add("location", () => new JsonObject { ["latitude"] = business.Latitude, ["longitude"] = business.Longitude });
        Add("rating", () => business.Rating is { } rating ? JsonValue.Create(rating) : null);
        Add("googleMapsUri", () => GoogleApi.MapsUri(business));
        Add("websiteUri", () => business.Website is { } website ? JsonValue.Create(website) : null);
        Add("userRatingCount", () => business.RatingCount is { } count ? JsonValue.Create(count) : null);
        Add("businessStatus", () => "OPERATIONAL");
        Add("displayName", () => new JsonObject { ["text"] = business.MapsTitle, ["languageCode"] = language });
        Add("primaryTypeDisplayName", () => new JsonObject { ["text"] = category, ["languageCode"] = language });
        Add("primaryType", () => GoogleApi.TypeId(category));
        Add("shortFormattedAddress", () => business.ShortAddress);
        return place;
    }
}
