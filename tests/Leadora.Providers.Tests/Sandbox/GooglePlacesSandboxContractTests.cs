using System.Text.Json;
using System.Web;
using Leadora.Ports;
using Leadora.Providers.Tests.Infrastructure;
using Leadora.Sandbox;
using Microsoft.Extensions.DependencyInjection;

namespace Leadora.Providers.Tests.Sandbox;

/// <summary>The production Google Places adapters (New and legacy) against the sandbox, over real HTTP.</summary>
public sealed class GooglePlacesSandboxContractTests : SandboxTestBase
{
    [Fact]
    public async Task Places_new_request_carries_the_key_and_field_mask_headers_and_the_country()
    {
        await using var adapters = Adapters();

        var page = await adapters.PlacesOf("google_places").SearchAsync(new PlacesQuery("water treatment", "SA"));

        var request = LastRequest(SandboxProviders.Places);
        Assert.Equal(("POST", "/places/v1/places:searchText", 200), (request.Method, request.Path, request.StatusCode));
        Assert.Equal("sandbox-key", request.Headers["X-Goog-Api-Key"]);
        Assert.Equal(GooglePlacesNewSearch.FieldMask, request.Headers["X-Goog-FieldMask"]);
        Assert.Contains("nextPageToken", request.Headers["X-Goog-FieldMask"], StringComparison.Ordinal);
        Assert.Equal("", request.QueryString);
        var body = JsonDocument.Parse(request.Body).RootElement;
        Assert.Equal(("water treatment in Saudi Arabia", "sa", "en", 20), (body.GetProperty("textQuery").GetString(), body.GetProperty("regionCode").GetString(), body.GetProperty("languageCode").GetString(), body.GetProperty("pageSize").GetInt32()));
        Assert.False(body.TryGetProperty("pageToken", out _));

        Assert.Equal(("google_places", true, 20), (page.Provider, page.HasMore, page.Places.Count));
        Assert.All(page.Places, p =>
        {
            Assert.StartsWith("ChIJ", p.PlaceId, StringComparison.Ordinal);
            Assert.Matches(@"^\d+$", p.Cid);
            Assert.StartsWith("+966", p.Phone, StringComparison.Ordinal);
            Assert.False(string.IsNullOrWhiteSpace(p.Address));
            Assert.False(string.IsNullOrWhiteSpace(p.City));
            Assert.False(string.IsNullOrWhiteSpace(p.Category));
            Assert.NotNull(p.Latitude);
            Assert.Contains("establishment", p.Types);
        });
        Assert.Contains(page.Places, p => p.Website is not null);
    }

    [Fact]
    public async Task Places_new_pages_through_next_page_tokens_and_stops_at_the_end()
    {
        await using var adapters = Adapters();
        var places = adapters.PlacesOf("google_places");

        var pages = new List<PlacesPage>();
        for (var number = 1; number <= 4; number++)
        {
            pages.Add(await places.SearchAsync(new PlacesQuery("water treatment", "SA", number)));
        }

        var requests = Sandbox.RequestLog.ForProvider(SandboxProviders.Places);
        var bodies = requests.Select(r => JsonDocument.Parse(r.Body).RootElement).ToList();
        Assert.False(bodies[0].TryGetProperty("pageToken", out _));
        Assert.All(bodies.Skip(1), b => Assert.False(string.IsNullOrEmpty(b.GetProperty("pageToken").GetString())));
        Assert.True(requests.Count <= 3, "never more than three pages of one query");
        Assert.Equal(pages.Count(p => p.Places.Count > 0), requests.Count); // pages past the last one make no call
        Assert.False(pages[^1].HasMore);
        Assert.Empty(pages[3].Places);
        var ids = pages.SelectMany(p => p.Places).Select(p => p.PlaceId).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.InRange(ids.Count, 21, 60);
    }

    [Fact]
    public async Task Places_new_reaches_a_later_page_without_a_token_by_walking_and_records_the_extra_call()
    {
        await using var adapters = Adapters(services: b => b.Services.AddLeadora(b.Configuration));
        var search = await TestSearch.CreateAsync(adapters.Services);

        using (search.Enter())
        {
            var page = await adapters.PlacesOf("google_places").SearchAsync(new PlacesQuery("water treatment", "SA", 2));
            Assert.NotEmpty(page.Places);
        }

        Assert.Equal(2, Sandbox.RequestLog.ForProvider(SandboxProviders.Places).Count);
        var usage = Assert.Single(await search.UsageAsync());
        Assert.Equal(("google_places", "places", 1), (usage.Provider, usage.Operation, usage.Calls)); // the walk; Core's decorator counts the page itself
    }

    [Fact]
    public async Task The_same_businesses_come_back_from_serper_maps_and_places_new()
    {
        await using var serperMaps = Adapters(serper: o => o.UseMapsEndpoint = true);

        var fromSerper = await serperMaps.PlacesOf("serper").SearchAsync(new PlacesQuery("water treatment", "SA"));
        var fromGoogle = await serperMaps.PlacesOf("google_places").SearchAsync(new PlacesQuery("water treatment", "SA"));

        Assert.Equal("/serper/maps", LastRequest(SandboxProviders.Serper).Path);
        Assert.Equal(fromSerper.Places.Select(p => (p.PlaceId, p.Cid)), fromGoogle.Places.Select(p => (p.PlaceId, p.Cid)));
        Assert.Equal(fromSerper.Places.Select(p => p.Phone), fromGoogle.Places.Select(p => p.Phone));
    }

    [Theory]
    [InlineData(SandboxFaultKind.RateLimit, ProviderErrorKind.RateLimited, 429)]
    [InlineData(SandboxFaultKind.OutOfCredit, ProviderErrorKind.OutOfCredit, 403)]
    [InlineData(SandboxFaultKind.InternalServerError, ProviderErrorKind.Transient, 500)]
    [InlineData(SandboxFaultKind.ServiceUnavailable, ProviderErrorKind.Transient, 503)]
    public async Task Places_new_faults_map_to_error_kinds(SandboxFaultKind fault, ProviderErrorKind kind, int status)
    {
        Sandbox.Faults.Enqueue(SandboxProviders.Places, new SandboxFault(fault));
        await using var adapters = Adapters();

        var error = await Assert.ThrowsAsync<ProviderException>(() => adapters.PlacesOf("google_places").SearchAsync(new PlacesQuery("refinery", "AE")));

        Assert.Equal((kind, status, "google_places", "places"), (error.Kind, error.StatusCode, error.Provider, error.Operation));
    }

    [Fact]
    public async Task Places_new_invalid_key_is_unauthorized_and_malformed_body_invalid()
    {
        await using var badKey = Adapters(googlePlaces: o => o.ApiKey = "invalid-places-key");
        Sandbox.Faults.Enqueue(SandboxProviders.Places, SandboxFault.Malformed());
        await using var adapters = Adapters();

        var malformed = await Assert.ThrowsAsync<ProviderException>(() => adapters.PlacesOf("google_places").SearchAsync(new PlacesQuery("refinery", "AE")));
        var unauthorized = await Assert.ThrowsAsync<ProviderException>(() => badKey.PlacesOf("google_places").SearchAsync(new PlacesQuery("refinery", "AE")));

        Assert.Equal(ProviderErrorKind.InvalidResponse, malformed.Kind);
        Assert.Equal((ProviderErrorKind.Unauthorized, 400), (unauthorized.Kind, unauthorized.StatusCode));
        Assert.DoesNotContain("invalid-places-key", unauthorized.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Legacy_text_search_then_one_details_call_per_result_with_the_contact_fields()
    {
        await using var adapters = Adapters(services: b => b.Services.AddLeadora(b.Configuration));
        var search = await TestSearch.CreateAsync(adapters.Services);

        PlacesPage page;
        using (search.Enter())
        {
            page = await adapters.PlacesOf("google_places_legacy").SearchAsync(new PlacesQuery("water treatment", "SA"));
        }

        var requests = Sandbox.RequestLog.ForProvider(SandboxProviders.PlacesLegacy);
        var text = requests[0];
        Assert.Equal(("GET", "/maps/api/place/textsearch/json", 200), (text.Method, text.Path, text.StatusCode));
        var query = HttpUtility.ParseQueryString(text.QueryString);
        Assert.Equal(("water treatment in Saudi Arabia", "sa", "en", "sandbox-key"), (query["query"], query["region"], query["language"], query["key"]));
        var details = requests.Skip(1).ToList();
        Assert.Equal(page.Places.Count, details.Count);
        Assert.All(details, d =>
        {
            Assert.Equal("/maps/api/place/details/json", d.Path);
            var q = HttpUtility.ParseQueryString(d.QueryString);
            Assert.Equal(GooglePlacesLegacySearch.DetailsFields, q["fields"]);
            Assert.Equal("sandbox-key", q["key"]);
        });
        Assert.Equal(details.Select(d => HttpUtility.ParseQueryString(d.QueryString)["place_id"]).Order(), page.Places.Select(p => p.PlaceId).Order());

        Assert.Equal(("google_places_legacy", true, 20), (page.Provider, page.HasMore, page.Places.Count));
        Assert.All(page.Places, p =>
        {
            Assert.StartsWith("+966", p.Phone, StringComparison.Ordinal);
            Assert.False(string.IsNullOrWhiteSpace(p.City));
            Assert.NotNull(p.Latitude);
        });

        var usage = Assert.Single(await search.UsageAsync());
        Assert.Equal(("google_places_legacy", "details", 20, 0), (usage.Provider, usage.Operation, usage.Calls, usage.Failures));
        Assert.Equal(20 * 0.017m, usage.CostUsd);
    }

    [Fact]
    public async Task Legacy_pages_by_next_page_token_with_only_the_key()
    {
        await using var adapters = Adapters(googlePlaces: o => o.LegacyDetailsPerPage = 0);
        var legacy = adapters.PlacesOf("google_places_legacy");

        var first = await legacy.SearchAsync(new PlacesQuery("water treatment", "SA", 1));
        var second = await legacy.SearchAsync(new PlacesQuery("water treatment", "SA", 2));

        var requests = Sandbox.RequestLog.ForProvider(SandboxProviders.PlacesLegacy);
        Assert.Equal(2, requests.Count);
        var query = HttpUtility.ParseQueryString(requests[1].QueryString);
        Assert.Equal(["pagetoken", "key"], query.AllKeys.OfType<string>());
        Assert.Empty(first.Places.Select(p => p.PlaceId).Intersect(second.Places.Select(p => p.PlaceId)));
        Assert.All(first.Places, p => Assert.Null(p.Phone)); // no Details calls asked for
    }

    [Theory]
    [InlineData(SandboxFaultKind.RateLimit, ProviderErrorKind.RateLimited, 200)]
    [InlineData(SandboxFaultKind.OutOfCredit, ProviderErrorKind.OutOfCredit, 200)]
    [InlineData(SandboxFaultKind.InternalServerError, ProviderErrorKind.Transient, 500)]
    public async Task Legacy_faults_map_to_error_kinds(SandboxFaultKind fault, ProviderErrorKind kind, int status)
    {
        Sandbox.Faults.Enqueue(SandboxProviders.PlacesLegacy, new SandboxFault(fault));
        await using var adapters = Adapters();

        var error = await Assert.ThrowsAsync<ProviderException>(() => adapters.PlacesOf("google_places_legacy").SearchAsync(new PlacesQuery("refinery", "SA")));

        Assert.Equal((kind, status, "google_places_legacy"), (error.Kind, error.StatusCode, error.Provider));
        Assert.Single(Sandbox.RequestLog.ForProvider(SandboxProviders.PlacesLegacy));
    }

    [Fact]
    public async Task Legacy_key_of_a_project_without_the_legacy_api_is_unauthorized()
    {
        await using var adapters = Adapters(googlePlaces: o => o.ApiKey = "nolegacy-key");

        var error = await Assert.ThrowsAsync<ProviderException>(() => adapters.PlacesOf("google_places_legacy").SearchAsync(new PlacesQuery("refinery", "SA")));

        Assert.Equal(ProviderErrorKind.Unauthorized, error.Kind);
        Assert.Contains("legacy API", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("nolegacy-key", error.ToString(), StringComparison.Ordinal);
    }
}
