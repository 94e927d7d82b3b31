using Leadora.Ports;
using Leadora.Providers.Tests.Infrastructure;

namespace Leadora.Providers.Tests.Serper;

/// <summary>Serper <c>/search</c> over real HTTP against a scripted loopback server replaying a real capture.</summary>
public sealed class SerperWebSearchTests : IAsyncLifetime
{
    private ScriptedServer server = null!;

    public async Task InitializeAsync() => server = await ScriptedServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    [EvalFact]
    public async Task Posts_the_query_and_parses_organic_results()
    {
        server.Respond(ScriptedResponse.Json(EvalData.Read("serper/search_apple_inc.json")));
        await using var harness = Harness.ForSerper(server.BaseAddress);

        var page = await harness.Web.SearchAsync(new WebSearchQuery("apple inc", "US"));

        var request = Assert.Single(server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/search", request.Path);
        Assert.Equal(Harness.SerperKey, request.Header("X-API-KEY"));
        var body = request.Json;
        Assert.Equal("apple inc", body.GetProperty("q").GetString());
        Assert.Equal("us", body.GetProperty("gl").GetString());
        Assert.Equal("en", body.GetProperty("hl").GetString());
        Assert.Equal(10, body.GetProperty("num").GetInt32());
        Assert.Equal(1, body.GetProperty("page").GetInt32());

        Assert.Equal("serper", page.Provider);
        Assert.Equal(7, page.Results.Count);
        var first = page.Results[0];
        Assert.Equal("Apple", first.Title);
        Assert.Equal("https://www.apple.com/", first.Url);
        Assert.StartsWith("Discover the innovative world of Apple", first.Snippet, StringComparison.Ordinal);
        Assert.Equal(1, first.Position);
        Assert.Equal(new Uri("https://en.wikipedia.org/wiki/Apple_Inc."), new Uri(page.Results[1].Url));
        Assert.Equal(Enumerable.Range(1, 7), page.Results.Select(r => r.Position));
    }

    [Fact]
    public async Task Sends_count_page_and_language_and_does_not_append_the_country()
    {
        server.Respond(ScriptedResponse.Json("""{"organic":[]}"""));
        await using var harness = Harness.ForSerper(server.BaseAddress, o => o.Language = "fr");

        await harness.Web.SearchAsync(new WebSearchQuery("site:linkedin.com/in \"procurement manager\" Aramco", "SA", Count: 5, Page: 3));
        await harness.Web.SearchAsync(new WebSearchQuery("water market size", "AE", Count: 50, Language: "ar"));

        var first = server.Requests[0].Json;
        Assert.Equal("site:linkedin.com/in \"procurement manager\" Aramco", first.GetProperty("q").GetString());
        Assert.Equal("sa", first.GetProperty("gl").GetString());
        Assert.Equal("fr", first.GetProperty("hl").GetString());
        Assert.Equal(5, first.GetProperty("num").GetInt32());
        Assert.Equal(3, first.GetProperty("page").GetInt32());
        var second = server.Requests[1].Json;
        Assert.Equal(10, second.GetProperty("num").GetInt32());
        Assert.Equal("ar", second.GetProperty("hl").GetString());
    }

    [Fact]
    public async Task Tolerates_sparse_rows()
    {
        server.Respond(ScriptedResponse.Json("""
            {"organic":[
              {"title":"No position","link":"https://a.example/"},
              {"title":"No link"},
              {"link":"https://no-title.example/"},
              {"title":"String position","link":"https://b.example/","snippet":"s","position":"4"}
            ]}
            """));
        await using var harness = Harness.ForSerper(server.BaseAddress);

        var page = await harness.Web.SearchAsync(new WebSearchQuery("q", "GB", Page: 2));

        Assert.Equal(2, page.Results.Count);
        Assert.Equal(new WebResult("No position", "https://a.example/", null, 11), page.Results[0]);
        Assert.Equal(new WebResult("String position", "https://b.example/", "s", 4), page.Results[1]);
    }

    [Fact]
    public async Task No_organic_results_is_an_empty_page()
    {
        server.Respond(ScriptedResponse.Json("""{"searchParameters":{"q":"zzzz"},"credits":1}"""));
        await using var harness = Harness.ForSerper(server.BaseAddress);

        var page = await harness.Web.SearchAsync(new WebSearchQuery("zzzz", "DE"));

        Assert.Empty(page.Results);
    }
}
