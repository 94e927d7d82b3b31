using Leadora.Ports;
using Leadora.Providers.Tests.Infrastructure;

namespace Leadora.Providers.Tests.GooglePlaces;

/// <summary>The Google Places adapters over real HTTP against a scripted server replaying real captured responses.</summary>
public sealed class GooglePlacesCaptureTests : IAsyncLifetime
{
    private ScriptedServer server = null!;

    public async Task InitializeAsync() => server = await ScriptedServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    [EvalFact]
    public async Task Places_new_full_rows_are_mapped()
    {
        server.Respond(ScriptedResponse.Json(EvalData.Read("google_places_new/searchText_multiple_results_bulldog.json")));
        await using var harness = Harness.ForGooglePlaces(server.BaseAddress);

        var page = await harness.Places.SearchAsync(new PlacesQuery("Bulldog mpls", "US"));

        Assert.Equal(("google_places", false, 2), (page.Provider, page.HasMore, page.Places.Count));
        var uptown = page.Places[0];
        Assert.Equal("The Bulldog Uptown", uptown.Name);
        Assert.Equal("ChIJObThls0ys1IRoITXyZDymBM", uptown.PlaceId);
        Assert.Equal("1412145186856207520", uptown.Cid);
        Assert.Equal("(612) 872-8893", uptown.Phone);
        Assert.Equal("http://thebulldoguptown.com/", uptown.Website);
        Assert.Equal("2549 Lyndale Ave S, Minneapolis", uptown.Address); // only the short address was masked in
        Assert.Equal((44.9559091, -93.28772459999999), (uptown.Latitude!.Value, uptown.Longitude!.Value));
        Assert.Equal("Bar and grill", uptown.Category);
        Assert.Contains("pub", uptown.Types);

        var request = Assert.Single(server.Requests);
        Assert.Equal(("POST", "/v1/places:searchText"), (request.Method, request.Path));
        Assert.Equal(Harness.GooglePlacesKey, request.Header("X-Goog-Api-Key"));
        Assert.Equal(GooglePlacesNewSearch.FieldMask, request.Header("X-Goog-FieldMask"));
        Assert.Equal(("Bulldog mpls in United States", "us", 20), (request.Json.GetProperty("textQuery").GetString(), request.Json.GetProperty("regionCode").GetString(), request.Json.GetProperty("pageSize").GetInt32()));
    }

    [EvalFact]
    public async Task Places_new_sparse_row_keeps_missing_fields_empty()
    {
        server.Respond(ScriptedResponse.Json(EvalData.Read("google_places_new/searchText_single_result_bang_brewing.json")));
        await using var harness = Harness.ForGooglePlaces(server.BaseAddress);

        var place = Assert.Single((await harness.Places.SearchAsync(new PlacesQuery("Bang Brewing Mpls", "US"))).Places);

        Assert.Equal("Bang Brewing Company", place.Name);
        Assert.Null(place.Phone); // nationalPhoneNumber was in the mask but absent
        Assert.Null(place.Rating);
        Assert.Null(place.City);
        Assert.Equal("Food", place.Category);
        Assert.Equal("15469153993013642445", place.Cid);
    }

    [Fact]
    public async Task Places_new_empty_answer_is_an_empty_last_page()
    {
        server.Respond(ScriptedResponse.Json("{}"));
        await using var harness = Harness.ForGooglePlaces(server.BaseAddress);

        var page = await harness.Places.SearchAsync(new PlacesQuery("nothing", "SA"));

        Assert.Equal((0, false), (page.Places.Count, page.HasMore));
    }

    [Theory]
    [InlineData(429, """{"error":{"code":429,"message":"Quota exceeded for quota metric 'SearchTextRequest' and limit 'SearchTextRequest per minute per user'.","status":"RESOURCE_EXHAUSTED"}}""", ProviderErrorKind.RateLimited)]
    [InlineData(429, """{"error":{"code":429,"message":"Quota exceeded for quota metric 'SearchTextRequest' and limit 'SearchTextRequest per day'.","status":"RESOURCE_EXHAUSTED"}}""", ProviderErrorKind.OutOfCredit)]
    [InlineData(403, """{"error":{"code":403,"message":"This API method requires billing to be enabled.","status":"PERMISSION_DENIED","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"BILLING_DISABLED","domain":"googleapis.com"}]}}""", ProviderErrorKind.OutOfCredit)]
    [InlineData(403, """{"error":{"code":403,"message":"Places API (New) has not been used in project 1 before or it is disabled.","status":"PERMISSION_DENIED","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"SERVICE_DISABLED","domain":"googleapis.com"}]}}""", ProviderErrorKind.Unauthorized)]
    [InlineData(400, """{"error":{"code":400,"message":"FieldMask is a required parameter.","status":"INVALID_ARGUMENT"}}""", ProviderErrorKind.Rejected)]
    [InlineData(400, """{"error":{"code":400,"message":"API key not valid. Please pass a valid API key.","status":"INVALID_ARGUMENT"}}""", ProviderErrorKind.Unauthorized)]
    [InlineData(500, """{"error":{"code":500,"message":"Internal error encountered.","status":"INTERNAL"}}""", ProviderErrorKind.Transient)]
    public async Task Places_new_error_bodies_map_to_error_kinds(int status, string body, ProviderErrorKind kind)
    {
        server.Respond(new ScriptedResponse(status, body));
        await using var harness = Harness.ForGooglePlaces(server.BaseAddress);

        var error = await Assert.ThrowsAsync<ProviderException>(() => harness.Places.SearchAsync(new PlacesQuery("x", "SA")));

        Assert.Equal((kind, status), (error.Kind, error.StatusCode));
    }

    [EvalFact]
    public async Task Legacy_text_search_page_with_next_token_then_details_per_result()
    {
        var details = EvalData.Read("google_places_legacy/details_google_sydney.json");
        server.Respond(request => request.Path.EndsWith("/textsearch/json", StringComparison.Ordinal)
            ? ScriptedResponse.Json(EvalData.Read("google_places_legacy/textsearch_pizza_in_new_york_20_results_next_page_token.json"))
            : ScriptedResponse.Json(details));
        await using var harness = Harness.ForGooglePlaces(server.BaseAddress, legacy: true, configure: o => o.LegacyDetailsPerPage = 2);

        var page = await harness.Places.SearchAsync(new PlacesQuery("pizza", "US"));

        Assert.Equal(("google_places_legacy", true, 20), (page.Provider, page.HasMore, page.Places.Count));
        Assert.Equal(("Joe's Pizza", "ChIJ8Q2WSpJZwokRQz-bYYgEskM", "7 Carmine St, New York, NY 10014, United States"), (page.Places[0].Name, page.Places[0].PlaceId, page.Places[0].Address));
        Assert.Equal(3, server.Requests.Count); // text search + the two Details calls asked for
        Assert.Equal(2, page.Places.Count(p => p.Phone is not null));
        var enriched = page.Places.First(p => p.Phone is not null);
        Assert.Equal(("+61 2 9374 4000", "http://google.com/", "Pyrmont"), (enriched.Phone, enriched.Website, enriched.City));
        Assert.Equal("Meal delivery", page.Places[0].Category);
        Assert.Equal(("/maps/api/place/textsearch/json", "pizza in United States", "us", "en", Harness.GooglePlacesKey), (server.Requests[0].Path, server.Requests[0].Query("query"), server.Requests[0].Query("region"), server.Requests[0].Query("language"), server.Requests[0].Query("key")));
        Assert.All(server.Requests.Skip(1), r => Assert.Equal(("/maps/api/place/details/json", GooglePlacesLegacySearch.DetailsFields), (r.Path, r.Query("fields"))));
    }

    [EvalFact]
    public async Task Legacy_single_result_without_token_is_the_last_page()
    {
        server.Respond(request => request.Path.EndsWith("/textsearch/json", StringComparison.Ordinal)
            ? ScriptedResponse.Json(EvalData.Read("google_places_legacy/textsearch_google_sydney_single_result.json"))
            : ScriptedResponse.Json(EvalData.Read("google_places_legacy/details_permanently_closed_minimal.json")));
        await using var harness = Harness.ForGooglePlaces(server.BaseAddress, legacy: true);

        var page = await harness.Places.SearchAsync(new PlacesQuery("Google Sydney", "AU"));

        var place = Assert.Single(page.Places);
        Assert.False(page.HasMore);
        Assert.Equal(("Google", 4.4, null), (place.Name, place.Rating!.Value, place.Phone));
    }

    [EvalTheory]
    [InlineData("google_places_legacy/error_over_query_limit_autocomplete.json", ProviderErrorKind.OutOfCredit)]
    [InlineData("google_places_legacy/error_over_query_limit_fixture.json", ProviderErrorKind.RateLimited)]
    [InlineData("google_places_legacy/error_request_denied_nearbysearch.json", ProviderErrorKind.Unauthorized)]
    [InlineData("google_places_legacy/error_request_denied_billing_not_enabled_geocode_endpoint.json", ProviderErrorKind.OutOfCredit)]
    public async Task Legacy_errors_in_http_200_map_to_error_kinds(string capture, ProviderErrorKind kind)
    {
        server.Respond(ScriptedResponse.Json(EvalData.Read(capture)));
        await using var harness = Harness.ForGooglePlaces(server.BaseAddress, legacy: true);

        var error = await Assert.ThrowsAsync<ProviderException>(() => harness.Places.SearchAsync(new PlacesQuery("x", "US")));

        Assert.Equal((kind, 200, "google_places_legacy", "places"), (error.Kind, error.StatusCode, error.Provider, error.Operation));
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Legacy_zero_results_is_an_empty_page()
    {
        server.Respond(ScriptedResponse.Json("""{"html_attributions":[],"results":[],"status":"ZERO_RESULTS"}"""));
        await using var harness = Harness.ForGooglePlaces(server.BaseAddress, legacy: true);

        var page = await harness.Places.SearchAsync(new PlacesQuery("nothing", "US"));

        Assert.Equal((0, false), (page.Places.Count, page.HasMore));
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Legacy_details_out_of_quota_keeps_the_page_and_stops_the_remaining_details()
    {
        server.Respond(request => request.Path.EndsWith("/textsearch/json", StringComparison.Ordinal)
            ? ScriptedResponse.Json("""
                {"results":[{"name":"A","place_id":"id-a"},{"name":"B","place_id":"id-b"},{"name":"C","place_id":"id-c"}],"status":"OK"}
                """)
            : ScriptedResponse.Json("""{"error_message":"You have exceeded your daily request quota for this API.","status":"OVER_QUERY_LIMIT"}"""));
        await using var harness = Harness.ForGooglePlaces(server.BaseAddress, legacy: true, configure: o => o.MaxConcurrent = 1);

        var page = await harness.Places.SearchAsync(new PlacesQuery("x", "US"));

        Assert.Equal(["A", "B", "C"], page.Places.Select(p => p.Name));
        Assert.All(page.Places, p => Assert.Null(p.Phone));
        Assert.Equal(2, server.Requests.Count); // the text search and one Details call, then no more
    }

    [Fact]
    public async Task Legacy_not_found_details_leave_that_place_without_contacts()
    {
        server.Respond(request => request.Path.EndsWith("/textsearch/json", StringComparison.Ordinal)
            ? ScriptedResponse.Json("""{"results":[{"name":"A","place_id":"id-a"},{"name":"B","place_id":"id-b"}],"status":"OK"}""")
            : request.Path.EndsWith("/details/json", StringComparison.Ordinal) && server.Requests.Count(r => r.Path.EndsWith("/details/json", StringComparison.Ordinal)) == 1
                ? ScriptedResponse.Json("""{"status":"NOT_FOUND"}""")
                : ScriptedResponse.Json("""{"result":{"place_id":"id-b","international_phone_number":"+1 555-0100","website":"https://b.example/"},"status":"OK"}"""));
        await using var harness = Harness.ForGooglePlaces(server.BaseAddress, legacy: true, configure: o => o.MaxConcurrent = 1);

        var page = await harness.Places.SearchAsync(new PlacesQuery("x", "US"));

        Assert.Equal([null, "+1 555-0100"], page.Places.Select(p => p.Phone));
        Assert.Equal(3, server.Requests.Count);
    }
}
