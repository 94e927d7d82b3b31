using System.Globalization;
using System.Text.Json.Nodes;
using Leadora.Sandbox.Hosting;
using Leadora.Sandbox.Providers.Google;
using Leadora.Sandbox.World;
using Microsoft.AspNetCore.Http;

namespace Leadora.Sandbox.Providers.GooglePlaces;

/// <summary>
/// The legacy Places web service under <c>/maps/api/place</c>: <c>GET textsearch/json?query&amp;region&amp;language&amp;key</c>
/// (20 a page, at most 60, <c>next_page_token</c>; with <c>pagetoken</c> every other parameter is ignored) and
/// <c>GET details/json?place_id&amp;fields&amp;key</c> (only the requested fields). Errors come as HTTP 200 with a
/// <c>status</c> (<c>OVER_QUERY_LIMIT</c>, <c>REQUEST_DENIED</c>, <c>INVALID_REQUEST</c>, <c>NOT_FOUND</c>) and an
/// <c>error_message</c>, as the real service answers. A key starting with <c>nolegacy</c> gets the answer new projects
/// get: the legacy API is not enabled.
/// </summary>
internal sealed class PlacesLegacyEmulator : ProviderEmulator
{
    /// <summary>Results per Text Search page.</summary>
    public const int PageSize = 20;

    /// <summary>Results a query can page through.</summary>
    public const int MaxResults = 60;

    /// <summary>What Details returns when <c>fields</c> is absent.</summary>
    private static readonly string[] AllDetailsFields =
    [
        "address_components", "business_status", "formatted_address", "formatted_phone_number", "geometry", "international_phone_number",
        "name", "place_id", "rating", "types", "url", "user_ratings_total", "website",
    ];

    private readonly SyntheticWorld _world;

    public PlacesLegacyEmulator(SyntheticWorld world) => _world = world;

    public override string Provider => SandboxProviders.PlacesLegacy;

    public override string BasePath => "maps/api/place/";

    public override IEnumerable<SandboxEndpoint> Endpoints =>
    [
        new("GET", "/maps/api/place/textsearch/json", TextSearch),
        new("GET", "/maps/api/place/details/json", Details),
    ];

    public override SandboxResponse? Authenticate(SandboxCall call)
    {
        var key = call.Query("key");
        if (string.IsNullOrWhiteSpace(key))
        {
            return Status("REQUEST_DENIED", "You must use an API key to authenticate each request to Google Maps Platform APIs. For additional information, please refer to http://g.co/dev/maps-no-account");
        }

        if (GoogleApi.IsInvalidKey(key))
        {
            return Status("REQUEST_DENIED", "The provided API key is invalid. ");
        }

        return key.StartsWith("nolegacy", StringComparison.OrdinalIgnoreCase)
            ? Status("REQUEST_DENIED", "You're calling a legacy API, which is not enabled for your project. To get newer features and more functionality, switch to the Places API (New) or Routes API. Learn more: https://developers.google.com/maps/legacy#LegacyApiNotActivatedMapError")
            : null;
    }

    public override SandboxResponse FaultResponse(SandboxFault fault, SandboxCall call) => fault.Kind switch
    {
        SandboxFaultKind.RateLimit => Status("OVER_QUERY_LIMIT", "You have exceeded your rate-limit for this API."),
        SandboxFaultKind.OutOfCredit => Status("OVER_QUERY_LIMIT", "You have exceeded your daily request quota for this API. If you did not set a custom daily request quota, verify your project has an active billing account: http://g.co/dev/maps-no-account"),
        SandboxFaultKind.ServiceUnavailable => Status("UNKNOWN_ERROR", "The service is temporarily unavailable.", StatusCodes.Status503ServiceUnavailable),
        SandboxFaultKind.Timeout => Status("UNKNOWN_ERROR", "Deadline exceeded.", StatusCodes.Status504GatewayTimeout),
        _ => Status("UNKNOWN_ERROR", "An internal error occurred.", StatusCodes.Status500InternalServerError),
    };

    private SandboxResponse TextSearch(SandboxCall call)
    {
        string query;
        string region;
        string language;
        var offset = 0;
        if (call.Query("pagetoken") is { Length: > 0 } token)
        {
            var state = GoogleApi.DecodeToken(token);
            if (state is null || SandboxJson.String(state, "q") is not { } q || SandboxJson.Number(state, "o") is not { } next)
            {
                return Status("INVALID_REQUEST", null);
            }

            (query, region, language, offset) = (q, SandboxJson.String(state, "r") ?? "", SandboxJson.String(state, "l") ?? "en", (int)next);
        }
        else
        {
            query = call.Query("query") ?? "";
            if (string.IsNullOrWhiteSpace(query))
            {
                return Status("INVALID_REQUEST", null);
            }

            region = (call.Query("region") ?? "").Trim();
            language = call.Query("language") ?? "en";
        }

        var ranked = _world.SearchPlaces(query, region.ToUpperInvariant(), null, 1, MaxResults);
        var page = offset >= MaxResults ? [] : ranked.Skip(offset).Take(PageSize).ToList();
        if (page.Count == 0)
        {
            return SandboxResponse.Json(StatusCodes.Status200OK, SandboxJson.Labelled(new JsonObject
            {
                ["html_attributions"] = new JsonArray(),
                ["results"] = new JsonArray(),
                ["status"] = "ZERO_RESULTS",
            }), indented: true);
        }

        var body = new JsonObject { ["html_attributions"] = new JsonArray() };
        var nextOffset = offset + page.Count;
        if (page.Count == PageSize && nextOffset < Math.Min(MaxResults, ranked.Count))
        {
            body["next_page_token"] = GoogleApi.EncodeToken(new JsonObject { ["q"] = query, ["r"] = region, ["l"] = language, ["o"] = nextOffset });
        }

        body["results"] = new JsonArray(page.Select(b => (JsonNode?)SearchRow(b)).ToArray());
        body["status"] = "OK";
        return SandboxResponse.Json(StatusCodes.Status200OK, SandboxJson.Labelled(body), indented: true);
    }

    private SandboxResponse Details(SandboxCall call)
    {
        var placeId = call.Query("place_id");
        if (string.IsNullOrWhiteSpace(placeId))
        {
            return Status("INVALID_REQUEST", null);
        }

        if (_world.FindByPlaceId(placeId) is not { } business)
        {
            return SandboxResponse.Json(StatusCodes.Status200OK, SandboxJson.Labelled(new JsonObject { ["html_attributions"] = new JsonArray(), ["status"] = "NOT_FOUND" }), indented: true);
        }

        var requested = call.Query("fields") is { Length: > 0 } fields
            ? fields.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : AllDetailsFields;
        var unknown = requested.FirstOrDefault(f => !AllDetailsFields.Contains(f) && f is not ("address_component" or "adr_address"));
        if (unknown is not null)
        {
            return Status("INVALID_REQUEST", $"Error while parsing 'fields' parameter: Unsupported field name '{unknown}'. ");
        }

        var result = new JsonObject();
        foreach (var field in AllDetailsFields.Where(f => requested.Contains(f) || (f == "address_components" && requested.Contains("address_component"))))
        {
            JsonNode? value = field switch
            {
                "address_components" => new JsonArray(
                    new JsonObject { ["long_name"] = business.City, ["short_name"] = business.City, ["types"] = new JsonArray("locality", "political") },
                    new JsonObject { ["long_name"] = Geography.For(business.CountryCode).Name, ["short_name"] = business.CountryCode, ["types"] = new JsonArray("country", "political") }),
                "business_status" => "OPERATIONAL",
                "formatted_address" => business.Address,
                "formatted_phone_number" => business.PhoneNational,
                "geometry" => Geometry(business),
                "international_phone_number" => business.PhoneInternational,
                "name" => business.MapsTitle,
                "place_id" => business.PlaceId,
                "rating" => business.Rating is { } rating ? JsonValue.Create(rating) : null,
                "types" => GoogleApi.PlaceTypes(business),
                "url" => GoogleApi.MapsUri(business),
                "user_ratings_total" => business.RatingCount is { } count ? JsonValue.Create(count) : null,
                "website" => business.Website is { } website ? JsonValue.Create(website) : null,
                _ => null,
            };
            if (value is not null)
            {
                result[field] = value;
            }
        }

        return SandboxResponse.Json(StatusCodes.Status200OK, SandboxJson.Labelled(new JsonObject
        {
            ["html_attributions"] = new JsonArray(),
            ["result"] = result,
            ["status"] = "OK",
        }), indented: true);
    }

    private static JsonObject SearchRow(SyntheticBusiness business)
    {
        var row = new JsonObject
        {
            ["business_status"] = "OPERATIONAL",
            ["formatted_address"] = business.Address,
            ["geometry"] = Geometry(business),
            ["icon"] = "https://maps.gstatic.com/mapfiles/place_api/icons/v1/png_71/generic_business-71.png",
            ["name"] = business.MapsTitle,
            ["place_id"] = business.PlaceId,
        };
        if (business.Rating is { } rating)
        {
            row["rating"] = rating;
        }

        row["reference"] = business.PlaceId;
        row["types"] = GoogleApi.PlaceTypes(business);
        if (business.RatingCount is { } count)
        {
            row["user_ratings_total"] = count;
        }

        return row;
    }

    private static JsonObject Geometry(SyntheticBusiness business) => new()
    {
        ["location"] = new JsonObject { ["lat"] = business.Latitude, ["lng"] = business.Longitude },
        ["viewport"] = new JsonObject
        {
            ["northeast"] = new JsonObject { ["lat"] = Math.Round(business.Latitude + 0.0013, 7), ["lng"] = Math.Round(business.Longitude + 0.0013, 7) },
            ["southwest"] = new JsonObject { ["lat"] = Math.Round(business.Latitude - 0.0013, 7), ["lng"] = Math.Round(business.Longitude - 0.0013, 7) },
        },
    };

    /// <summary>The legacy envelope for a non-OK status: HTTP 200 unless <paramref name="httpStatus"/> says otherwise.</summary>
    private static SandboxResponse Status(string status, string? message, int httpStatus = StatusCodes.Status200OK)
    {
        var body = new JsonObject();
        if (message is not null)
        {
            body["error_message"] = message;
        }

        body["html_attributions"] = new JsonArray();
        body["results"] = new JsonArray();
        body["status"] = status;
        return SandboxResponse.Json(httpStatus, SandboxJson.Labelled(body), indented: true);
    }
}
