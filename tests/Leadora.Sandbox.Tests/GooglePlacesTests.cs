using System.Net;
using System.Text.Json.Nodes;

namespace Leadora.Sandbox.Tests;

/// <summary>The Places API (New) and legacy Places emulators, and their agreement with Serper.</summary>
public sealed class GooglePlacesTests(SandboxTestHost host) : IClassFixture<SandboxTestHost>
{
    private const string Query = "water treatment in Saudi Arabia";
    private const string FullMask = "places.id,places.displayName,places.formattedAddress,places.addressComponents,places.location,places.rating,places.userRatingCount,places.types,places.primaryType,places.primaryTypeDisplayName,places.nationalPhoneNumber,places.internationalPhoneNumber,places.websiteUri,places.googleMapsUri,nextPageToken";

    private static JsonObject SearchText(string? pageToken = null, int? pageSize = null)
    {
        var body = new JsonObject { ["textQuery"] = Query, ["regionCode"] = "sa", ["languageCode"] = "en" };
        if (pageSize is { } size)
        {
            body["pageSize"] = size;
        }

        if (pageToken is not null)
        {
            body["pageToken"] = pageToken;
        }

        return body;
    }

    [Fact]
    public async Task Field_mask_is_required()
    {
        using var response = await host.PlacesNewAsync(SearchText(), fieldMask: null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await SandboxTestHost.JsonAsync(response))["error"]!;
        Assert.Equal("INVALID_ARGUMENT", error["status"]!.GetValue<string>());
        Assert.StartsWith("FieldMask is a required parameter", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_masked_fields_come_back()
    {
        using var response = await host.PlacesNewAsync(SearchText(), "places.id,places.displayName");

        var body = await SandboxTestHost.JsonAsync(response);
        Assert.Null(body["nextPageToken"]); // not in the mask
        Assert.All(body["places"]!.AsArray(), p => Assert.Equal(["displayName", "id"], p!.AsObject().Select(x => x.Key).Order()));
    }

    [Fact]
    public async Task Unknown_mask_paths_are_refused()
    {
        using var response = await host.PlacesNewAsync(SearchText(), "places.id,places.favouriteColour");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("places.favouriteColour", (await SandboxTestHost.JsonAsync(response))["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_of_twenty_until_sixty_results_or_the_pool_ends()
    {
        var ids = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            using var response = await host.PlacesNewAsync(SearchText(token), FullMask);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = await SandboxTestHost.JsonAsync(response);
            var places = body["places"]!.AsArray();
            Assert.InRange(places.Count, 1, 20);
            ids.AddRange(places.Select(p => p!["id"]!.GetValue<string>()));
            token = body["nextPageToken"]?.GetValue<string>();
            pages++;
        }
        while (token is not null);

        Assert.InRange(pages, 2, 3);
        Assert.InRange(ids.Count, 21, 60);
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public async Task A_page_token_only_works_with_the_same_request()
    {
        using var first = await host.PlacesNewAsync(SearchText(), FullMask);
        var token = (await SandboxTestHost.JsonAsync(first))["nextPageToken"]!.GetValue<string>();
        var other = SearchText(token);
        other["textQuery"] = "refinery in Saudi Arabia";

        using var mismatched = await host.PlacesNewAsync(other, FullMask);

        Assert.Equal(HttpStatusCode.BadRequest, mismatched.StatusCode);
    }

    [Fact]
    public async Task Full_rows_carry_phone_website_city_and_a_maps_link_with_the_cid()
    {
        using var response = await host.PlacesNewAsync(SearchText(), FullMask);

        var place = (await SandboxTestHost.JsonAsync(response))["places"]![0]!;
        Assert.StartsWith("ChIJ", place["id"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.StartsWith("+966", place["internationalPhoneNumber"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Matches(@"^https://maps\.google\.com/\?cid=\d+$", place["googleMapsUri"]!.GetValue<string>());
        Assert.Contains(place["addressComponents"]!.AsArray(), c => c!["types"]!.AsArray().Any(t => t!.GetValue<string>() == "locality"));
        Assert.Contains("establishment", place["types"]!.AsArray().Select(t => t!.GetValue<string>()));
    }

    [Fact]
    public async Task Places_new_and_serper_maps_agree_on_place_ids_and_cids()
    {
        using var google = await host.PlacesNewAsync(SearchText(), FullMask);
        var maps = await host.SerperJsonAsync("maps", SandboxTestHost.Places(Query, "sa"));

        var fromGoogle = (await SandboxTestHost.JsonAsync(google))["places"]!.AsArray()
            .ToDictionary(p => p!["id"]!.GetValue<string>(), p => p!["googleMapsUri"]!.GetValue<string>());
        var fromSerper = maps["places"]!.AsArray().ToDictionary(p => p!["placeId"]!.GetValue<string>(), p => p!["cid"]!.GetValue<string>());
        Assert.Equal(fromSerper.Keys.Order(), fromGoogle.Keys.Order());
        Assert.All(fromSerper, pair => Assert.EndsWith("cid=" + pair.Value, fromGoogle[pair.Key], StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(SandboxFaultKind.RateLimit, 429, "RESOURCE_EXHAUSTED", "RATE_LIMIT_EXCEEDED")]
    [InlineData(SandboxFaultKind.OutOfCredit, 403, "PERMISSION_DENIED", "BILLING_DISABLED")]
    [InlineData(SandboxFaultKind.InternalServerError, 500, "INTERNAL", null)]
    [InlineData(SandboxFaultKind.ServiceUnavailable, 503, "UNAVAILABLE", null)]
    public async Task Places_new_faults_use_google_error_bodies(SandboxFaultKind kind, int status, string rpcStatus, string? reason)
    {
        host.Server.Faults.Enqueue(SandboxProviders.Places, new SandboxFault(kind));

        using var response = await host.PlacesNewAsync(SearchText(), FullMask);

        Assert.Equal(status, (int)response.StatusCode);
        var error = (await SandboxTestHost.JsonAsync(response))["error"]!;
        Assert.Equal(rpcStatus, error["status"]!.GetValue<string>());
        Assert.Equal(reason, error["details"]?[0]?["reason"]?.GetValue<string>());
    }

    [Fact]
    public async Task Legacy_text_search_pages_by_token_and_details_add_phone_and_website()
    {
        var search = await LegacyJsonAsync($"maps/api/place/textsearch/json?query={Uri.EscapeDataString(Query)}&region=sa&language=en&key=k");
        Assert.Equal("OK", search["status"]!.GetValue<string>());
        var results = search["results"]!.AsArray();
        Assert.Equal(20, results.Count);
        Assert.All(results, r =>
        {
            Assert.Null(r!["formatted_phone_number"]);
            Assert.Null(r["website"]);
            Assert.NotNull(r["geometry"]!["location"]!["lat"]);
        });

        var next = await LegacyJsonAsync($"maps/api/place/textsearch/json?pagetoken={Uri.EscapeDataString(search["next_page_token"]!.GetValue<string>())}&key=k");
        Assert.Equal("OK", next["status"]!.GetValue<string>());
        Assert.Empty(next["results"]!.AsArray().Select(r => r!["place_id"]!.GetValue<string>()).Intersect(results.Select(r => r!["place_id"]!.GetValue<string>())));

        var placeId = results[0]!["place_id"]!.GetValue<string>();
        var details = await LegacyJsonAsync($"maps/api/place/details/json?place_id={placeId}&fields=place_id,formatted_phone_number,international_phone_number,website&key=k");
        Assert.Equal("OK", details["status"]!.GetValue<string>());
        var result = details["result"]!.AsObject();
        Assert.Subset(new HashSet<string> { "place_id", "formatted_phone_number", "international_phone_number", "website" }, result.Select(x => x.Key).ToHashSet());
        Assert.Equal(placeId, result["place_id"]!.GetValue<string>());
        Assert.NotNull(result["international_phone_number"]);
    }

    [Fact]
    public async Task Legacy_ids_agree_with_places_new()
    {
        var legacy = await LegacyJsonAsync($"maps/api/place/textsearch/json?query={Uri.EscapeDataString(Query)}&region=sa&key=k");
        using var google = await host.PlacesNewAsync(SearchText(), FullMask);

        Assert.Equal(
            (await SandboxTestHost.JsonAsync(google))["places"]!.AsArray().Select(p => p!["id"]!.GetValue<string>()),
            legacy["results"]!.AsArray().Select(r => r!["place_id"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData(null, "REQUEST_DENIED", "You must use an API key")]
    [InlineData("invalid-key", "REQUEST_DENIED", "The provided API key is invalid.")]
    [InlineData("nolegacy-key", "REQUEST_DENIED", "You're calling a legacy API, which is not enabled for your project.")]
    public async Task Legacy_key_problems_come_as_http_200_with_a_status(string? key, string status, string message)
    {
        using var response = await host.GetAsync($"maps/api/place/textsearch/json?query=refinery&region=sa{(key is null ? "" : "&key=" + key)}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await SandboxTestHost.JsonAsync(response);
        Assert.Equal(status, body["status"]!.GetValue<string>());
        Assert.StartsWith(message, body["error_message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SandboxFaultKind.RateLimit, 200, "OVER_QUERY_LIMIT", "rate-limit")]
    [InlineData(SandboxFaultKind.OutOfCredit, 200, "OVER_QUERY_LIMIT", "daily request quota")]
    [InlineData(SandboxFaultKind.InternalServerError, 500, "UNKNOWN_ERROR", null)]
    public async Task Legacy_faults_use_the_status_envelope(SandboxFaultKind kind, int httpStatus, string status, string? words)
    {
        host.Server.Faults.Enqueue(SandboxProviders.PlacesLegacy, new SandboxFault(kind));

        using var response = await host.GetAsync("maps/api/place/textsearch/json?query=refinery&region=sa&key=k");

        Assert.Equal(httpStatus, (int)response.StatusCode);
        var body = await SandboxTestHost.JsonAsync(response);
        Assert.Equal(status, body["status"]!.GetValue<string>());
        if (words is not null)
        {
            Assert.Contains(words, body["error_message"]!.GetValue<string>(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Legacy_details_of_an_unknown_place_is_not_found_and_zero_results_is_a_status()
    {
        var details = await LegacyJsonAsync("maps/api/place/details/json?place_id=ChIJnothing&key=k");
        var empty = await LegacyJsonAsync("maps/api/place/textsearch/json?query=nothingfound&region=sa&key=k");

        Assert.Equal("NOT_FOUND", details["status"]!.GetValue<string>());
        Assert.Equal("ZERO_RESULTS", empty["status"]!.GetValue<string>());
        Assert.Empty(empty["results"]!.AsArray());
    }

    private async Task<JsonObject> LegacyJsonAsync(string pathAndQuery)
    {
        using var response = await host.GetAsync(pathAndQuery);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await SandboxTestHost.JsonAsync(response);
    }
}
