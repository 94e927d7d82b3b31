using System.Text.Json;
using Leadora.Ports;
using Leadora.Sandbox;

namespace Leadora.Providers.Tests.Sandbox;

/// <summary>The production Serper adapters against the sandbox's Serper emulator, over real HTTP.</summary>
public sealed class SerperSandboxContractTests : SandboxTestBase
{
    [Fact]
    public async Task Places_request_shape_and_parsed_rows()
    {
        await using var adapters = Adapters();

        var page = await adapters.Places.SearchAsync(new PlacesQuery("water treatment", "SA"));

        var request = LastRequest(SandboxProviders.Serper);
        Assert.Equal(("POST", "/serper/places", 200), (request.Method, request.Path, request.StatusCode));
        Assert.Equal("sandbox-key", request.Headers["X-API-KEY"]);
        var body = JsonDocument.Parse(request.Body).RootElement;
        Assert.Equal("water treatment in Saudi Arabia", body.GetProperty("q").GetString());
        Assert.Equal("sa", body.GetProperty("gl").GetString());
        Assert.Equal("en", body.GetProperty("hl").GetString());
        Assert.Equal(1, body.GetProperty("page").GetInt32());

        Assert.Equal("serper", page.Provider);
        Assert.NotEmpty(page.Places);
        Assert.Equal(page.Places.Count == SerperPlacesSearch.PageSize, page.HasMore);
        Assert.All(page.Places, p =>
        {
            Assert.False(string.IsNullOrWhiteSpace(p.Name));
            Assert.False(string.IsNullOrWhiteSpace(p.Cid));
            Assert.NotNull(p.Latitude);
            Assert.NotNull(p.Longitude);
            Assert.False(string.IsNullOrWhiteSpace(p.Category));
        });
    }

    [Fact]
    public async Task Places_pages_until_a_short_page()
    {
        await using var adapters = Adapters();
        var pages = new List<PlacesPage>();
        for (var pageNumber = 1; pageNumber <= 10; pageNumber++)
        {
            var page = await adapters.Places.SearchAsync(new PlacesQuery("power station", "AE", pageNumber));
            pages.Add(page);
            if (!page.HasMore)
            {
                break;
            }
        }

        Assert.Equal(
            Enumerable.Range(1, pages.Count),
            Sandbox.RequestLog.ForProvider(SandboxProviders.Serper).Select(e => JsonDocument.Parse(e.Body).RootElement.GetProperty("page").GetInt32()));
        Assert.All(pages[..^1], p => Assert.Equal(SerperPlacesSearch.PageSize, p.Places.Count));
        Assert.False(pages[^1].HasMore);
        var cids = pages.SelectMany(p => p.Places).Select(p => p.Cid).ToList();
        Assert.Equal(cids.Count, cids.Distinct().Count());
    }

    [Fact]
    public async Task Web_search_request_shape_and_parsed_results()
    {
        await using var adapters = Adapters();

        var page = await adapters.Web.SearchAsync(new WebSearchQuery("site:linkedin.com/in procurement manager water", "AE", Count: 5));
        var beyond = await adapters.Web.SearchAsync(new WebSearchQuery("site:linkedin.com/in procurement manager water", "AE", Count: 5, Page: 2));

        var requests = Sandbox.RequestLog.ForProvider(SandboxProviders.Serper);
        Assert.All(requests, r => Assert.Equal(("POST", "/serper/search", 200, "sandbox-key"), (r.Method, r.Path, r.StatusCode, r.Headers["X-API-KEY"])));
        var bodies = requests.Select(r => JsonDocument.Parse(r.Body).RootElement).ToList();
        Assert.All(bodies, b => Assert.Equal(
            ("site:linkedin.com/in procurement manager water", "ae", "en", 5),
            (b.GetProperty("q").GetString(), b.GetProperty("gl").GetString(), b.GetProperty("hl").GetString(), b.GetProperty("num").GetInt32())));
        Assert.Equal([1, 2], bodies.Select(b => b.GetProperty("page").GetInt32()));

        Assert.Equal("serper", page.Provider);
        Assert.InRange(page.Results.Count, 1, 5);
        Assert.All(page.Results, r =>
        {
            Assert.False(string.IsNullOrWhiteSpace(r.Title));
            Assert.StartsWith("https://", r.Url, StringComparison.Ordinal);
            Assert.Contains("linkedin.com/in/", r.Url, StringComparison.Ordinal);
        });
        Assert.Equal(Enumerable.Range(1, page.Results.Count), page.Results.Select(r => r.Position));
        Assert.DoesNotContain(beyond.Results, r => page.Results.Any(p => p.Url == r.Url));
    }

    [Fact]
    public async Task Out_of_credit_fault_is_out_of_credit()
    {
        Sandbox.Faults.Enqueue(SandboxProviders.Serper, SandboxFault.OutOfCredit());
        await using var adapters = Adapters();

        var error = await Assert.ThrowsAsync<ProviderException>(() => adapters.Places.SearchAsync(new PlacesQuery("x", "US")));

        Assert.Equal((ProviderErrorKind.OutOfCredit, 400), (error.Kind, error.StatusCode));
    }

    [Fact]
    public async Task Rate_limit_fault_carries_retry_after()
    {
        Sandbox.Faults.Enqueue(SandboxProviders.Serper, SandboxFault.RateLimit(TimeSpan.FromSeconds(3)));
        await using var adapters = Adapters();

        var error = await Assert.ThrowsAsync<ProviderException>(() => adapters.Web.SearchAsync(new WebSearchQuery("x", "US")));

        Assert.Equal((ProviderErrorKind.RateLimited, 429), (error.Kind, error.StatusCode));
        Assert.Equal(TimeSpan.FromSeconds(3), error.RetryAfter);
    }

    [Theory]
    [InlineData(SandboxFaultKind.InternalServerError, 500)]
    [InlineData(SandboxFaultKind.ServiceUnavailable, 503)]
    public async Task Server_error_faults_are_transient(SandboxFaultKind kind, int status)
    {
        Sandbox.Faults.Enqueue(SandboxProviders.Serper, new SandboxFault(kind));
        await using var adapters = Adapters();

        var error = await Assert.ThrowsAsync<ProviderException>(() => adapters.Places.SearchAsync(new PlacesQuery("x", "US")));

        Assert.Equal((ProviderErrorKind.Transient, status), (error.Kind, error.StatusCode));
    }

    [Fact]
    public async Task Timeout_fault_is_a_timeout()
    {
        Sandbox.Faults.Enqueue(SandboxProviders.Serper, SandboxFault.Timeout());
        await using var adapters = Adapters(all: o => o.TimeoutSeconds = 1);

        var error = await Assert.ThrowsAsync<ProviderException>(() => adapters.Web.SearchAsync(new WebSearchQuery("x", "US")));

        Assert.Equal(ProviderErrorKind.Timeout, error.Kind);
    }

    [Theory]
    [InlineData("places")]
    [InlineData("search")]
    public async Task Malformed_fault_is_an_invalid_response(string operation)
    {
        Sandbox.Faults.Enqueue(SandboxProviders.Serper, SandboxFault.Malformed());
        await using var adapters = Adapters();

        var error = await Assert.ThrowsAsync<ProviderException>(() => operation == "places"
            ? adapters.Places.SearchAsync(new PlacesQuery("water", "US"))
            : adapters.Web.SearchAsync(new WebSearchQuery("water", "US")));

        Assert.Equal((ProviderErrorKind.InvalidResponse, 200, operation), (error.Kind, error.StatusCode, error.Operation));
    }
}
