using System.Text.Json;
using Leadora.Ports;
using Leadora.Sandbox;
using Microsoft.Extensions.AI;

namespace Leadora.Providers.Tests.Sandbox;

/// <summary>The production DeepSeek adapter (OpenAI SDK, JSON mode) against the sandbox's DeepSeek emulator.</summary>
public sealed class DeepSeekSandboxContractTests : SandboxTestBase
{
    private static readonly JsonElement Schema = JsonDocument.Parse("""
        {
          "type": "object",
          "properties": {
            "roles": { "type": "array", "minItems": 2, "maxItems": 2, "items": { "type": "object", "properties": { "title": { "type": "string" }, "jobTitles": { "type": "array", "items": { "type": "string" } } }, "required": ["title", "jobTitles"], "additionalProperties": false } }
          },
          "required": ["roles"],
          "additionalProperties": false
        }
        """).RootElement;

    private static ChatOptions Options() => new() { ResponseFormat = ChatResponseFormat.ForJsonSchema(Schema, "decision_maker_personas") };

    [Fact]
    public async Task Json_mode_request_with_the_schema_in_a_system_message()
    {
        await using var adapters = Adapters();

        var response = await adapters.Chat(ModelTier.Primary, "deepseek").GetResponseAsync(
            [new ChatMessage(ChatRole.System, "You describe buyer roles."), new ChatMessage(ChatRole.User, "Product or service: water chemicals\nCountries: Saudi Arabia (SA)")],
            Options());

        var request = LastRequest(SandboxProviders.DeepSeek);
        Assert.Equal(("POST", "/deepseek/chat/completions", 200), (request.Method, request.Path, request.StatusCode));
        Assert.Equal("Bearer sandbox-key", request.Headers["Authorization"]);
        var body = JsonDocument.Parse(request.Body).RootElement;
        Assert.Equal("deepseek-chat", body.GetProperty("model").GetString());
        Assert.Equal("json_object", body.GetProperty("response_format").GetProperty("type").GetString());
        var messages = body.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(["system", "system", "user"], messages.Select(m => m.GetProperty("role").GetString()));
        var instruction = messages[0].GetProperty("content").GetString()!;
        Assert.StartsWith(DeepSeekChatClient.SchemaInstruction, instruction, StringComparison.Ordinal);
        Assert.Contains("```json\n" + Schema.GetRawText() + "\n```", instruction, StringComparison.Ordinal);
        Assert.False(body.TryGetProperty("temperature", out _));

        var roles = JsonDocument.Parse(response.Text).RootElement.GetProperty("roles");
        Assert.Equal(2, roles.GetArrayLength());
        Assert.Equal("deepseek-chat", response.ModelId);
        Assert.True(response.Usage?.InputTokenCount > 0 && response.Usage.OutputTokenCount > 0);
    }

    [Fact]
    public async Task Each_tier_calls_its_model()
    {
        await using var adapters = Adapters(deepSeek: o => o.LightModel = "deepseek-reasoner");

        foreach (var tier in Enum.GetValues<ModelTier>())
        {
            await adapters.Chat(tier, "deepseek").GetResponseAsync("Answer in json.", Options());
        }

        Assert.Equal(
            ["deepseek-chat", "deepseek-reasoner", "deepseek-chat"],
            Sandbox.RequestLog.ForProvider(SandboxProviders.DeepSeek).Select(e => JsonDocument.Parse(e.Body).RootElement.GetProperty("model").GetString()));
    }

    [Fact]
    public async Task Length_stop_is_an_invalid_response()
    {
        await using var adapters = Adapters();
        var options = Options();
        options.MaxOutputTokens = 3;

        var error = await Assert.ThrowsAsync<ProviderException>(() => adapters.Chat(ModelTier.Primary, "deepseek").GetResponseAsync("x", options));

        Assert.Equal((ProviderErrorKind.InvalidResponse, "deepseek"), (error.Kind, error.Provider));
    }

    [Theory]
    [InlineData(SandboxFaultKind.OutOfCredit, ProviderErrorKind.OutOfCredit, 402)]
    [InlineData(SandboxFaultKind.InternalServerError, ProviderErrorKind.Transient, 500)]
    [InlineData(SandboxFaultKind.ServiceUnavailable, ProviderErrorKind.Transient, 503)]
    public async Task Status_faults_map_to_error_kinds(SandboxFaultKind fault, ProviderErrorKind kind, int status)
    {
        Sandbox.Faults.Enqueue(SandboxProviders.DeepSeek, new SandboxFault(fault));
        await using var adapters = Adapters();

        var error = await Assert.ThrowsAsync<ProviderException>(() => adapters.Chat(ModelTier.Primary, "deepseek").GetResponseAsync("x", Options()));

        Assert.Equal((kind, status), (error.Kind, error.StatusCode));
        Assert.Single(Sandbox.RequestLog.ForProvider(SandboxProviders.DeepSeek));
    }

    [Fact]
    public async Task Rate_limit_fault_is_rate_limited_with_retry_after_seconds()
    {
        Sandbox.Faults.Enqueue(SandboxProviders.DeepSeek, SandboxFault.RateLimit(TimeSpan.FromSeconds(2)));
        await using var adapters = Adapters();

        var error = await Assert.ThrowsAsync<ProviderException>(() => adapters.Chat(ModelTier.Primary, "deepseek").GetResponseAsync("x", Options()));

        Assert.Equal((ProviderErrorKind.RateLimited, 429, TimeSpan.FromSeconds(2)), (error.Kind, error.StatusCode, error.RetryAfter));
    }

    [Fact]
    public async Task Timeout_fault_is_a_timeout()
    {
        Sandbox.Faults.Enqueue(SandboxProviders.DeepSeek, SandboxFault.Timeout());
        await using var adapters = Adapters(all: o => o.TimeoutSeconds = 1);

        var error = await Assert.ThrowsAsync<ProviderException>(() => adapters.Chat(ModelTier.Primary, "deepseek").GetResponseAsync("x", Options()));

        Assert.Equal(ProviderErrorKind.Timeout, error.Kind);
    }

    [Fact]
    public async Task Invalid_key_is_unauthorized_and_unknown_model_rejected()
    {
        await using var badKey = Adapters(deepSeek: o => o.ApiKey = "invalid-key-abcd");
        await using var badModel = Adapters(deepSeek: o => o.Model = "unknown-deepseek");

        var unauthorized = await Assert.ThrowsAsync<ProviderException>(() => badKey.Chat(ModelTier.Primary, "deepseek").GetResponseAsync("x", Options()));
        var rejected = await Assert.ThrowsAsync<ProviderException>(() => badModel.Chat(ModelTier.Primary, "deepseek").GetResponseAsync("x", Options()));

        Assert.Equal((ProviderErrorKind.Unauthorized, 401), (unauthorized.Kind, unauthorized.StatusCode));
        Assert.Contains("Authentication Fails", unauthorized.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("invalid-key-abcd", unauthorized.Message, StringComparison.Ordinal);
        Assert.Equal((ProviderErrorKind.Rejected, 400), (rejected.Kind, rejected.StatusCode));
    }

    [Fact]
    public async Task Schema_violation_reaches_the_caller_for_core_to_repair()
    {
        Sandbox.Faults.Enqueue(SandboxProviders.DeepSeek, SandboxFault.SchemaViolation());
        await using var adapters = Adapters();

        var response = await adapters.Chat(ModelTier.Primary, "deepseek").GetResponseAsync("x", Options());

        Assert.False(JsonDocument.Parse(response.Text).RootElement.TryGetProperty("roles", out _));
    }
}
