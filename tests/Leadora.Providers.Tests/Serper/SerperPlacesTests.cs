using System.Text.Json.Nodes;
using Leadora.Ports;
using Leadora.Providers.Tests.Infrastructure;

namespace Leadora.Providers.Tests.Serper;

/// <summary>Serper <c>/places</c> over real HTTP against a scripted loopback server replaying real captures.</summary>
public sealed class SerperPlacesTests : IAsyncLifetime
{
    private ScriptedServer server = null!;

    public async Task InitializeAsync() => server = await ScriptedServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    [EvalFact]
    public async Task Posts_the_query_with_country_and_parses_sparse_places_rows()
    {
        server.Respond(ScriptedResponse.Json(EvalData.Read("serper/places_monterrico.json")));
        await using var harness = Harness.ForSerper(server.BaseAddress);

        var page = await harness.Places.SearchAsync(new PlacesQuery("monterrico", "PE"));

        var request = Assert.Single(server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/places", request.Path);
        Assert.Equal(Harness.SerperKey, request.Header("X-API-KEY"));
        Assert.StartsWith("application/json", request.Header("Content-Type"), StringComparison.Ordinal);
        var body = request.Json;
        Assert.Equal("monterrico in Peru", body.GetProperty("q").GetString());
        Assert.Equal("pe", body.GetProperty("gl").GetString());
        Assert.Equal("en", body.GetProperty("hl").GetString());
        Assert.Equal(1, body.GetProperty("page").GetInt32());

        Assert.Equal("serper", page.Provider);
        Assert.False(page.HasMore); // 5 of 10: the last page
        Assert.Equal(5, page.Places.Count);
        var first = page.Places[0];
        Assert.Equal("Monterrico Racecourse", first.Name);
        Assert.Equal("Santiago de Surco", first.Address);
        Assert.Equal(-12.092340199999999, first.Latitude);
        Assert.Equal(-76.977334, first.Longitude);
        Assert.Equal(4.3, first.Rating);
        Assert.Equal(1751, first.RatingCount);
        Assert.Equal("Racecourse", first.Category);
        Assert.Equal("16917156524996281151", first.Cid);
        Assert.Null(first.Phone);
        Assert.Null(first.Website);
        Assert.Null(first.PlaceId);
        Assert.Empty(first.Types);

        var unrated = page.Places[2];
        Assert.Equal("MONTERRICO", unrated.Name);
        Assert.Null(unrated.Rating);
        Assert.Null(unrated.RatingCount);
        Assert.Equal("Garden", unrated.Category);
    }

    [EvalFact]
    public async Task Parses_full_maps_rows_and_reports_a_full_page()
    {
        server.Respond(ScriptedResponse.Json(EvalData.Read("serper/maps_construction_chicago.json")));
        await using var harness = Harness.ForSerper(server.BaseAddress);

        var page = await harness.Places.SearchAsync(new PlacesQuery("construction Chicago", "US", Page: 2, Language: "es"));

        var body = Assert.Single(server.Requests).Json;
        Assert.Equal("construction Chicago in United States", body.GetProperty("q").GetString());
        Assert.Equal("us", body.GetProperty("gl").GetString());
        Assert.Equal("es", body.GetProperty("hl").GetString());
        Assert.Equal(2, body.GetProperty("page").GetInt32());

        Assert.True(page.HasMore);
        Assert.Equal(20, page.Places.Count);
        var first = page.Places[0];
        Assert.Equal("Chicago Constructions", first.Name);
        Assert.Equal("(312) 313-2315", first.Phone);
        Assert.Equal("http://www.chicagoconstructions.com/", first.Website);
        Assert.Equal("ChIJk1LonVctDogRn_g_VqepJt8", first.PlaceId);
        Assert.Equal("16079726055744600223", first.Cid);
        Assert.Equal("General contractor", first.Category);
        Assert.Equal(["General contractor"], first.Types);
        Assert.Contains(page.Places, p => p.Address is null); // one real row has no address
    }

    [Theory]
    [InlineData("water treatment in Saudi Arabia", "SA", "water treatment in Saudi Arabia")]
    [InlineData("water treatment, saudi arabia", "SA", "water treatment, saudi arabia")]
    [InlineData("petrochemical plants UAE", "AE", "petrochemical plants UAE")]
    [InlineData("  power stations  ", "AE", "power stations in United Arab Emirates")]
    [InlineData("water treatment in Dubai", "IN", "water treatment in Dubai in India")]
    [InlineData("water treatment in Oman", "SA", "water treatment in Oman in Saudi Arabia")]
    public async Task Adds_the_country_name_unless_the_query_names_it(string text, string country, string expected)
    {
        server.Respond(ScriptedResponse.Json("""{"places":[]}"""));
        await using var harness = Harness.ForSerper(server.BaseAddress);

        await harness.Places.SearchAsync(new PlacesQuery(text, country));

        var body = Assert.Single(server.Requests).Json;
        Assert.Equal(expected, body.GetProperty("q").GetString());
        Assert.Equal(country.ToLowerInvariant(), body.GetProperty("gl").GetString());
    }

    [Fact]
    public async Task Tolerates_numbers_as_strings_and_missing_fields()
    {
        server.Respond(ScriptedResponse.Json("""
            {"places":[
              {"title":"Gulf Water Co","latitude":"24.7136","longitude":"46.6753","rating":"4.5","ratingCount":"1,234","cid":1234567890123,"phone":"+966 11 000 0000","types":["Water treatment", 7, null]},
              {"title":"   "},
              {"address":"no title here"},
              null,
              {"title":"Bare","rating":null,"ratingCount":{"odd":true},"latitude":[1]}
            ]}
            """));
        await using var harness = Harness.ForSerper(server.BaseAddress);

        var page = await harness.Places.SearchAsync(new PlacesQuery("water", "SA"));

        Assert.Equal(2, page.Places.Count);
        var gulf = page.Places[0];
        Assert.Equal(24.7136, gulf.Latitude);
        Assert.Equal(46.6753, gulf.Longitude);
        Assert.Equal(4.5, gulf.Rating);
        Assert.Equal(1234, gulf.RatingCount);
        Assert.Equal("1234567890123", gulf.Cid);
        Assert.Equal("+966 11 000 0000", gulf.Phone);
        Assert.Equal(["Water treatment"], gulf.Types);
        Assert.Equal("Water treatment", gulf.Category);
        var bare = page.Places[1];
        Assert.Equal("Bare", bare.Name);
        Assert.Null(bare.Rating);
        Assert.Null(bare.RatingCount);
        Assert.Null(bare.Latitude);
        Assert.False(page.HasMore);
    }

    [Fact]
    public async Task A_missing_places_array_is_an_empty_last_page()
    {
        server.Respond(ScriptedResponse.Json("""{"searchParameters":{"q":"x"}}"""));
        await using var harness = Harness.ForSerper(server.BaseAddress);

        var page = await harness.Places.SearchAsync(new PlacesQuery("x", "DE"));

        Assert.Empty(page.Places);
        Assert.False(page.HasMore);
    }

    [Fact]
    public async Task Rejects_an_unknown_country_before_calling()
    {
        await using var harness = Harness.ForSerper(server.BaseAddress);

        await Assert.ThrowsAsync<ArgumentException>(() => harness.Places.SearchAsync(new PlacesQuery("x", "XX")));

        Assert.Empty(server.Requests);
    }

    [EvalFact]
    public async Task A_row_count_of_ten_means_more_pages()
    {
        var capture = JsonNode.Parse(EvalData.Read("serper/maps_construction_chicago.json"))!;
        var places = capture["places"]!.AsArray();
        while (places.Count > SerperPlacesSearch.PageSize)
        {
            places.RemoveAt(places.Count - 1);
        }

        server.Respond(ScriptedResponse.Json(capture.ToJsonString()));
        await using var harness = Harness.ForSerper(server.BaseAddress);

        Assert.True((await harness.Places.SearchAsync(new PlacesQuery("construction", "US"))).HasMore);

        places.RemoveAt(0);
        server.Respond(ScriptedResponse.Json(capture.ToJsonString()));
        Assert.False((await harness.Places.SearchAsync(new PlacesQuery("construction", "US"))).HasMore);
    }
}
