using System.Text.Json;
using Leadora.Ports;
using Leadora.Sandbox;
using Microsoft.Extensions.AI;

namespace Leadora.Providers.Tests.Sandbox;

/// <summary>The production Gemini adapter against the sandbox's Gemini emulator, over real HTTP.</summary>
public sealed class GeminiSandboxContractTests : SandboxTestBase
{
    private static readonly JsonElement PersonaSchema = JsonDocument.Parse("""
        {
          "type": "object",
          "properties": {
            "personas": {
              "type": "array", "minItems": 2, "maxItems": 3,
              "items": {
                "type": "object",
                "properties": {
                  "title": { "type": "string" },
                  "industry": { "type": "string", "enum": ["petrochemicals", "power generation"] },
                  "estimatedCompanies": { "type": ["integer", "null"] },
                  "searchPhrases": { "type": "array", "minItems": 1, "items": { "type": "string" } }
                },
                "required": ["title", "industry", "estimatedCompanies", "searchPhrases"],
                "additionalProperties": false
              }
            }
          },
          "required": ["personas"],
          "additionalProperties": false
        }
        """).RootElement;

    private static ChatOptions PersonaOptions() => new() { ResponseFormat = ChatResponseFormat.ForJsonSchema(PersonaSchema, "business_personas") };

    private static IEnumerable<ChatMessage> Conversation =>
    [
        new(ChatRole.System, "You write B2B personas."),
        new(ChatRole.User, "Product or service: water-treatment chemicals\nIndustries: Petrochemicals; Power generation\nCountries: Saudi Arabia (SA)"),
    ];

    [Fact]
    public async Task Request_carries_the_key_header_system_instruction_and_the_schema_verbatim()
    {
        await using var adapters = Adapters();

        var response = await adapters.Chat(ModelTier.Primary, "gemini").GetResponseAsync(Conversation, PersonaOptions());

        var request = LastRequest(SandboxProviders.Gemini);
        Assert.Equal(("POST", "/gemini/v1beta/models/gemini-2.0-flash:generateContent", 200), (request.Method, request.Path, request.StatusCode));
        Assert.Equal("sandbox-key", request.Headers["x-goog-api-key"]);
        Assert.False(request.Headers.ContainsKey("Authorization"));
        Assert.Equal("", request.QueryString); // the key is never in the URL
        var body = JsonDocument.Parse(request.Body).RootElement;
        Assert.Equal("You write B2B personas.", body.GetProperty("systemInstruction").GetProperty("parts")[0].GetProperty("text").GetString());
        var contents = body.GetProperty("contents");
        Assert.Equal(1, contents.GetArrayLength());
        Assert.Equal("user", contents[0].GetProperty("role").GetString());
        var config = body.GetProperty("generationConfig");
        Assert.Equal("application/json", config.GetProperty("responseMimeType").GetString());
        Assert.True(JsonElement.DeepEquals(PersonaSchema, config.GetProperty("responseJsonSchema")));
        Assert.False(config.TryGetProperty("temperature", out _));
        Assert.False(config.TryGetProperty("responseSchema", out _));

        var personas = JsonDocument.Parse(response.Text).RootElement.GetProperty("personas");
        Assert.InRange(personas.GetArrayLength(), 2, 3);
        Assert.All(personas.EnumerateArray(), p => Assert.Contains(p.GetProperty("industry").GetString(), new[] { "petrochemicals", "power generation" }));
        Assert.Equal("gemini-2.0-flash", response.ModelId);
        Assert.True(response.Usage?.InputTokenCount > 0);
        Assert.True(response.Usage?.OutputTokenCount > 0);
        Assert.Equal(response.Usage!.InputTokenCount + response.Usage.OutputTokenCount, response.Usage.TotalTokenCount);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
    }

    [Fact]
    public async Task Each_tier_calls_its_model_and_a_thinking_model_counts_thoughts_as_output()
    {
        await using var adapters = Adapters(gemini: o =>
        {
            o.Model = "gemini-2.5-flash";
            o.UltraLightModel = "gemini-2.5-flash-lite";
        });

        var responses = new List<ChatResponse>();
        foreach (var tier in Enum.GetValues<ModelTier>())
        {
            responses.Add(await adapters.Chat(tier, "gemini").GetResponseAsync(Conversation, PersonaOptions()));
        }

        Assert.Equal(
            ["/gemini/v1beta/models/gemini-2.5-flash:generateContent", "/gemini/v1beta/models/gemini-2.5-flash:generateContent", "/gemini/v1beta/models/gemini-2.5-flash-lite:generateContent"],
            Sandbox.RequestLog.ForProvider(SandboxProviders.Gemini).Select(e => e.Path));
        Assert.All(responses, r => Assert.True(r.Usage!.ReasoningTokenCount > 0));
        Assert.All(responses, r => Assert.Equal(r.Usage!.TotalTokenCount, r.Usage.InputTokenCount + r.Usage.OutputTokenCount));
    }

    [Fact]
    public async Task A_repair_turn_is_sent_as_a_model_turn_then_a_user_turn()
    {
        await using var adapters = Adapters();
        List<ChatMessage> conversation = [.. Conversation, new(ChatRole.Assistant, "{\"personas\":[]}"), new(ChatRole.User, "Your previous reply did not match the JSON schema. Problems: personas: too few items.")];

        await adapters.Chat(ModelTier.Primary, "gemini").GetResponseAsync(conversation, PersonaOptions());

        var contents = JsonDocument.Parse(LastRequest(SandboxProviders.Gemini).Body).RootElement.GetProperty("contents");
        Assert.Equal(["user", "model", "user"], contents.EnumerateArray().Select(c => c.GetProperty("role").GetString()));
        Assert.Equal("{\"personas\":[]}", contents[1].GetProperty("parts")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task Max_tokens_stop_is_an_invalid_response_and_safety_stop_is_rejected()
    {
        await using var adapters = Adapters(gemini: o => o.Model = "gemini-2.5-pro");
        var chat = adapters.Chat(ModelTier.Primary, "gemini");
        var limited = PersonaOptions();
        limited.MaxOutputTokens = 5;

        var truncated = await Assert.ThrowsAsync<ProviderException>(() => chat.GetResponseAsync(Conversation, limited));
        var blocked = await Assert.ThrowsAsync<ProviderException>(() => chat.GetResponseAsync("Write something [sandbox:safety]", PersonaOptions()));

        Assert.Equal((ProviderErrorKind.InvalidResponse, "gemini", "generateContent"), (truncated.Kind, truncated.Provider, truncated.Operation));
        Assert.Contains("MAX_TOKENS", truncated.Message, StringComparison.Ordinal);
        Assert.Equal(5, JsonDocument.Parse(Sandbox.RequestLog.ForProvider(SandboxProviders.Gemini)[0].Body).RootElement.GetProperty("generationConfig").GetProperty("maxOutputTokens").GetInt32());
        Assert.Equal(ProviderErrorKind.Rejected, blocked.Kind);
        Assert.Contains("SAFETY", blocked.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rate_limit_fault_is_rate_limited_with_the_retry_info_delay()
    {
        Sandbox.Faults.Enqueue(SandboxProviders.Gemini, SandboxFault.RateLimit(TimeSpan.FromMilliseconds(1500)));
        await using var adapters = Adapters();

        var error = await Assert.ThrowsAsync<ProviderException>(() => adapters.Chat(ModelTier.Primary, "gemini").GetResponseAsync(Conversation, PersonaOptions()));

        Assert.Equal((ProviderErrorKind.RateLimited, 429, TimeSpan.FromMilliseconds(1500)), (error.Kind, error.StatusCode, error.RetryAfter));
        Assert.Contains("RESOURCE_EXHAUSTED", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SandboxFaultKind.OutOfCredit, ProviderErrorKind.OutOfCredit, 429)]
    [InlineData(SandboxFaultKind.InternalServerError, ProviderErrorKind.Transient, 500)]
    [InlineData(SandboxFaultKind.ServiceUnavailable, ProviderErrorKind.Transient, 503)]
    public async Task Status_faults_map_to_error_kinds(SandboxFaultKind fault, ProviderErrorKind kind, int status)
    {
        Sandbox.Faults.Enqueue(SandboxProviders.Gemini, new SandboxFault(fault));
        await using var adapters = Adapters();

        var error = await Assert.ThrowsAsync<ProviderException>(() => adapters.Chat(ModelTier.Light, "gemini").GetResponseAsync(Conversation, PersonaOptions()));

        Assert.Equal((kind, status), (error.Kind, error.StatusCode));
        Assert.Single(Sandbox.RequestLog.ForProvider(SandboxProviders.Gemini));
    }

    [Fact]
    public async Task Timeout_fault_is_a_timeout()
    {
        Sandbox.Faults.Enqueue(SandboxProviders.Gemini, SandboxFault.Timeout());
        await using var adapters = Adapters(all: o => o.TimeoutSeconds = 1);

        var error = await Assert.ThrowsAsync<ProviderException>(() => adapters.Chat(ModelTier.Primary, "gemini").GetResponseAsync(Conversation, PersonaOptions()));

        Assert.Equal((ProviderErrorKind.Timeout, (int?)null), (error.Kind, error.StatusCode));
    }

    [Fact]
    public async Task Invalid_key_is_unauthorized_and_unknown_model_rejected()
    {
        await using var badKey = Adapters(gemini: o => o.ApiKey = "invalid-key");
        await using var badModel = Adapters(gemini: o => o.Model = "unknown-gemini");

        var unauthorized = await Assert.ThrowsAsync<ProviderException>(() => badKey.Chat(ModelTier.Primary, "gemini").GetResponseAsync("x", PersonaOptions()));
        var rejected = await Assert.ThrowsAsync<ProviderException>(() => badModel.Chat(ModelTier.Primary, "gemini").GetResponseAsync("x", PersonaOptions()));

        Assert.Equal((ProviderErrorKind.Unauthorized, 400), (unauthorized.Kind, unauthorized.StatusCode));
        Assert.Contains("API_KEY_INVALID", unauthorized.Message, StringComparison.Ordinal);
        Assert.Equal((ProviderErrorKind.Rejected, 404), (rejected.Kind, rejected.StatusCode));
    }

    [Theory]
    [InlineData(SandboxFaultKind.Malformed)]
    [InlineData(SandboxFaultKind.SchemaViolation)]
    public async Task Bad_output_text_reaches_the_caller_unchanged_for_core_to_validate(SandboxFaultKind kind)
    {
        Sandbox.Faults.Enqueue(SandboxProviders.Gemini, new SandboxFault(kind));
        await using var adapters = Adapters();

        var response = await adapters.Chat(ModelTier.Primary, "gemini").GetResponseAsync(Conversation, PersonaOptions());

        Assert.False(string.IsNullOrWhiteSpace(response.Text));
        Assert.Equal(kind, LastRequest(SandboxProviders.Gemini).Fault?.Kind);
    }

    [Fact]
    public async Task Streaming_returns_the_same_buffered_answer()
    {
        await using var adapters = Adapters();

        var updates = await adapters.Chat(ModelTier.Primary, "gemini").GetStreamingResponseAsync(Conversation, PersonaOptions()).ToListAsync();

        Assert.Equal(JsonValueKind.Array, JsonDocument.Parse(string.Concat(updates.Select(u => u.Text))).RootElement.GetProperty("personas").ValueKind);
        Assert.Single(Sandbox.RequestLog.ForProvider(SandboxProviders.Gemini));
    }
}
