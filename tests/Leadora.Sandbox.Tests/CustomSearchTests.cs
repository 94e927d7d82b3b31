using System.Net;
using System.Text.Json.Nodes;

namespace Leadora.Sandbox.Tests;

/// <summary>The Custom Search JSON API emulator over the same web world as Serper's /search.</summary>
public sealed class CustomSearchTests(SandboxTestHost host) : IClassFixture<SandboxTestHost>
{
    private const string People = "site:linkedin.com/in \"Gulf Petrochemical Co\" (\"Procurement Manager\" OR \"Plant Manager\")";

    [Fact]
    public async Task Items_match_serper_organic_results_for_the_same_query()
    {
        var cse = await JsonAsync($"customsearch/v1?key=k&cx=c&q={Uri.EscapeDataString(People)}&num=10&start=1&gl=sa");
        var serper = await host.SerperJsonAsync("search", new JsonObject { ["q"] = People, ["gl"] = "sa", ["num"] = 10 });

        Assert.Equal("customsearch#search", cse["kind"]!.GetValue<string>());
        var items = cse["items"]!.AsArray();
        Assert.Equal(
            serper["organic"]!.AsArray().Select(o => o!["link"]!.GetValue<string>()),
            items.Select(i => i!["link"]!.GetValue<string>()));
        Assert.All(items, i =>
        {
            Assert.Equal("customsearch#result", i!["kind"]!.GetValue<string>());
            Assert.False(string.IsNullOrEmpty(i["snippet"]!.GetValue<string>()));
            Assert.Equal(new Uri(i["link"]!.GetValue<string>()).Host, i["displayLink"]!.GetValue<string>());
        });
        var request = cse["queries"]!["request"]![0]!;
        Assert.Equal((1, "c", People), (request["startIndex"]!.GetValue<int>(), request["cx"]!.GetValue<string>(), request["searchTerms"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Start_pages_through_results_and_next_page_ends_with_them()
    {
        var first = await JsonAsync("customsearch/v1?key=k&cx=c&q=water+treatment+market+size&num=3&start=1&gl=sa");
        var second = await JsonAsync("customsearch/v1?key=k&cx=c&q=water+treatment+market+size&num=3&start=4&gl=sa");

        Assert.Equal(4, first["queries"]!["nextPage"]![0]!["startIndex"]!.GetValue<int>());
        Assert.Empty(first["items"]!.AsArray().Select(i => i!["link"]!.GetValue<string>()).Intersect(second["items"]!.AsArray().Select(i => i!["link"]!.GetValue<string>())));
        var total = int.Parse(first["searchInformation"]!["totalResults"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        var last = await JsonAsync($"customsearch/v1?key=k&cx=c&q=water+treatment+market+size&num=10&start={total}&gl=sa");
        Assert.Null(last["queries"]!["nextPage"]);
    }

    [Fact]
    public async Task No_results_means_no_items_member()
    {
        var body = await JsonAsync("customsearch/v1?key=k&cx=c&q=nothingfound&gl=sa");

        Assert.Null(body["items"]);
        Assert.Equal("0", body["searchInformation"]!["totalResults"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("customsearch/v1?cx=c&q=x", 403, "PERMISSION_DENIED")]
    [InlineData("customsearch/v1?key=invalid&cx=c&q=x", 400, "INVALID_ARGUMENT")]
    [InlineData("customsearch/v1?key=k&q=x", 400, "INVALID_ARGUMENT")]
    [InlineData("customsearch/v1?key=k&cx=c&q=x&num=11", 400, "INVALID_ARGUMENT")]
    [InlineData("customsearch/v1?key=k&cx=c&q=x&num=10&start=95", 400, "INVALID_ARGUMENT")]
    [InlineData("customsearch/v1?key=k&cx=blocked-engine&q=x", 403, "PERMISSION_DENIED")]
    public async Task Bad_requests_and_blocked_engines_get_google_errors(string pathAndQuery, int status, string rpcStatus)
    {
        using var response = await host.GetAsync(pathAndQuery);

        Assert.Equal(status, (int)response.StatusCode);
        var error = (await SandboxTestHost.JsonAsync(response))["error"]!;
        Assert.Equal(rpcStatus, error["status"]!.GetValue<string>());
        Assert.NotEmpty(error["errors"]!.AsArray());
    }

    [Theory]
    [InlineData(SandboxFaultKind.RateLimit, "Queries per minute")]
    [InlineData(SandboxFaultKind.OutOfCredit, "Queries per day")]
    public async Task Quota_faults_are_429_resource_exhausted(SandboxFaultKind kind, string limit)
    {
        host.Server.Faults.Enqueue(SandboxProviders.CustomSearch, new SandboxFault(kind));

        using var response = await host.GetAsync("customsearch/v1?key=k&cx=c&q=x");

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        var error = (await SandboxTestHost.JsonAsync(response))["error"]!;
        Assert.Equal(("RESOURCE_EXHAUSTED", "rateLimitExceeded"), (error["status"]!.GetValue<string>(), error["errors"]![0]!["reason"]!.GetValue<string>()));
        Assert.Contains(limit, error["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private async Task<JsonObject> JsonAsync(string pathAndQuery)
    {
        using var response = await host.GetAsync(pathAndQuery);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await SandboxTestHost.JsonAsync(response);
    }
}
