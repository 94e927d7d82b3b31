using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Leadora.Sandbox.Tests;

public sealed class FaultTests
{
    private static JsonObject PersonaRequest => Prompts.Responses("gpt-5", "business_personas", Schemas.BusinessPersonas, Prompts.CustomerRequest);

    [Fact]
    public async Task Scripted_rate_limit_carries_openai_body_and_retry_after_headers_then_clears()
    {
        await using var host = await SandboxTestHost.StartAsync();
        host.Server.Faults.Enqueue(SandboxProviders.OpenAI, SandboxFault.RateLimit(retryAfter: TimeSpan.FromMilliseconds(1500)));

        using var limited = await host.OpenAIAsync("responses", PersonaRequest);
        using var retried = await host.OpenAIAsync("responses", PersonaRequest);

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("1500", limited.Headers.GetValues("retry-after-ms").Single());
        Assert.Equal("2", limited.Headers.GetValues("retry-after").Single());
        var error = (await SandboxTestHost.JsonAsync(limited))["error"]!;
        Assert.Equal("rate_limit_exceeded", error["code"]!.GetValue<string>());
        Assert.StartsWith("Rate limit reached", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(0, host.Server.Faults.Pending(SandboxProviders.OpenAI));
    }

    [Theory]
    [InlineData(SandboxFaultKind.InternalServerError, 500, "server_error", null)]
    [InlineData(SandboxFaultKind.ServiceUnavailable, 503, "server_error", null)]
    [InlineData(SandboxFaultKind.OutOfCredit, 429, "insufficient_quota", "insufficient_quota")]
    public async Task OpenAI_status_faults_use_openai_error_bodies(SandboxFaultKind kind, int status, string type, string? code)
    {
        await using var host = await SandboxTestHost.StartAsync();
        host.Server.Faults.Enqueue("openai", new SandboxFault(kind));

        using var response = await host.OpenAIAsync("embeddings", new JsonObject { ["model"] = "text-embedding-3-small", ["input"] = "x" });

        Assert.Equal(status, (int)response.StatusCode);
        var error = (await SandboxTestHost.JsonAsync(response))["error"]!;
        Assert.Equal(type, error["type"]!.GetValue<string>());
        Assert.Equal(code, error["code"]?.GetValue<string>());
    }

    [Theory]
    [InlineData(SandboxFaultKind.RateLimit, 429, "Too many requests")]
    [InlineData(SandboxFaultKind.InternalServerError, 500, "Internal server error")]
    [InlineData(SandboxFaultKind.ServiceUnavailable, 503, "Service Unavailable")]
    [InlineData(SandboxFaultKind.OutOfCredit, 400, "Not enough credits")]
    public async Task Serper_status_faults_use_serper_error_bodies(SandboxFaultKind kind, int status, string message)
    {
        await using var host = await SandboxTestHost.StartAsync();
        host.Server.Faults.Enqueue("serper", new SandboxFault(kind));

        using var response = await host.SerperAsync("places", SandboxTestHost.Places("refinery", "sa"));

        Assert.Equal(status, (int)response.StatusCode);
        var body = await SandboxTestHost.JsonAsync(response);
        Assert.Equal(message, body["message"]!.GetValue<string>());
        Assert.Equal(status, body["statusCode"]!.GetValue<int>());
        if (kind == SandboxFaultKind.RateLimit)
        {
            Assert.Equal("1", response.Headers.GetValues("Retry-After").Single());
        }
    }

    [Fact]
    public async Task Malformed_llm_fault_keeps_the_envelope_but_breaks_the_output_text()
    {
        await using var host = await SandboxTestHost.StartAsync();
        host.Server.Faults.Enqueue("openai", SandboxFault.Malformed());

        using var response = await host.OpenAIAsync("responses", PersonaRequest);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = Prompts.OutputText(await SandboxTestHost.JsonAsync(response));
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(text));
    }

    [Fact]
    public async Task Malformed_search_fault_returns_a_200_body_that_is_not_json()
    {
        await using var host = await SandboxTestHost.StartAsync();
        host.Server.Faults.Enqueue("serper", SandboxFault.Malformed());

        using var response = await host.SerperAsync("search", new JsonObject { ["q"] = "refinery market size", ["gl"] = "sa" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(body));
    }

    [Fact]
    public async Task Schema_fault_yields_json_that_fails_the_schema_and_waits_for_an_llm_call()
    {
        await using var host = await SandboxTestHost.StartAsync();
        host.Server.Faults.Enqueue("openai", SandboxFault.SchemaViolation());

        using var embeddings = await host.OpenAIAsync("embeddings", new JsonObject { ["model"] = "text-embedding-3-small", ["input"] = "x" });
        using var response = await host.OpenAIAsync("responses", PersonaRequest);

        Assert.Equal(HttpStatusCode.OK, embeddings.StatusCode);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = Prompts.OutputText(await SandboxTestHost.JsonAsync(response));
        using var _ = JsonDocument.Parse(text);
        Assert.NotEmpty(await SchemaValidation.ErrorsAsync(Schemas.BusinessPersonas, text));
        Assert.Throws<ArgumentException>(() => host.Server.Faults.Enqueue("serper", SandboxFault.SchemaViolation()));
    }

    [Fact]
    public async Task Timeout_fault_hangs_until_the_client_gives_up()
    {
        await using var host = await SandboxTestHost.StartAsync();
        host.Server.Faults.Enqueue("serper", SandboxFault.Timeout());
        using var giveUp = new CancellationTokenSource();

        var pending = host.Http.PostAsync("serper/places", new StringContent(SandboxTestHost.Places("refinery", "sa").ToJsonString()) { Headers = { { "X-API-KEY", "k" } } }, giveUp.Token);
        for (var i = 0; i < 250 && host.Server.Faults.Pending("serper") > 0; i++)
        {
            await Task.Delay(20);
        }

        // The server has taken the fault and is hanging; it must not answer on its own.
        await Task.Delay(200);
        Assert.False(pending.IsCompleted);
        await giveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);

        var entry = await WaitForEntryAsync(host.Server, e => e.Fault?.Kind == SandboxFaultKind.Timeout);
        Assert.Equal(499, entry.StatusCode);
    }

    [Fact]
    public async Task Timeout_fault_answers_504_after_its_duration()
    {
        await using var host = await SandboxTestHost.StartAsync(new SandboxOptions { TimeoutFaultDuration = TimeSpan.FromMilliseconds(50) });
        host.Server.Faults.Enqueue("openai", SandboxFault.Timeout());

        using var response = await host.OpenAIAsync("responses", PersonaRequest);

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
    }

    [Fact]
    public async Task Random_faults_are_deterministic_and_a_retry_of_the_same_request_can_succeed()
    {
        var options = SandboxOptions.ParseArguments(["--faults", "serper:500=0.5"]);
        await using var first = await SandboxTestHost.StartAsync(options);
        await using var second = await SandboxTestHost.StartAsync(SandboxOptions.ParseArguments(["--faults", "serper:500=0.5"]));

        var a = await StatusesAsync(first);
        var b = await StatusesAsync(second);

        Assert.Equal(a, b);
        Assert.Contains(500, a);
        Assert.Contains(200, a);

        static async Task<List<int>> StatusesAsync(SandboxTestHost host)
        {
            var statuses = new List<int>();
            for (var i = 0; i < 16; i++)
            {
                using var response = await host.SerperAsync("places", SandboxTestHost.Places("refinery", "sa"));
                statuses.Add((int)response.StatusCode);
            }

            return statuses;
        }
    }

    [Fact]
    public async Task Rate_one_always_faults_and_is_recorded()
    {
        var options = new SandboxOptions();
        options.FaultRates.Add(new SandboxFaultRate("openai", SandboxFaultKind.OutOfCredit, 1.0));
        await using var host = await SandboxTestHost.StartAsync(options);

        for (var i = 0; i < 3; i++)
        {
            using var response = await host.OpenAIAsync("responses", PersonaRequest);
            Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        }

        Assert.All(host.Server.RequestLog.ForProvider("openai"), e => Assert.Equal(SandboxFaultKind.OutOfCredit, e.Fault!.Kind));
    }

    private static async Task<SandboxRequestLogEntry> WaitForEntryAsync(SandboxServer server, Func<SandboxRequestLogEntry, bool> match)
    {
        for (var i = 0; i < 500; i++)
        {
            if (server.RequestLog.Snapshot().FirstOrDefault(match) is { } entry)
            {
                return entry;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException("The request log never recorded the expected entry.");
    }
}
