using System.Text.Json;
using Leadora.Embeddings;
using Leadora.Ports;
using Leadora.Sandbox;
using Microsoft.Extensions.AI;

namespace Leadora.Providers.Tests.Sandbox;

/// <summary>The production OpenAI adapters against the sandbox's OpenAI emulator, over real HTTP.</summary>
public sealed class OpenAISandboxContractTests : SandboxTestBase
{
    private static readonly JsonElement PersonaSchema = JsonDocument.Parse("""
        {
          "type": "object",
          "properties": {
            "personas": {
              "type": "array",
              "minItems": 2,
              "maxItems": 4,
              "items": {
                "type": "object",
                "properties": {
                  "name": { "type": "string" },
                  "industry": { "type": "string", "enum": ["petrochemicals", "power generation"] },
                  "estimated_companies": { "type": "integer" }
                },
                "required": ["name", "industry", "estimated_companies"],
                "additionalProperties": false
              }
            }
          },
          "required": ["personas"],
          "additionalProperties": false
        }
        """).RootElement;

    private static ChatOptions PersonaOptions() => new() { ResponseFormat = ChatResponseFormat.ForJsonSchema(PersonaSchema, "business_personas") };

    [Fact]
    public async Task Structured_request_is_strict_and_the_answer_fits_the_schema()
    {
        await using var adapters = Adapters();

        var response = await adapters.Chat(ModelTier.Primary).GetResponseAsync(
            [new ChatMessage(ChatRole.System, "You write B2B personas."), new ChatMessage(ChatRole.User, "We sell water-treatment chemicals in Saudi Arabia.")],
            PersonaOptions());

        var request = LastRequest(SandboxProviders.OpenAI);
        Assert.Equal(("POST", "/openai/v1/responses", 200), (request.Method, request.Path, request.StatusCode));
        Assert.Equal("Bearer sandbox-key", request.Headers["Authorization"]);
        var body = JsonDocument.Parse(request.Body).RootElement;
        Assert.Equal("gpt-5", body.GetProperty("model").GetString());
        var format = body.GetProperty("text").GetProperty("format");
        Assert.Equal(("json_schema", "business_personas"), (format.GetProperty("type").GetString(), format.GetProperty("name").GetString()));
        Assert.True(format.GetProperty("strict").GetBoolean());
        Assert.True(JsonElement.DeepEquals(PersonaSchema, format.GetProperty("schema")));
        Assert.False(body.TryGetProperty("temperature", out _));
        Assert.Contains("water-treatment chemicals", body.GetProperty("input").GetRawText(), StringComparison.Ordinal);

        var personas = JsonDocument.Parse(response.Text).RootElement.GetProperty("personas");
        Assert.InRange(personas.GetArrayLength(), 2, 4);
        Assert.All(personas.EnumerateArray(), p =>
        {
            Assert.Contains(p.GetProperty("industry").GetString(), new[] { "petrochemicals", "power generation" });
            Assert.Equal(JsonValueKind.Number, p.GetProperty("estimated_companies").ValueKind);
            Assert.False(string.IsNullOrWhiteSpace(p.GetProperty("name").GetString()));
        });
        Assert.True(response.Usage?.InputTokenCount > 0);
        Assert.True(response.Usage?.OutputTokenCount > 0);
    }

    [Fact]
    public async Task Each_tier_calls_its_model()
    {
        await using var adapters = Adapters(o => o.UltraLightModel = "gpt-5-nano-2025-08-07");

        foreach (var tier in Enum.GetValues<ModelTier>())
        {
            await adapters.Chat(tier).GetResponseAsync("Classify: water utility", PersonaOptions());
        }

        Assert.Equal(
            ["gpt-5", "gpt-5-mini", "gpt-5-nano-2025-08-07"],
            Sandbox.RequestLog.ForProvider(SandboxProviders.OpenAI).Select(e => JsonDocument.Parse(e.Body).RootElement.GetProperty("model").GetString()));
    }

    [Fact]
    public async Task A_schema_that_strict_mode_refuses_is_rejected()
    {
        await using var adapters = Adapters();
        var loose = JsonDocument.Parse("""{"type":"object","properties":{"name":{"type":"string"}}}""").RootElement;

        var error = await Assert.ThrowsAsync<ProviderException>(() => adapters.Chat().GetResponseAsync("x", new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(loose, "loose") }));

        Assert.Equal((ProviderErrorKind.Rejected, 400), (error.Kind, error.StatusCode));
        Assert.Contains("invalid_json_schema", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Embeddings_request_base64_with_dimensions_and_decode_the_sandbox_vectors()
    {
        string[] texts = ["Gulf Water Treatment Co, Riyadh", "procurement manager", "power station"];
        await using var adapters = Adapters(o => o.EmbeddingDimensions = 256);

        var embeddings = await adapters.Embeddings.GenerateAsync(texts);

        var request = LastRequest(SandboxProviders.OpenAI);
        Assert.Equal(("POST", "/openai/v1/embeddings", 200), (request.Method, request.Path, request.StatusCode));
        Assert.Equal("Bearer sandbox-key", request.Headers["Authorization"]);
        var body = JsonDocument.Parse(request.Body).RootElement;
        Assert.Equal("text-embedding-3-small", body.GetProperty("model").GetString());
        Assert.Equal("base64", body.GetProperty("encoding_format").GetString());
        Assert.Equal(256, body.GetProperty("dimensions").GetInt32());
        Assert.Equal(texts, body.GetProperty("input").EnumerateArray().Select(e => e.GetString()));

        Assert.Equal(3, embeddings.Count);
        for (var i = 0; i < texts.Length; i++)
        {
            var expected = new float[256];
            HashingEmbeddingGenerator.Embed(texts[i], expected);
            Assert.Equal(expected, embeddings[i].Vector.ToArray());
        }
    }

    [Fact]
    public async Task An_invalid_key_is_unauthorized()
    {
        await using var adapters = Adapters(o => o.ApiKey = "invalid-key-0000");

        var error = await Assert.ThrowsAsync<ProviderException>(() => adapters.Chat().GetResponseAsync("x", PersonaOptions()));

        Assert.Equal((ProviderErrorKind.Unauthorized, 401), (error.Kind, error.StatusCode));
        Assert.Contains("invalid_api_key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_model_is_rejected()
    {
        await using var adapters = Adapters(o => o.EmbeddingsModel = "unknown-embedder");

        var error = await Assert.ThrowsAsync<ProviderException>(() => adapters.Embeddings.GenerateAsync(["x"]));

        Assert.Equal((ProviderErrorKind.Rejected, 404), (error.Kind, error.StatusCode));
        Assert.Contains("model_not_found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rate_limit_fault_is_rate_limited_with_the_millisecond_retry_after()
    {
        Sandbox.Faults.Enqueue(SandboxProviders.OpenAI, SandboxFault.RateLimit(TimeSpan.FromMilliseconds(1500)));
        await using var adapters = Adapters();

        var error = await Assert.ThrowsAsync<ProviderException>(() => adapters.Chat().GetResponseAsync("x", PersonaOptions()));

        Assert.Equal((ProviderErrorKind.RateLimited, 429), (error.Kind, error.StatusCode));
        Assert.Equal(TimeSpan.FromMilliseconds(1500), error.RetryAfter); // retry-after-ms wins over retry-after: 2
        Assert.Single(Sandbox.RequestLog.ForProvider(SandboxProviders.OpenAI)); // the SDK did not retry
    }

    [Fact]
    public async Task Out_of_credit_fault_is_out_of_credit()
    {
        Sandbox.Faults.Enqueue(SandboxProviders.OpenAI, SandboxFault.OutOfCredit());
        await using var adapters = Adapters();

        var error = await Assert.ThrowsAsync<ProviderException>(() => adapters.Embeddings.GenerateAsync(["x"]));

        Assert.Equal((ProviderErrorKind.OutOfCredit, 429), (error.Kind, error.StatusCode));
    }

    [Theory]
    [InlineData(SandboxFaultKind.InternalServerError, 500)]
    [InlineData(SandboxFaultKind.ServiceUnavailable, 503)]
    public async Task Server_error_faults_are_transient(SandboxFaultKind kind, int status)
    {
        Sandbox.Faults.Enqueue(SandboxProviders.OpenAI, new SandboxFault(kind));
        await using var adapters = Adapters();

        var error = await Assert.ThrowsAsync<ProviderException>(() => adapters.Chat().GetResponseAsync("x", PersonaOptions()));

        Assert.Equal((ProviderErrorKind.Transient, status), (error.Kind, error.StatusCode));
        Assert.Single(Sandbox.RequestLog.ForProvider(SandboxProviders.OpenAI));
    }

    [Fact]
    public async Task Timeout_fault_is_a_timeout()
    {
        Sandbox.Faults.Enqueue(SandboxProviders.OpenAI, SandboxFault.Timeout());
        await using var adapters = Adapters(all: o => o.TimeoutSeconds = 1);

        var error = await Assert.ThrowsAsync<ProviderException>(() => adapters.Chat().GetResponseAsync("x", PersonaOptions()));

        Assert.Equal(ProviderErrorKind.Timeout, error.Kind);
        Assert.Null(error.StatusCode);
    }

    [Fact]
    public async Task Malformed_embeddings_body_is_an_invalid_response()
    {
        Sandbox.Faults.Enqueue(SandboxProviders.OpenAI, SandboxFault.Malformed());
        await using var adapters = Adapters();

        var error = await Assert.ThrowsAsync<ProviderException>(() => adapters.Embeddings.GenerateAsync(["x"]));

        Assert.Equal(ProviderErrorKind.InvalidResponse, error.Kind);
    }

    [Theory]
    [InlineData(SandboxFaultKind.Malformed)]
    [InlineData(SandboxFaultKind.SchemaViolation)]
    public async Task Bad_output_text_reaches_the_caller_unchanged_for_core_to_validate(SandboxFaultKind kind)
    {
        Sandbox.Faults.Enqueue(SandboxProviders.OpenAI, new SandboxFault(kind));
        await using var adapters = Adapters();

        var response = await adapters.Chat().GetResponseAsync("x", PersonaOptions());

        Assert.False(string.IsNullOrWhiteSpace(response.Text));
        Assert.Equal(kind, LastRequest(SandboxProviders.OpenAI).Fault?.Kind);
        Assert.False(FitsPersonaSchema(response.Text));
    }

    private static bool FitsPersonaSchema(string text)
    {
        try
        {
            var personas = JsonDocument.Parse(text).RootElement.GetProperty("personas");
            return personas.GetArrayLength() is >= 2 and <= 4 && personas.EnumerateArray().All(p =>
                p.EnumerateObject().Select(x => x.Name).Order().SequenceEqual(["estimated_companies", "industry", "name"])
                && p.GetProperty("industry").GetString() is "petrochemicals" or "power generation"
                && p.GetProperty("estimated_companies").ValueKind == JsonValueKind.Number
                && p.GetProperty("name").ValueKind == JsonValueKind.String);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return false;
        }
    }
}
