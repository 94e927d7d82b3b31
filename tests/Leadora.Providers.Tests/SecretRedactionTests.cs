using Leadora.Ports;
using Leadora.Providers.Tests.Infrastructure;
using Microsoft.Extensions.AI;

namespace Leadora.Providers.Tests;

/// <summary>
/// API keys never reach exception text or logs, even when a provider echoes the key back in an error body.
/// Every log level is captured, including IHttpClientFactory's request and header logging.
/// </summary>
public sealed class SecretRedactionTests : IAsyncLifetime
{
    private ScriptedServer server = null!;

    public async Task InitializeAsync() => server = await ScriptedServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task OpenAI_key_stays_out_of_exceptions_and_logs()
    {
        var logs = new InMemoryLoggerProvider();
        var echo = $$$"""{"error":{"message":"Incorrect API key provided: {{{Harness.OpenAIKey}}}.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}""";
        server.Respond(request => request.Path.EndsWith("/embeddings", StringComparison.Ordinal)
            ? new ScriptedResponse(429, echo.Replace("invalid_api_key", "rate_limit_exceeded", StringComparison.Ordinal)) { Headers = { ["retry-after-ms"] = "5" } }
            : request.Json.GetProperty("model").GetString() == "gpt-5-mini"
                ? new ScriptedResponse(200, $"not json {Harness.OpenAIKey}")
                : new ScriptedResponse(401, echo));
        var errors = new List<Exception>();
        await using (var harness = Harness.ForOpenAI(server.BaseAddress, logs: logs))
        {
            errors.Add(await Assert.ThrowsAsync<ProviderException>(() => harness.Chat().GetResponseAsync("Hello", Schemas.JsonSchemaOptions())));
            errors.Add(await Assert.ThrowsAsync<ProviderException>(() => harness.Embeddings.GenerateAsync(["x"])));
            errors.Add(await Assert.ThrowsAsync<ProviderException>(() => harness.Chat(ModelTier.Light).GetResponseAsync("Hello")));
        }

        Assert.All(server.Requests, r => Assert.Equal($"Bearer {Harness.OpenAIKey}", r.Header("Authorization")));
        Assert.Contains("Incorrect API key provided: ***", errors[0].Message, StringComparison.Ordinal);
        Assert.Equal(
            [ProviderErrorKind.Unauthorized, ProviderErrorKind.RateLimited, ProviderErrorKind.InvalidResponse],
            errors.Cast<ProviderException>().Select(e => e.Kind));
        AssertNoLeak(Harness.OpenAIKey, errors, logs);
    }

    [Fact]
    public async Task Serper_key_stays_out_of_exceptions_and_logs()
    {
        var logs = new InMemoryLoggerProvider();
        server.Respond(request => request.Path == "/places"
            ? new ScriptedResponse(403, $$"""{"message":"Key {{Harness.SerperKey}} is not allowed","statusCode":403}""")
            : new ScriptedResponse(200, $"not json {Harness.SerperKey}"));
        var errors = new List<Exception>();
        await using (var harness = Harness.ForSerper(server.BaseAddress, logs: logs))
        {
            errors.Add(await Assert.ThrowsAsync<ProviderException>(() => harness.Places.SearchAsync(new PlacesQuery("x", "US"))));
            errors.Add(await Assert.ThrowsAsync<ProviderException>(() => harness.Web.SearchAsync(new WebSearchQuery("x", "US"))));
        }

        Assert.All(server.Requests, r => Assert.Equal(Harness.SerperKey, r.Header("X-API-KEY")));
        Assert.Equal(ProviderErrorKind.Unauthorized, ((ProviderException)errors[0]).Kind);
        Assert.Contains("Key *** is not allowed", errors[0].Message, StringComparison.Ordinal);
        AssertNoLeak(Harness.SerperKey, errors, logs);
    }

    [Fact]
    public async Task Gemini_and_places_new_keys_stay_out_of_exceptions_and_logs()
    {
        var logs = new InMemoryLoggerProvider();
        server.Respond(request => new ScriptedResponse(400, $$$"""{"error":{"code":400,"message":"API key not valid: {{{request.Header("x-goog-api-key")}}}","status":"INVALID_ARGUMENT"}}"""));
        var errors = new List<Exception>();
        await using (var gemini = Harness.ForGemini(server.BaseAddress, logs: logs))
        {
            errors.Add(await Assert.ThrowsAsync<ProviderException>(() => gemini.Chat().GetResponseAsync("x")));
        }

        await using (var places = Harness.ForGooglePlaces(server.BaseAddress, logs: logs))
        {
            errors.Add(await Assert.ThrowsAsync<ProviderException>(() => places.Places.SearchAsync(new PlacesQuery("x", "US"))));
        }

        Assert.Contains("API key not valid: ***", errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("API key not valid: ***", errors[1].Message, StringComparison.Ordinal);
        AssertNoLeak(Harness.GeminiKey, errors, logs);
        AssertNoLeak(Harness.GooglePlacesKey, errors, logs);
    }

    [Fact]
    public async Task DeepSeek_key_stays_out_of_exceptions_and_logs()
    {
        var logs = new InMemoryLoggerProvider();
        server.Respond(new ScriptedResponse(401, $$$"""{"error":{"message":"Authentication Fails, Your api key: {{{Harness.DeepSeekKey}}} is invalid","type":"authentication_error","param":null,"code":"invalid_request_error"}}"""));
        var errors = new List<Exception>();
        await using (var harness = Harness.ForDeepSeek(server.BaseAddress, logs: logs))
        {
            errors.Add(await Assert.ThrowsAsync<ProviderException>(() => harness.Chat().GetResponseAsync("x")));
        }

        Assert.Equal(ProviderErrorKind.Unauthorized, ((ProviderException)errors[0]).Kind);
        AssertNoLeak(Harness.DeepSeekKey, errors, logs);
    }

    [Fact]
    public async Task Keys_sent_in_the_query_string_stay_out_of_exceptions_and_logs()
    {
        var logs = new InMemoryLoggerProvider();
        server.Respond(request => request.Path.Contains("customsearch", StringComparison.Ordinal)
            ? new ScriptedResponse(400, $$$"""{"error":{"code":400,"message":"Bad key {{{request.Query("key")}}}","status":"INVALID_ARGUMENT"}}""")
            : ScriptedResponse.Json($$"""{"error_message":"The provided API key {{request.Query("key")}} is invalid.","results":[],"status":"REQUEST_DENIED"}"""));
        var errors = new List<Exception>();
        await using (var cse = Harness.ForGoogleCse(server.BaseAddress, logs: logs))
        {
            errors.Add(await Assert.ThrowsAsync<ProviderException>(() => cse.Web.SearchAsync(new WebSearchQuery("x", "US"))));
        }

        await using (var legacy = Harness.ForGooglePlaces(server.BaseAddress, legacy: true, logs: logs))
        {
            errors.Add(await Assert.ThrowsAsync<ProviderException>(() => legacy.Places.SearchAsync(new PlacesQuery("x", "US"))));
        }

        Assert.Equal(Harness.GoogleCseKey, server.Requests[0].Query("key"));
        Assert.Equal(Harness.GooglePlacesKey, server.Requests[1].Query("key"));
        Assert.Contains("Bad key ***", errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("The provided API key *** is invalid.", errors[1].Message, StringComparison.Ordinal);
        AssertNoLeak(Harness.GoogleCseKey, errors, logs);
        AssertNoLeak(Harness.GooglePlacesKey, errors, logs);
    }

    private static void AssertNoLeak(string key, List<Exception> errors, InMemoryLoggerProvider logs)
    {
        Assert.All(errors, e => Assert.DoesNotContain(key, e.ToString(), StringComparison.Ordinal));
        Assert.NotEmpty(logs.Entries);
        Assert.Contains(logs.Entries, e => e.Category.StartsWith("System.Net.Http.HttpClient", StringComparison.Ordinal));
        Assert.Contains(logs.Entries, e => e.Message.Contains("failed", StringComparison.Ordinal));
        Assert.All(logs.Entries, e => Assert.DoesNotContain(key, e.ToString(), StringComparison.Ordinal));
    }
}
