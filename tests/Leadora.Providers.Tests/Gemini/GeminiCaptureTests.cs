using Leadora.Ports;
using Leadora.Providers.Tests.Infrastructure;
using Microsoft.Extensions.AI;

namespace Leadora.Providers.Tests.Gemini;

/// <summary>The Gemini adapter over real HTTP against a scripted server replaying real captured responses.</summary>
public sealed class GeminiCaptureTests : IAsyncLifetime
{
    private ScriptedServer server = null!;

    public async Task InitializeAsync() => server = await ScriptedServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    [EvalFact]
    public async Task Structured_output_with_thought_tokens_is_read_and_thoughts_count_as_output()
    {
        server.Respond(ScriptedResponse.Json(EvalData.Read("gemini/generateContent_json_output_with_thoughtsTokenCount_gemini-2.5-flash.json")));
        await using var harness = Harness.ForGemini(server.BaseAddress, o => o.Model = "gemini-2.5-flash");

        var response = await harness.Chat().GetResponseAsync("Make a collection.", Schemas.JsonSchemaOptions());

        Assert.StartsWith("{\"name\":\"My Collection\"", response.Text, StringComparison.Ordinal);
        Assert.Equal((26L, 64L + 360L, 360L, 450L), (response.Usage!.InputTokenCount, response.Usage.OutputTokenCount, response.Usage.ReasoningTokenCount, response.Usage.TotalTokenCount));
        Assert.Equal(("gemini-2.5-flash", "G9Eeaeh0u6CR1Q_10qWhBw"), (response.ModelId, response.ResponseId));
        Assert.Equal("gemini-2.5-flash", response.AdditionalProperties?["modelVersion"]);

        var request = Assert.Single(server.Requests);
        Assert.Equal(("POST", "/v1beta/models/gemini-2.5-flash:generateContent"), (request.Method, request.Path));
        Assert.Equal(Harness.GeminiKey, request.Header("x-goog-api-key"));
        Assert.Equal("application/json", request.Json.GetProperty("generationConfig").GetProperty("responseMimeType").GetString());
    }

    [EvalFact]
    public async Task A_plain_text_answer_with_grounding_is_read()
    {
        server.Respond(ScriptedResponse.Json(EvalData.Read("gemini/generateContent_google_search_grounding_gemini-2.5-pro.json")));
        await using var harness = Harness.ForGemini(server.BaseAddress);

        var response = await harness.Chat().GetResponseAsync("Weather in San Francisco?");

        Assert.StartsWith("## Weather in San Francisco", response.Text, StringComparison.Ordinal);
        Assert.False(server.Requests[0].Json.TryGetProperty("generationConfig", out _));
    }

    [EvalFact]
    public async Task Max_tokens_without_parts_is_an_invalid_response()
    {
        server.Respond(ScriptedResponse.Json(EvalData.Read("gemini/generateContent_MAX_TOKENS_no_parts_gemini-2.5-pro.json")));
        await using var harness = Harness.ForGemini(server.BaseAddress);

        var error = await Assert.ThrowsAsync<ProviderException>(() => harness.Chat().GetResponseAsync("x"));

        Assert.Equal((ProviderErrorKind.InvalidResponse, 200), (error.Kind, error.StatusCode));
        Assert.Contains("MAX_TOKENS", error.Message, StringComparison.Ordinal);
    }

    [EvalFact]
    public async Task Safety_stop_is_rejected()
    {
        server.Respond(ScriptedResponse.Json(EvalData.Read("gemini/generateContent_SAFETY_blocked_no_parts_gemini-1.5-flash.json")));
        await using var harness = Harness.ForGemini(server.BaseAddress);

        var error = await Assert.ThrowsAsync<ProviderException>(() => harness.Chat().GetResponseAsync("x"));

        Assert.Equal(ProviderErrorKind.Rejected, error.Kind);
        Assert.Contains("SAFETY", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_blocked_prompt_without_candidates_is_rejected()
    {
        server.Respond(ScriptedResponse.Json("""{"promptFeedback":{"blockReason":"PROHIBITED_CONTENT"},"usageMetadata":{"promptTokenCount":9,"totalTokenCount":9}}"""));
        await using var harness = Harness.ForGemini(server.BaseAddress);

        var error = await Assert.ThrowsAsync<ProviderException>(() => harness.Chat().GetResponseAsync("x"));

        Assert.Equal(ProviderErrorKind.Rejected, error.Kind);
        Assert.Contains("PROHIBITED_CONTENT", error.Message, StringComparison.Ordinal);
    }

    [EvalTheory]
    [InlineData("gemini/error_404_model_not_found_generateContent.json", 404, ProviderErrorKind.Rejected, null)]
    [InlineData("gemini/error_429_resource_exhausted_minimal.json", 429, ProviderErrorKind.RateLimited, null)]
    [InlineData("gemini/error_429_quota_exceeded_per_region_errorinfo.json", 429, ProviderErrorKind.RateLimited, null)]
    [InlineData("gemini/error_429_free_tier_quotafailure_retryinfo.json", 429, ProviderErrorKind.RateLimited, 26.0)]
    public async Task Captured_error_bodies_map_to_error_kinds(string capture, int status, ProviderErrorKind kind, double? retryAfterSeconds)
    {
        server.Respond(new ScriptedResponse(status, EvalData.Read(capture)));
        await using var harness = Harness.ForGemini(server.BaseAddress);

        var error = await Assert.ThrowsAsync<ProviderException>(() => harness.Chat().GetResponseAsync("x"));

        Assert.Equal((kind, status), (error.Kind, error.StatusCode));
        Assert.Equal(retryAfterSeconds is { } s ? TimeSpan.FromSeconds(s) : null, error.RetryAfter);
    }

    [Fact]
    public async Task A_per_day_quota_is_out_of_credit()
    {
        server.Respond(new ScriptedResponse(429, """
            {"error":{"code":429,"message":"You exceeded your current quota.","status":"RESOURCE_EXHAUSTED","details":[
              {"@type":"type.googleapis.com/google.rpc.QuotaFailure","violations":[{"quotaMetric":"generativelanguage.googleapis.com/generate_content_free_tier_requests","quotaId":"GenerateRequestsPerDayPerProjectPerModel-FreeTier","quotaValue":"250"}]},
              {"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"39s"}]}}
            """));
        await using var harness = Harness.ForGemini(server.BaseAddress);

        var error = await Assert.ThrowsAsync<ProviderException>(() => harness.Chat().GetResponseAsync("x"));

        Assert.Equal(ProviderErrorKind.OutOfCredit, error.Kind);
    }

    [Theory]
    [InlineData(400, """{"error":{"code":400,"message":"API key not valid. Please pass a valid API key.","status":"INVALID_ARGUMENT","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_INVALID","domain":"googleapis.com"}]}}""", ProviderErrorKind.Unauthorized)]
    [InlineData(400, """{"error":{"code":400,"message":"Invalid JSON payload received.","status":"INVALID_ARGUMENT"}}""", ProviderErrorKind.Rejected)]
    [InlineData(403, """{"error":{"code":403,"message":"Method doesn't allow unregistered callers.","status":"PERMISSION_DENIED"}}""", ProviderErrorKind.Unauthorized)]
    [InlineData(500, """{"error":{"code":500,"message":"An internal error has occurred.","status":"INTERNAL"}}""", ProviderErrorKind.Transient)]
    [InlineData(503, """{"error":{"code":503,"message":"The model is overloaded.","status":"UNAVAILABLE"}}""", ProviderErrorKind.Transient)]
    [InlineData(504, """{"error":{"code":504,"message":"Deadline expired.","status":"DEADLINE_EXCEEDED"}}""", ProviderErrorKind.Timeout)]
    [InlineData(502, "<html>Bad gateway</html>", ProviderErrorKind.Transient)]
    public async Task Status_codes_map_to_error_kinds(int status, string body, ProviderErrorKind kind)
    {
        server.Respond(new ScriptedResponse(status, body));
        await using var harness = Harness.ForGemini(server.BaseAddress);

        var error = await Assert.ThrowsAsync<ProviderException>(() => harness.Chat().GetResponseAsync("x"));

        Assert.Equal((kind, status, "gemini"), (error.Kind, error.StatusCode, error.Provider));
    }

    [Fact]
    public async Task Thought_parts_are_skipped_and_parts_are_joined()
    {
        server.Respond(ScriptedResponse.Json("""
            {"candidates":[{"content":{"role":"model","parts":[{"text":"thinking...","thought":true},{"text":"{\"a\":"},{"text":"1}"}]},"finishReason":"STOP"}]}
            """));
        await using var harness = Harness.ForGemini(server.BaseAddress);

        var response = await harness.Chat().GetResponseAsync("x");

        Assert.Equal("{\"a\":1}", response.Text);
        Assert.Null(response.Usage);
    }

    [Fact]
    public async Task Malformed_json_is_an_invalid_response()
    {
        server.Respond(ScriptedResponse.Json("{\"candidates\":[{\"content\""));
        await using var harness = Harness.ForGemini(server.BaseAddress);

        var error = await Assert.ThrowsAsync<ProviderException>(() => harness.Chat().GetResponseAsync("x"));

        Assert.Equal(ProviderErrorKind.InvalidResponse, error.Kind);
    }
}
