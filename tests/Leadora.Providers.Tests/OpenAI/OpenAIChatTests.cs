using System.Text.Json;
using System.Text.Json.Nodes;
using Leadora.Ports;
using Leadora.Providers.Tests.Infrastructure;
using Microsoft.Extensions.AI;

namespace Leadora.Providers.Tests.OpenAI;

/// <summary>The OpenAI Responses adapter over real HTTP against a scripted loopback server replaying real captures.</summary>
public sealed class OpenAIChatTests : IAsyncLifetime
{
    private ScriptedServer server = null!;

    public async Task InitializeAsync() => server = await ScriptedServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    [EvalFact]
    public async Task Sends_a_strict_json_schema_request_and_returns_the_output_text()
    {
        server.Respond(ScriptedResponse.Json(EvalData.Read("openai/responses_structured_output_json_schema_gpt-4o-mini.json")));
        await using var harness = Harness.ForOpenAI(server.BaseAddress);
        var options = Schemas.JsonSchemaOptions();

        var response = await harness.Chat(ModelTier.Primary).GetResponseAsync("List five animals.", options);

        Assert.Equal("""{"animal_data_list":["Lion","Elephant","Giraffe","Kangaroo","Penguin"]}""", response.Text);
        Assert.Equal(48, response.Usage?.InputTokenCount);
        Assert.Equal(23, response.Usage?.OutputTokenCount);

        var request = Assert.Single(server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v1/responses", request.Path);
        Assert.Equal($"Bearer {Harness.OpenAIKey}", request.Header("Authorization"));
        var body = request.Json;
        Assert.Equal("gpt-5", body.GetProperty("model").GetString());
        var format = body.GetProperty("text").GetProperty("format");
        Assert.Equal("json_schema", format.GetProperty("type").GetString());
        Assert.Equal("data_list", format.GetProperty("name").GetString());
        Assert.True(format.GetProperty("strict").GetBoolean());
        Assert.True(JsonElement.DeepEquals(Schemas.AnimalList, format.GetProperty("schema")), format.GetProperty("schema").GetRawText());
        Assert.False(body.TryGetProperty("temperature", out _), "gpt-5 models reject a non-default temperature");
        Assert.Contains("List five animals.", body.GetProperty("input").GetRawText(), StringComparison.Ordinal);

        // The caller's options are not changed.
        Assert.Null(options.AdditionalProperties);
    }

    [EvalFact]
    public async Task The_schema_is_sent_verbatim_including_keywords_the_sdk_would_move()
    {
        server.Respond(ScriptedResponse.Json(EvalData.Read("openai/responses_structured_output_json_schema_gpt-4o-mini.json")));
        await using var harness = Harness.ForOpenAI(server.BaseAddress);
        var schema = JsonDocument.Parse("""
            {"type":"object","properties":{"animal_data_list":{"type":"array","minItems":3,"maxItems":5,"items":{"type":"string","pattern":"^[A-Z]"}},
             "count":{"type":"integer","minimum":1}},"required":["animal_data_list","count"],"additionalProperties":false}
            """).RootElement;
        var callerRaw = new ChatOptions
        {
            ResponseFormat = ChatResponseFormat.ForJsonSchema(schema, "animals", "Animals and how many."),
#pragma warning disable OPENAI001 // the Responses request type is for evaluation in OpenAI 2.x; callers may pass it as raw options
            RawRepresentationFactory = _ => new global::OpenAI.Responses.CreateResponseOptions { MaxOutputTokenCount = 4000 },
#pragma warning restore OPENAI001
        };

        await harness.Chat().GetResponseAsync("List animals.", callerRaw);

        var body = Assert.Single(server.Requests).Json;
        var format = body.GetProperty("text").GetProperty("format");
        Assert.True(JsonElement.DeepEquals(schema, format.GetProperty("schema")), format.GetProperty("schema").GetRawText());
        Assert.Equal(("animals", "Animals and how many.", true), (format.GetProperty("name").GetString(), format.GetProperty("description").GetString(), format.GetProperty("strict").GetBoolean()));
        Assert.Equal(4000, body.GetProperty("max_output_tokens").GetInt32()); // the caller's raw options are kept
    }

    [EvalFact]
    public async Task Each_tier_sends_its_configured_model()
    {
        server.Respond(ScriptedResponse.Json(EvalData.Read("openai/responses_structured_output_json_schema_gpt-4o-mini.json")));
        await using var harness = Harness.ForOpenAI(server.BaseAddress, o => o.LightModel = "my-light-model");

        await harness.Chat(ModelTier.Primary).GetResponseAsync("a", Schemas.JsonSchemaOptions());
        await harness.Chat(ModelTier.Light).GetResponseAsync("b", Schemas.JsonSchemaOptions());
        await harness.Chat(ModelTier.UltraLight).GetResponseAsync("c", Schemas.JsonSchemaOptions());

        Assert.Equal(["gpt-5", "my-light-model", "gpt-5-nano"], server.Requests.Select(r => r.Json.GetProperty("model").GetString()));
    }

    [EvalFact]
    public async Task Plain_json_without_a_schema_is_not_marked_strict()
    {
        server.Respond(ScriptedResponse.Json(EvalData.Read("openai/responses_structured_output_json_schema_gpt-4o-mini.json")));
        await using var harness = Harness.ForOpenAI(server.BaseAddress);

        await harness.Chat().GetResponseAsync("List animals as JSON.", new ChatOptions { ResponseFormat = ChatResponseFormat.Json });

        var format = Assert.Single(server.Requests).Json.GetProperty("text").GetProperty("format");
        Assert.Equal("json_object", format.GetProperty("type").GetString());
        Assert.False(format.TryGetProperty("strict", out _));
    }

    [EvalFact]
    public async Task Reads_the_message_after_a_reasoning_item()
    {
        server.Respond(ScriptedResponse.Json(EvalData.Read("openai/responses_reasoning_encrypted_content_store_false_gpt-5-mini.json")));
        await using var harness = Harness.ForOpenAI(server.BaseAddress);

        var response = await harness.Chat(ModelTier.Light).GetResponseAsync("Hello");

        Assert.Equal("Hello! How can I help you today?", response.Text);
        Assert.Equal(79, response.Usage?.OutputTokenCount);
    }

    [EvalFact]
    public async Task Reads_a_reasoning_summary_response_with_newer_fields()
    {
        server.Respond(ScriptedResponse.Json(EvalData.Read("openai/responses_reasoning_summary_and_message_gpt-5.6.json")));
        await using var harness = Harness.ForOpenAI(server.BaseAddress);

        var response = await harness.Chat().GetResponseAsync("How do I fold a burrito?");

        Assert.StartsWith("For a tight, leak-resistant burrito:", response.Text, StringComparison.Ordinal);
    }

    [EvalFact]
    public async Task An_incomplete_response_is_an_invalid_response()
    {
        server.Respond(ScriptedResponse.Json(EvalData.Read("openai/responses_incomplete_max_output_tokens_gpt-4o-mini.json")));
        await using var harness = Harness.ForOpenAI(server.BaseAddress);

        var error = await Assert.ThrowsAsync<ProviderException>(() => harness.Chat().GetResponseAsync("Write a haiku.", Schemas.JsonSchemaOptions()));

        Assert.Equal(ProviderErrorKind.InvalidResponse, error.Kind);
        Assert.Equal("openai", error.Provider);
        Assert.Equal("responses", error.Operation);
        Assert.Contains("max_output_tokens", error.Message, StringComparison.Ordinal);
    }

    [EvalFact]
    public async Task A_content_filter_stop_is_rejected()
    {
        var capture = JsonNode.Parse(EvalData.Read("openai/responses_incomplete_max_output_tokens_gpt-4o-mini.json"))!;
        capture["incomplete_details"]!["reason"] = "content_filter";
        server.Respond(ScriptedResponse.Json(capture.ToJsonString()));
        await using var harness = Harness.ForOpenAI(server.BaseAddress);

        var error = await Assert.ThrowsAsync<ProviderException>(() => harness.Chat().GetResponseAsync("Write a haiku."));

        Assert.Equal(ProviderErrorKind.Rejected, error.Kind);
        Assert.Contains("content filter", error.Message, StringComparison.Ordinal);
    }

    [EvalFact]
    public async Task A_response_without_output_text_is_an_invalid_response()
    {
        var capture = JsonNode.Parse(EvalData.Read("openai/responses_reasoning_encrypted_content_store_false_gpt-5-mini.json"))!;
        var output = capture["output"]!.AsArray();
        output.RemoveAt(1); // keep only the reasoning item
        server.Respond(ScriptedResponse.Json(capture.ToJsonString()));
        await using var harness = Harness.ForOpenAI(server.BaseAddress);

        var error = await Assert.ThrowsAsync<ProviderException>(() => harness.Chat().GetResponseAsync("Hello"));

        Assert.Equal(ProviderErrorKind.InvalidResponse, error.Kind);
        Assert.Contains("no output text", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_json_is_an_invalid_response()
    {
        server.Respond(ScriptedResponse.Json("""{"id": "resp_1", "output": [ {"type": "message", """));
        await using var harness = Harness.ForOpenAI(server.BaseAddress);

        var error = await Assert.ThrowsAsync<ProviderException>(() => harness.Chat().GetResponseAsync("Hello"));

        Assert.Equal(ProviderErrorKind.InvalidResponse, error.Kind);
    }

    [EvalFact]
    public async Task A_refusal_is_rejected()
    {
        var capture = JsonNode.Parse(EvalData.Read("openai/responses_structured_output_json_schema_gpt-4o-mini.json"))!;
        capture["output"]![0]!["content"] = JsonNode.Parse("""[{"type":"refusal","refusal":"I can't help with that request."}]""");
        server.Respond(ScriptedResponse.Json(capture.ToJsonString()));
        await using var harness = Harness.ForOpenAI(server.BaseAddress);

        var error = await Assert.ThrowsAsync<ProviderException>(() => harness.Chat().GetResponseAsync("Something unsafe", Schemas.JsonSchemaOptions()));

        Assert.Equal(ProviderErrorKind.Rejected, error.Kind);
        Assert.Contains("I can't help with that request.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rate_limit_uses_retry_after_ms()
    {
        server.Respond(new ScriptedResponse(429, RateLimitBody) { Headers = { ["retry-after-ms"] = "1500", ["retry-after"] = "2" } });
        await using var harness = Harness.ForOpenAI(server.BaseAddress);

        var error = await Assert.ThrowsAsync<ProviderException>(() => harness.Chat().GetResponseAsync("Hello"));

        Assert.Equal(ProviderErrorKind.RateLimited, error.Kind);
        Assert.Equal(429, error.StatusCode);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), error.RetryAfter);
        Assert.Contains("rate_limit_exceeded", error.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests); // no SDK retries
    }

    [Fact]
    public async Task Rate_limit_falls_back_to_retry_after_seconds()
    {
        server.Respond(new ScriptedResponse(429, RateLimitBody) { Headers = { ["retry-after"] = "7" } });
        await using var harness = Harness.ForOpenAI(server.BaseAddress);

        var error = await Assert.ThrowsAsync<ProviderException>(() => harness.Chat().GetResponseAsync("Hello"));

        Assert.Equal(ProviderErrorKind.RateLimited, error.Kind);
        Assert.Equal(TimeSpan.FromSeconds(7), error.RetryAfter);
    }

    [EvalFact]
    public async Task Captured_rate_limit_body_without_headers_is_rate_limited_with_no_retry_after()
    {
        server.Respond(new ScriptedResponse(429, EvalData.Read("openai/error_429_rate_limit_exceeded.json")));
        await using var harness = Harness.ForOpenAI(server.BaseAddress);

        var error = await Assert.ThrowsAsync<ProviderException>(() => harness.Chat().GetResponseAsync("Hello"));

        Assert.Equal(ProviderErrorKind.RateLimited, error.Kind);
        Assert.Null(error.RetryAfter);
    }

    [EvalFact]
    public async Task Insufficient_quota_is_out_of_credit()
    {
        server.Respond(new ScriptedResponse(429, EvalData.Read("openai/error_429_insufficient_quota.json")) { Headers = { ["retry-after"] = "1" } });
        await using var harness = Harness.ForOpenAI(server.BaseAddress);

        var error = await Assert.ThrowsAsync<ProviderException>(() => harness.Chat().GetResponseAsync("Hello"));

        Assert.Equal(ProviderErrorKind.OutOfCredit, error.Kind);
        Assert.Equal(429, error.StatusCode);
        Assert.Contains("exceeded your current quota", error.Message, StringComparison.Ordinal);
    }

    [EvalFact]
    public async Task Invalid_key_is_unauthorized()
    {
        server.Respond(new ScriptedResponse(401, EvalData.Read("openai/error_401_invalid_api_key.json")));
        await using var harness = Harness.ForOpenAI(server.BaseAddress);

        var error = await Assert.ThrowsAsync<ProviderException>(() => harness.Chat().GetResponseAsync("Hello"));

        Assert.Equal(ProviderErrorKind.Unauthorized, error.Kind);
        Assert.Equal(401, error.StatusCode);
    }

    [Theory]
    [InlineData(403, ProviderErrorKind.Unauthorized)]
    [InlineData(400, ProviderErrorKind.Rejected)]
    [InlineData(404, ProviderErrorKind.Rejected)]
    [InlineData(500, ProviderErrorKind.Transient)]
    [InlineData(502, ProviderErrorKind.Transient)]
    [InlineData(503, ProviderErrorKind.Transient)]
    public async Task Status_codes_map_to_error_kinds(int status, ProviderErrorKind kind)
    {
        server.Respond(new ScriptedResponse(status, """{"error":{"message":"scripted failure","type":"server_error","param":null,"code":null}}"""));
        await using var harness = Harness.ForOpenAI(server.BaseAddress);

        var error = await Assert.ThrowsAsync<ProviderException>(() => harness.Chat().GetResponseAsync("Hello"));

        Assert.Equal(kind, error.Kind);
        Assert.Equal(status, error.StatusCode);
        Assert.Contains("scripted failure", error.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_non_json_error_page_keeps_its_status()
    {
        server.Respond(new ScriptedResponse(502, "<html>Bad gateway</html>", "text/html"));
        await using var harness = Harness.ForOpenAI(server.BaseAddress);

        var error = await Assert.ThrowsAsync<ProviderException>(() => harness.Chat().GetResponseAsync("Hello"));

        Assert.Equal(ProviderErrorKind.Transient, error.Kind);
        Assert.Contains("Bad gateway", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_slow_server_is_a_timeout()
    {
        server.Respond(new ScriptedResponse(200, "{}") { Delay = TimeSpan.FromSeconds(5) });
        await using var harness = Harness.ForOpenAI(server.BaseAddress, o => o.TimeoutSeconds = 1);

        var error = await Assert.ThrowsAsync<ProviderException>(() => harness.Chat().GetResponseAsync("Hello"));

        Assert.Equal(ProviderErrorKind.Timeout, error.Kind);
        Assert.Null(error.StatusCode);
    }

    [Fact]
    public async Task The_callers_cancellation_is_not_translated()
    {
        server.Respond(new ScriptedResponse(200, "{}") { Delay = TimeSpan.FromSeconds(5) });
        await using var harness = Harness.ForOpenAI(server.BaseAddress);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => harness.Chat().GetResponseAsync("Hello", cancellationToken: cancel.Token));
    }

    [Fact]
    public async Task A_refused_connection_is_transient()
    {
        var closed = server.BaseAddress;
        await server.DisposeAsync();
        server = await ScriptedServer.StartAsync();
        await using var harness = Harness.ForOpenAI(closed);

        var error = await Assert.ThrowsAsync<ProviderException>(() => harness.Chat().GetResponseAsync("Hello"));

        Assert.Equal(ProviderErrorKind.Transient, error.Kind);
        Assert.Null(error.StatusCode);
    }

    [EvalFact]
    public async Task Streaming_yields_the_strict_structured_answer()
    {
        server.Respond(ScriptedResponse.Json(EvalData.Read("openai/responses_structured_output_json_schema_gpt-4o-mini.json")));
        await using var harness = Harness.ForOpenAI(server.BaseAddress);

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in harness.Chat().GetStreamingResponseAsync("List five animals.", Schemas.JsonSchemaOptions()))
        {
            updates.Add(update);
        }

        Assert.Equal("""{"animal_data_list":["Lion","Elephant","Giraffe","Kangaroo","Penguin"]}""", updates.ToChatResponse().Text);
        var format = Assert.Single(server.Requests).Json.GetProperty("text").GetProperty("format");
        Assert.True(format.GetProperty("strict").GetBoolean());
    }

    [Fact]
    public async Task Streaming_failures_are_translated_too()
    {
        server.Respond(new ScriptedResponse(429, RateLimitBody) { Headers = { ["retry-after-ms"] = "250" } });
        await using var harness = Harness.ForOpenAI(server.BaseAddress);

        var error = await Assert.ThrowsAsync<ProviderException>(async () =>
        {
            await foreach (var update in harness.Chat().GetStreamingResponseAsync("Hello", Schemas.JsonSchemaOptions()))
            {
                Assert.Fail($"unexpected update {update}");
            }
        });

        Assert.Equal(ProviderErrorKind.RateLimited, error.Kind);
        Assert.Equal(TimeSpan.FromMilliseconds(250), error.RetryAfter);
        var format = Assert.Single(server.Requests).Json.GetProperty("text").GetProperty("format");
        Assert.True(format.GetProperty("strict").GetBoolean());
    }

    internal const string RateLimitBody = """
        {"error":{"message":"Rate limit reached for gpt-5 on requests per min (RPM): Limit 500, Used 500, Requested 1.","type":"requests","param":null,"code":"rate_limit_exceeded"}}
        """;
}
