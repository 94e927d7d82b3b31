using System.Net;
using System.Text.Json.Nodes;

namespace Leadora.Sandbox.Tests;

/// <summary>The Gemini emulator: generateContent's request and response shapes, error bodies and faults.</summary>
public sealed class GeminiTests(SandboxTestHost host) : IClassFixture<SandboxTestHost>
{
    private static JsonObject Request(string? schema, string text = Prompts.CustomerRequest, int? maxOutputTokens = null)
    {
        var config = new JsonObject();
        if (schema is not null)
        {
            config["responseMimeType"] = "application/json";
            config["responseJsonSchema"] = JsonNode.Parse(schema);
        }

        if (maxOutputTokens is { } max)
        {
            config["maxOutputTokens"] = max;
        }

        return new JsonObject
        {
            ["contents"] = new JsonArray(new JsonObject { ["role"] = "user", ["parts"] = new JsonArray(new JsonObject { ["text"] = text }) }),
            ["systemInstruction"] = new JsonObject { ["parts"] = new JsonArray(new JsonObject { ["text"] = "You write B2B personas as JSON." }) },
            ["generationConfig"] = config,
        };
    }

    [Fact]
    public async Task Structured_output_fits_the_response_json_schema_and_reports_usage()
    {
        using var response = await host.GeminiAsync("gemini-2.0-flash", Request(Schemas.BusinessPersonas));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await SandboxTestHost.JsonAsync(response);
        var candidate = body["candidates"]![0]!;
        Assert.Equal("STOP", candidate["finishReason"]!.GetValue<string>());
        Assert.Equal("model", candidate["content"]!["role"]!.GetValue<string>());
        var text = candidate["content"]!["parts"]![0]!["text"]!.GetValue<string>();
        await SchemaValidation.AssertValidAsync(Schemas.BusinessPersonas, text);
        Assert.Contains("petrochemical", text, StringComparison.OrdinalIgnoreCase);
        var usage = body["usageMetadata"]!;
        Assert.True(usage["promptTokenCount"]!.GetValue<int>() > 0);
        Assert.True(usage["candidatesTokenCount"]!.GetValue<int>() > 0);
        Assert.Equal(usage["promptTokenCount"]!.GetValue<int>() + usage["candidatesTokenCount"]!.GetValue<int>(), usage["totalTokenCount"]!.GetValue<int>());
        Assert.Null(usage["thoughtsTokenCount"]);
        Assert.Equal("gemini-2.0-flash", body["modelVersion"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(body["responseId"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Thinking_models_report_thought_tokens()
    {
        using var response = await host.GeminiAsync("gemini-2.5-flash", Request(Schemas.BusinessPersonas));

        var usage = (await SandboxTestHost.JsonAsync(response))["usageMetadata"]!;
        Assert.True(usage["thoughtsTokenCount"]!.GetValue<int>() > 0);
        Assert.Equal(
            usage["promptTokenCount"]!.GetValue<int>() + usage["candidatesTokenCount"]!.GetValue<int>() + usage["thoughtsTokenCount"]!.GetValue<int>(),
            usage["totalTokenCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task Token_limit_stops_with_max_tokens_and_no_parts_on_a_thinking_model()
    {
        using var response = await host.GeminiAsync("gemini-2.5-pro", Request(Schemas.BusinessPersonas, maxOutputTokens: 5));

        var candidate = (await SandboxTestHost.JsonAsync(response))["candidates"]![0]!;
        Assert.Equal("MAX_TOKENS", candidate["finishReason"]!.GetValue<string>());
        Assert.Null(candidate["content"]!["parts"]);
    }

    [Fact]
    public async Task Safety_trigger_stops_with_safety_and_empty_content()
    {
        using var response = await host.GeminiAsync("gemini-2.0-flash", Request(Schemas.BusinessPersonas, "Tell me [sandbox:safety] things"));

        var candidate = (await SandboxTestHost.JsonAsync(response))["candidates"]![0]!;
        Assert.Equal("SAFETY", candidate["finishReason"]!.GetValue<string>());
        Assert.Empty(candidate["content"]!.AsObject());
        Assert.Contains(candidate["safetyRatings"]!.AsArray(), r => r!["blocked"]?.GetValue<bool>() == true);
    }

    [Theory]
    [InlineData(null, 403, "PERMISSION_DENIED")]
    [InlineData("invalid-key", 400, "INVALID_ARGUMENT")]
    public async Task Keys_are_checked_with_google_error_bodies(string? key, int status, string rpcStatus)
    {
        using var response = await host.GeminiAsync("gemini-2.0-flash", Request(null), key);

        Assert.Equal(status, (int)response.StatusCode);
        var error = (await SandboxTestHost.JsonAsync(response))["error"]!;
        Assert.Equal((status, rpcStatus), (error["code"]!.GetValue<int>(), error["status"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Unknown_models_and_bad_requests_are_refused()
    {
        using var unknown = await host.GeminiAsync("unknown-model", Request(null));
        using var empty = await host.GeminiAsync("gemini-2.0-flash", new JsonObject { ["contents"] = new JsonArray() });
        using var badRole = await host.GeminiAsync("gemini-2.0-flash", new JsonObject
        {
            ["contents"] = new JsonArray(new JsonObject { ["role"] = "assistant", ["parts"] = new JsonArray(new JsonObject { ["text"] = "x" }) }),
        });
        var schemaWithoutMime = Request(Schemas.BusinessPersonas);
        schemaWithoutMime["generationConfig"]!["responseMimeType"] = "text/plain";
        using var noMime = await host.GeminiAsync("gemini-2.0-flash", schemaWithoutMime);

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("is not found for API version v1beta", (await SandboxTestHost.JsonAsync(unknown))["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.All([empty, badRole, noMime], r => Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode));
    }

    [Fact]
    public async Task Rate_limit_fault_carries_quota_failure_and_retry_info()
    {
        host.Server.Faults.Enqueue(SandboxProviders.Gemini, SandboxFault.RateLimit(TimeSpan.FromMilliseconds(1500)));

        using var response = await host.GeminiAsync("gemini-2.0-flash", Request(null));

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        var error = (await SandboxTestHost.JsonAsync(response))["error"]!;
        Assert.Equal("RESOURCE_EXHAUSTED", error["status"]!.GetValue<string>());
        var details = error["details"]!.AsArray();
        Assert.Equal("1.5s", details.Single(d => d!["@type"]!.GetValue<string>().EndsWith("RetryInfo", StringComparison.Ordinal))!["retryDelay"]!.GetValue<string>());
        Assert.Contains("PerMinute", details.Single(d => d!["@type"]!.GetValue<string>().EndsWith("QuotaFailure", StringComparison.Ordinal))!["violations"]![0]!["quotaId"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SandboxFaultKind.OutOfCredit, 429, "RESOURCE_EXHAUSTED")]
    [InlineData(SandboxFaultKind.InternalServerError, 500, "INTERNAL")]
    [InlineData(SandboxFaultKind.ServiceUnavailable, 503, "UNAVAILABLE")]
    public async Task Status_faults_use_google_error_bodies(SandboxFaultKind kind, int status, string rpcStatus)
    {
        host.Server.Faults.Enqueue(SandboxProviders.Gemini, new SandboxFault(kind));

        using var response = await host.GeminiAsync("gemini-2.0-flash", Request(null));

        Assert.Equal(status, (int)response.StatusCode);
        var error = (await SandboxTestHost.JsonAsync(response))["error"]!;
        Assert.Equal(rpcStatus, error["status"]!.GetValue<string>());
        if (kind == SandboxFaultKind.OutOfCredit)
        {
            Assert.Contains("PerDay", error.ToJsonString(), StringComparison.Ordinal);
            Assert.DoesNotContain("RetryInfo", error.ToJsonString(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(SandboxFaultKind.SchemaViolation)]
    [InlineData(SandboxFaultKind.Malformed)]
    public async Task Content_faults_corrupt_the_output_text_only(SandboxFaultKind kind)
    {
        host.Server.Faults.Enqueue(SandboxProviders.Gemini, new SandboxFault(kind));

        using var response = await host.GeminiAsync("gemini-2.0-flash", Request(Schemas.BusinessPersonas));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = (await SandboxTestHost.JsonAsync(response))["candidates"]![0]!["content"]!["parts"]![0]!["text"]!.GetValue<string>();
        Assert.False(await SchemaValidation.IsValidAsync(Schemas.BusinessPersonas, text));
    }
}
