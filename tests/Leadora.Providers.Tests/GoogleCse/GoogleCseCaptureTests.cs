using Leadora.Ports;
using Leadora.Providers.Tests.Infrastructure;

namespace Leadora.Providers.Tests.GoogleCse;

/// <summary>The Custom Search adapter over real HTTP against a scripted server replaying real captured responses.</summary>
public sealed class GoogleCseCaptureTests : IAsyncLifetime
{
    private ScriptedServer server = null!;

    public async Task InitializeAsync() => server = await ScriptedServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    [EvalFact]
    public async Task Ten_items_are_mapped_with_positions()
    {
        server.Respond(ScriptedResponse.Json(EvalData.Read("google_custom_search/cse_query_test_10_items_with_nextPage.json")));
        await using var harness = Harness.ForGoogleCse(server.BaseAddress);

        var page = await harness.Web.SearchAsync(new WebSearchQuery("test", "US"));

        Assert.Equal(("google_cse", 10), (page.Provider, page.Results.Count));
        Assert.Equal(("Android Beta Program", "https://www.google.com/android/beta"), (page.Results[0].Title, page.Results[0].Url));
        Assert.StartsWith("Android 13 Beta is now available", page.Results[0].Snippet, StringComparison.Ordinal);
        Assert.Equal(Enumerable.Range(1, 10), page.Results.Select(r => r.Position));

        var request = Assert.Single(server.Requests);
        Assert.Equal(("GET", "/customsearch/v1"), (request.Method, request.Path));
    }

    [EvalFact]
    public async Task Last_page_and_zero_results_are_read()
    {
        server.Respond(request => request.Path.Length > 0 && server.Requests.Count == 1
            ? ScriptedResponse.Json(EvalData.Read("google_custom_search/cse_query_testing_6_items_no_nextPage.json"))
            : ScriptedResponse.Json(EvalData.Read("google_custom_search/cse_zero_results_no_items_UNVERIFIED_ORIGIN.json")));
        await using var harness = Harness.ForGoogleCse(server.BaseAddress);

        var six = await harness.Web.SearchAsync(new WebSearchQuery("testing", "US", Page: 2));
        var none = await harness.Web.SearchAsync(new WebSearchQuery("Test 123", "US"));

        Assert.Equal(6, six.Results.Count);
        Assert.Equal(11, six.Results[0].Position);
        Assert.Empty(none.Results);
    }

    [EvalTheory]
    [InlineData("google_custom_search/error_429_queries_per_day_with_errorinfo_UNVERIFIED_ORIGIN.json")]
    [InlineData("google_custom_search/error_429_site_restricted_queries_per_day.json")]
    public async Task Daily_quota_used_up_is_an_empty_page_not_a_failure(string capture)
    {
        server.Respond(new ScriptedResponse(429, EvalData.Read(capture)));
        await using var harness = Harness.ForGoogleCse(server.BaseAddress);

        var page = await harness.Web.SearchAsync(new WebSearchQuery("x", "US"));

        Assert.Empty(page.Results);
        Assert.Single(server.Requests); // not retried
    }

    [Theory]
    [InlineData("""{"error":{"code":403,"message":"This project does not have the access to Custom Search JSON API.","errors":[{"message":"This project does not have the access to Custom Search JSON API.","domain":"global","reason":"forbidden"}],"status":"PERMISSION_DENIED"}}""")]
    [InlineData("""{"error":{"code":403,"message":"Custom Search JSON API has not been used in project 1 before or it is disabled.","errors":[{"message":"Access Not Configured.","domain":"usageLimits","reason":"accessNotConfigured"}],"status":"PERMISSION_DENIED"}}""")]
    [InlineData("""{"error":{"errors":[{"domain":"usageLimits","reason":"dailyLimitExceeded","message":"Daily Limit Exceeded"}],"code":403,"message":"Daily Limit Exceeded"}}""")]
    public async Task Blocked_or_daily_limited_cse_is_an_empty_page(string body)
    {
        server.Respond(new ScriptedResponse(403, body));
        await using var harness = Harness.ForGoogleCse(server.BaseAddress);

        var page = await harness.Web.SearchAsync(new WebSearchQuery("x", "US"));

        Assert.Empty(page.Results);
    }

    [Theory]
    [InlineData(400, """{"error":{"code":400,"message":"API key not valid. Please pass a valid API key.","errors":[{"message":"API key not valid.","domain":"global","reason":"badRequest"}],"status":"INVALID_ARGUMENT","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_INVALID"}]}}""", ProviderErrorKind.Unauthorized)]
    [InlineData(400, """{"error":{"code":400,"message":"Request contains an invalid argument.","errors":[{"message":"Request contains an invalid argument.","domain":"global","reason":"badRequest"}],"status":"INVALID_ARGUMENT"}}""", ProviderErrorKind.Rejected)]
    [InlineData(429, """{"error":{"code":429,"message":"Quota exceeded for quota metric 'Queries' and limit 'Queries per minute'.","errors":[{"reason":"rateLimitExceeded"}],"status":"RESOURCE_EXHAUSTED"}}""", ProviderErrorKind.RateLimited)]
    [InlineData(500, """{"error":{"code":500,"message":"Internal error encountered.","status":"INTERNAL"}}""", ProviderErrorKind.Transient)]
    public async Task Other_errors_fail_the_call(int status, string body, ProviderErrorKind kind)
    {
        server.Respond(new ScriptedResponse(status, body));
        await using var harness = Harness.ForGoogleCse(server.BaseAddress);

        var error = await Assert.ThrowsAsync<ProviderException>(() => harness.Web.SearchAsync(new WebSearchQuery("x", "US")));

        Assert.Equal((kind, status), (error.Kind, error.StatusCode));
    }

    [Fact]
    public async Task Query_carries_key_engine_country_and_paging()
    {
        server.Respond(ScriptedResponse.Json("""{"kind":"customsearch#search"}"""));
        await using var harness = Harness.ForGoogleCse(server.BaseAddress, o => o.Language = "ar");

        await harness.Web.SearchAsync(new WebSearchQuery("site:linkedin.com/in \"Aramco\"", "SA", Count: 5, Page: 3));

        var request = Assert.Single(server.Requests);
        Assert.Equal("/customsearch/v1", request.Path);
        Assert.Equal(
            (Harness.GoogleCseKey, "test-cx-0123", "site:linkedin.com/in \"Aramco\"", "5", "11", "sa", "ar"),
            (request.Query("key"), request.Query("cx"), request.Query("q"), request.Query("num"), request.Query("start"), request.Query("gl"), request.Query("hl")));
    }
}
