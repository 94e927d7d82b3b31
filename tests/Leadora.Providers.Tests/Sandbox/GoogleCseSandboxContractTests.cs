using System.Web;
using Leadora.Ports;
using Leadora.Providers.Tests.Infrastructure;
using Leadora.Sandbox;
using Microsoft.Extensions.DependencyInjection;

namespace Leadora.Providers.Tests.Sandbox;

/// <summary>The production Custom Search adapter against the sandbox's CSE emulator, over real HTTP.</summary>
public sealed class GoogleCseSandboxContractTests : SandboxTestBase
{
    private const string People = "site:linkedin.com/in \"Gulf Petrochemical Co\" (\"Procurement Manager\" OR \"Plant Manager\")";

    [Fact]
    public async Task Request_query_and_parsed_results_match_serper_for_the_same_query()
    {
        await using var adapters = Adapters();

        var cse = await adapters.WebOf("google_cse").SearchAsync(new WebSearchQuery(People, "SA", Count: 10));
        var serper = await adapters.WebOf("serper").SearchAsync(new WebSearchQuery(People, "SA", Count: 10));

        var request = LastRequest(SandboxProviders.CustomSearch);
        Assert.Equal(("GET", "/customsearch/v1", 200), (request.Method, request.Path, request.StatusCode));
        var query = HttpUtility.ParseQueryString(request.QueryString);
        Assert.Equal(["key", "cx", "q", "num", "start", "gl", "hl"], query.AllKeys.OfType<string>());
        Assert.Equal(("sandbox-key", "sandbox-cx", People, "10", "1", "sa", "en"), (query["key"], query["cx"], query["q"], query["num"], query["start"], query["gl"], query["hl"]));

        Assert.Equal("google_cse", cse.Provider);
        Assert.Equal(serper.Results.Select(r => (r.Title, r.Url)), cse.Results.Select(r => (r.Title, r.Url)));
        Assert.Equal(Enumerable.Range(1, cse.Results.Count), cse.Results.Select(r => r.Position));
    }

    [Fact]
    public async Task Pages_by_start_and_positions_continue()
    {
        await using var adapters = Adapters();
        var cse = adapters.WebOf("google_cse");

        var first = await cse.SearchAsync(new WebSearchQuery("water treatment market size", "SA", Count: 3));
        var second = await cse.SearchAsync(new WebSearchQuery("water treatment market size", "SA", Count: 3, Page: 2));
        var beyond = await cse.SearchAsync(new WebSearchQuery("water treatment market size", "SA", Count: 10, Page: 11));

        Assert.Equal(["1", "4"], Sandbox.RequestLog.ForProvider(SandboxProviders.CustomSearch).Select(r => HttpUtility.ParseQueryString(r.QueryString)["start"]));
        Assert.Equal([4, 5, 6], second.Results.Select(r => r.Position));
        Assert.Empty(first.Results.Select(r => r.Url).Intersect(second.Results.Select(r => r.Url)));
        Assert.Empty(beyond.Results); // start 101 is past the API's 100 results: no call
    }

    [Fact]
    public async Task No_items_is_an_empty_page()
    {
        await using var adapters = Adapters();

        var page = await adapters.WebOf("google_cse").SearchAsync(new WebSearchQuery("nothingfound", "SA"));

        Assert.Empty(page.Results);
    }

    [Theory]
    [InlineData("blocked-engine", null, 403)]
    [InlineData("sandbox-cx", SandboxFaultKind.OutOfCredit, 429)]
    public async Task Blocked_or_exhausted_cse_is_an_empty_page_and_a_warning(string cx, SandboxFaultKind? fault, int status)
    {
        if (fault is { } kind)
        {
            Sandbox.Faults.Enqueue(SandboxProviders.CustomSearch, new SandboxFault(kind));
        }

        await using var adapters = Adapters(cse: o => o.Cx = cx, services: b => b.Services.AddLeadora(b.Configuration));
        var search = await TestSearch.CreateAsync(adapters.Services);

        WebSearchPage page;
        using (search.Enter())
        {
            page = await adapters.WebOf("google_cse").SearchAsync(new WebSearchQuery("water treatment market", "SA"));
        }

        Assert.Equal(("google_cse", 0), (page.Provider, page.Results.Count));
        Assert.Equal(status, LastRequest(SandboxProviders.CustomSearch).StatusCode);
        var warning = Assert.Single(await search.WarningsAsync());
        Assert.Equal(("web_search_unavailable", "google_cse"), (warning.Code, warning.Subject));
        Assert.Contains("2027-01-01", warning.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SandboxFaultKind.RateLimit, ProviderErrorKind.RateLimited, 429)]
    [InlineData(SandboxFaultKind.InternalServerError, ProviderErrorKind.Transient, 500)]
    [InlineData(SandboxFaultKind.ServiceUnavailable, ProviderErrorKind.Transient, 503)]
    public async Task Other_faults_still_fail_the_call(SandboxFaultKind fault, ProviderErrorKind kind, int status)
    {
        Sandbox.Faults.Enqueue(SandboxProviders.CustomSearch, new SandboxFault(fault));
        await using var adapters = Adapters();

        var error = await Assert.ThrowsAsync<ProviderException>(() => adapters.WebOf("google_cse").SearchAsync(new WebSearchQuery("x", "SA")));

        Assert.Equal((kind, status, "google_cse", "search"), (error.Kind, error.StatusCode, error.Provider, error.Operation));
    }

    [Fact]
    public async Task Invalid_key_fails_as_unauthorized_without_showing_the_key()
    {
        await using var adapters = Adapters(cse: o => o.ApiKey = "invalid-cse-key");

        var error = await Assert.ThrowsAsync<ProviderException>(() => adapters.WebOf("google_cse").SearchAsync(new WebSearchQuery("x", "SA")));

        Assert.Equal((ProviderErrorKind.Unauthorized, 400), (error.Kind, error.StatusCode));
        Assert.DoesNotContain("invalid-cse-key", error.ToString(), StringComparison.Ordinal);
    }
}
