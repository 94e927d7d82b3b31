using System.Text;
using Leadora.Ports;

namespace Leadora.Providers.Tests.Http;

/// <summary>The per-provider error rules the adapters and the resilience pipeline share.</summary>
public sealed class ErrorRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static ProviderResponse Response(int status, string body, Dictionary<string, string>? headers = null, string? uri = null) =>
        new(status, name => headers?.GetValueOrDefault(name), Encoding.UTF8.GetBytes(body), uri is null ? null : new Uri(uri));

    [Theory]
    [InlineData("26s", 26_000.0)]
    [InlineData("1.5s", 1_500.0)]
    [InlineData("0.000500s", 0.5)]
    [InlineData("26", null)]
    [InlineData("", null)]
    [InlineData("-1s", null)]
    public void Google_durations_are_parsed(string value, double? milliseconds) =>
        Assert.Equal(milliseconds is { } ms ? TimeSpan.FromMilliseconds(ms) : null, GoogleError.ParseDuration(value));

    [Fact]
    public void Retry_info_beats_the_retry_after_header_for_google()
    {
        var failure = new GoogleErrorRules("gemini").Classify(Response(429, """{"error":{"code":429,"status":"RESOURCE_EXHAUSTED","details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"3s"}]}}""", new() { ["retry-after"] = "9" }), Now);

        Assert.Equal((ProviderErrorKind.RateLimited, TimeSpan.FromSeconds(3), true), (failure!.Kind, failure.RetryAfter, failure.Retryable));
    }

    [Fact]
    public void Retry_after_ms_beats_retry_after_for_openai_compatible_apis()
    {
        var failure = new OpenAICompatibleErrorRules("openai").Classify(Response(429, """{"error":{"code":"rate_limit_exceeded","type":"requests","message":"slow down"}}""", new() { ["retry-after-ms"] = "1500", ["retry-after"] = "2" }), Now);

        Assert.Equal((ProviderErrorKind.RateLimited, TimeSpan.FromMilliseconds(1500)), (failure!.Kind, failure.RetryAfter));
        Assert.Contains("rate_limit_exceeded: slow down", failure.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(429, """{"error":{"code":"insufficient_quota","type":"insufficient_quota","message":"quota"}}""", ProviderErrorKind.OutOfCredit, false)]
    [InlineData(402, """{"error":{"message":"Insufficient Balance","type":"unknown_error","code":"invalid_request_error"}}""", ProviderErrorKind.OutOfCredit, false)]
    [InlineData(401, """{"error":{"message":"bad key"}}""", ProviderErrorKind.Unauthorized, false)]
    [InlineData(400, """{"error":{"message":"bad request"}}""", ProviderErrorKind.Rejected, false)]
    [InlineData(408, "", ProviderErrorKind.Timeout, true)]
    [InlineData(500, "oops", ProviderErrorKind.Transient, true)]
    [InlineData(504, "", ProviderErrorKind.Timeout, true)]
    public void Openai_compatible_statuses(int status, string body, ProviderErrorKind kind, bool retryable)
    {
        var failure = new OpenAICompatibleErrorRules("deepseek").Classify(Response(status, body), Now);

        Assert.Equal((kind, retryable), (failure!.Kind, failure.Retryable));
    }

    [Theory]
    [InlineData("""{"status":"OK","results":[]}""", null, null)]
    [InlineData("""{"status":"ZERO_RESULTS","results":[]}""", null, null)]
    [InlineData("""{"status":"NOT_FOUND"}""", null, null)]
    [InlineData("""{"status":"OVER_QUERY_LIMIT","error_message":"You have exceeded your rate-limit for this API."}""", null, ProviderErrorKind.RateLimited)]
    [InlineData("""{"status":"OVER_QUERY_LIMIT","error_message":"You have exceeded your daily request quota for this API."}""", null, ProviderErrorKind.OutOfCredit)]
    [InlineData("""{"status":"REQUEST_DENIED","error_message":"You must enable Billing on the Google Cloud Project"}""", null, ProviderErrorKind.OutOfCredit)]
    [InlineData("""{"status":"REQUEST_DENIED","error_message":"The provided API key is invalid."}""", null, ProviderErrorKind.Unauthorized)]
    [InlineData("""{"status":"INVALID_REQUEST"}""", null, ProviderErrorKind.Rejected)]
    [InlineData("""{"status":"INVALID_REQUEST"}""", "https://maps.example/textsearch/json?pagetoken=abc&key=k", ProviderErrorKind.Transient)]
    [InlineData("""{"status":"UNKNOWN_ERROR"}""", null, ProviderErrorKind.Transient)]
    [InlineData("""{"results":[""", null, null)]
    public void Legacy_statuses_in_http_200(string body, string? uri, ProviderErrorKind? kind)
    {
        var failure = LegacyPlacesErrorRules.Instance.Classify(Response(200, body, uri: uri), Now);

        Assert.Equal(kind, failure?.Kind);
        if (uri is not null)
        {
            Assert.Equal(LegacyPlacesErrorRules.PageTokenDelay, failure!.RetryAfter);
        }
    }

    [Fact]
    public void Serper_not_enough_credits_is_out_of_credit_and_429_honours_retry_after()
    {
        var credit = SerperErrorRules.Instance.Classify(Response(400, """{"message":"Not enough credits","statusCode":400}"""), Now);
        var limited = SerperErrorRules.Instance.Classify(Response(429, """{"message":"Too many requests","statusCode":429}""", new() { ["retry-after"] = Now.AddSeconds(4).ToString("r") }), Now);

        Assert.Equal(ProviderErrorKind.OutOfCredit, credit!.Kind);
        Assert.Equal((ProviderErrorKind.RateLimited, TimeSpan.FromSeconds(4)), (limited!.Kind, limited.RetryAfter));
    }
}
