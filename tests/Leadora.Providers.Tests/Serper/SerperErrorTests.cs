using Leadora.Ports;
using Leadora.Providers.Tests.Infrastructure;

namespace Leadora.Providers.Tests.Serper;

/// <summary>Serper failures, over real HTTP, become <see cref="ProviderException"/>s of the right kind.</summary>
public sealed class SerperErrorTests : IAsyncLifetime
{
    private ScriptedServer server = null!;

    public async Task InitializeAsync() => server = await ScriptedServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task Not_enough_credits_is_out_of_credit()
    {
        server.Respond(new ScriptedResponse(400, """{"message":"Not enough credits","statusCode":400}"""));
        await using var harness = Harness.ForSerper(server.BaseAddress);

        var error = await Assert.ThrowsAsync<ProviderException>(() => harness.Places.SearchAsync(new PlacesQuery("x", "US")));

        Assert.Equal(ProviderErrorKind.OutOfCredit, error.Kind);
        Assert.Equal("serper", error.Provider);
        Assert.Equal("places", error.Operation);
        Assert.Equal(400, error.StatusCode);
        Assert.Contains("Not enough credits", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Other_bad_requests_are_rejected()
    {
        server.Respond(new ScriptedResponse(400, """{"message":"Query is required","statusCode":400}"""));
        await using var harness = Harness.ForSerper(server.BaseAddress);

        var error = await Assert.ThrowsAsync<ProviderException>(() => harness.Web.SearchAsync(new WebSearchQuery("x", "US")));

        Assert.Equal(ProviderErrorKind.Rejected, error.Kind);
        Assert.Equal("search", error.Operation);
    }

    [Theory]
    [InlineData(401, ProviderErrorKind.Unauthorized)]
    [InlineData(403, ProviderErrorKind.Unauthorized)]
    [InlineData(404, ProviderErrorKind.Rejected)]
    [InlineData(500, ProviderErrorKind.Transient)]
    [InlineData(503, ProviderErrorKind.Transient)]
    public async Task Status_codes_map_to_error_kinds(int status, ProviderErrorKind kind)
    {
        server.Respond(new ScriptedResponse(status, """{"message":"Unauthorized.","statusCode":0}"""));
        await using var harness = Harness.ForSerper(server.BaseAddress);

        var error = await Assert.ThrowsAsync<ProviderException>(() => harness.Places.SearchAsync(new PlacesQuery("x", "US")));

        Assert.Equal(kind, error.Kind);
        Assert.Equal(status, error.StatusCode);
    }

    [Theory]
    [InlineData("12", 12_000)]
    [InlineData("0.5", 500)]
    public async Task Rate_limits_carry_retry_after(string header, int expectedMs)
    {
        server.Respond(new ScriptedResponse(429, """{"message":"Too many requests","statusCode":429}""") { Headers = { ["Retry-After"] = header } });
        await using var harness = Harness.ForSerper(server.BaseAddress);

        var error = await Assert.ThrowsAsync<ProviderException>(() => harness.Web.SearchAsync(new WebSearchQuery("x", "US")));

        Assert.Equal(ProviderErrorKind.RateLimited, error.Kind);
        Assert.Equal(429, error.StatusCode);
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), error.RetryAfter);
    }

    [Fact]
    public async Task A_rate_limit_without_retry_after_has_none()
    {
        server.Respond(new ScriptedResponse(429, "Too many requests", "text/plain"));
        await using var harness = Harness.ForSerper(server.BaseAddress);

        var error = await Assert.ThrowsAsync<ProviderException>(() => harness.Web.SearchAsync(new WebSearchQuery("x", "US")));

        Assert.Equal(ProviderErrorKind.RateLimited, error.Kind);
        Assert.Null(error.RetryAfter);
        Assert.Contains("Too many requests", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"places": [ {"title": "cut off""")]
    [InlineData("<html>oops</html>")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("")]
    public async Task An_unreadable_success_is_an_invalid_response(string body)
    {
        server.Respond(new ScriptedResponse(200, body));
        await using var harness = Harness.ForSerper(server.BaseAddress);

        var error = await Assert.ThrowsAsync<ProviderException>(() => harness.Places.SearchAsync(new PlacesQuery("x", "US")));

        Assert.Equal(ProviderErrorKind.InvalidResponse, error.Kind);
        Assert.Equal(200, error.StatusCode);
    }

    [Fact]
    public async Task A_slow_server_is_a_timeout()
    {
        server.Respond(new ScriptedResponse(200, """{"places":[]}""") { Delay = TimeSpan.FromSeconds(5) });
        await using var harness = Harness.ForSerper(server.BaseAddress, o => o.TimeoutSeconds = 1);

        var error = await Assert.ThrowsAsync<ProviderException>(() => harness.Places.SearchAsync(new PlacesQuery("x", "US")));

        Assert.Equal(ProviderErrorKind.Timeout, error.Kind);
    }

    [Fact]
    public async Task The_callers_cancellation_is_not_translated()
    {
        server.Respond(new ScriptedResponse(200, """{"places":[]}""") { Delay = TimeSpan.FromSeconds(5) });
        await using var harness = Harness.ForSerper(server.BaseAddress);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => harness.Places.SearchAsync(new PlacesQuery("x", "US"), cancel.Token));
    }

    [Fact]
    public async Task A_refused_connection_is_transient()
    {
        var closed = server.BaseAddress;
        await server.DisposeAsync();
        server = await ScriptedServer.StartAsync();
        await using var harness = Harness.ForSerper(closed);

        var error = await Assert.ThrowsAsync<ProviderException>(() => harness.Web.SearchAsync(new WebSearchQuery("x", "US")));

        Assert.Equal(ProviderErrorKind.Transient, error.Kind);
        Assert.Null(error.StatusCode);
    }
}
