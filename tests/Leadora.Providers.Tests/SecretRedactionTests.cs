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

    private static void AssertNoLeak(string key, List<Exception> errors, InMemoryLoggerProvider logs)
    {
        Assert.All(errors, e => Assert.DoesNotContain(key, e.ToString(), StringComparison.Ordinal));
        Assert.NotEmpty(logs.Entries);
        Assert.Contains(logs.Entries, e => e.Category.StartsWith("System.Net.Http.HttpClient", StringComparison.Ordinal));
        Assert.Contains(logs.Entries, e => e.Message.Contains("failed", StringComparison.Ordinal));
        Assert.All(logs.Entries, e => Assert.DoesNotContain(key, e.ToString(), StringComparison.Ordinal));
    }
}
