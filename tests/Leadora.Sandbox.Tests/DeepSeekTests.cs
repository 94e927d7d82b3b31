using System.Net;
using System.Text.Json.Nodes;

namespace Leadora.Sandbox.Tests;

/// <summary>The DeepSeek emulator: OpenAI-compatible chat completions in JSON mode, DeepSeek's usage fields and errors.</summary>
public sealed class DeepSeekTests(SandboxTestHost host) : IClassFixture<SandboxTestHost>
{
    private static JsonObject Request(string model = "deepseek-chat", string? schema = Schemas.BusinessPersonas, string format = "json_object", int? maxTokens = null)
    {
        var system = schema is null
            ? "You are a B2B analyst."
            : $"Reply with a single JSON object that matches this JSON schema:\n```json\n{schema}\n```";
        var body = new JsonObject
        {
            ["model"] = model,
            ["messages"] = new JsonArray(
                new JsonObject { ["role"] = "system", ["content"] = system },
                new JsonObject { ["role"] = "user", ["content"] = Prompts.CustomerRequest }),
            ["response_format"] = new JsonObject { ["type"] = format },
        };
        if (maxTokens is { } max)
        {
            body["max_tokens"] = max;
        }

        return body;
    }

    [Fact]
    public async Task Json_mode_follows_the_schema_given_in_the_prompt()
    {
        using var response = await host.DeepSeekAsync(Request());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await SandboxTestHost.JsonAsync(response);
        Assert.Equal(("chat.completion", "deepseek-chat"), (body["object"]!.GetValue<string>(), body["model"]!.GetValue<string>()));
        var choice = body["choices"]![0]!;
        Assert.Equal("stop", choice["finish_reason"]!.GetValue<string>());
        Assert.Equal("assistant", choice["message"]!["role"]!.GetValue<string>());
        Assert.Null(choice["message"]!["reasoning_content"]);
        await SchemaValidation.AssertValidAsync(Schemas.BusinessPersonas, choice["message"]!["content"]!.GetValue<string>());
        var usage = body["usage"]!;
        var prompt = usage["prompt_tokens"]!.GetValue<int>();
        Assert.Equal(prompt, usage["prompt_cache_hit_tokens"]!.GetValue<int>() + usage["prompt_cache_miss_tokens"]!.GetValue<int>());
        Assert.Equal(usage["prompt_cache_hit_tokens"]!.GetValue<int>(), usage["prompt_tokens_details"]!["cached_tokens"]!.GetValue<int>());
        Assert.Equal(prompt + usage["completion_tokens"]!.GetValue<int>(), usage["total_tokens"]!.GetValue<int>());
        Assert.StartsWith("fp_", body["system_fingerprint"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reasoner_answers_with_reasoning_content_and_reasoning_tokens()
    {
        using var response = await host.DeepSeekAsync(Request("deepseek-reasoner"));

        var body = await SandboxTestHost.JsonAsync(response);
        Assert.False(string.IsNullOrEmpty(body["choices"]![0]!["message"]!["reasoning_content"]!.GetValue<string>()));
        Assert.True(body["usage"]!["completion_tokens_details"]!["reasoning_tokens"]!.GetValue<int>() > 0);
    }

    [Fact]
    public async Task Json_mode_needs_the_word_json_and_json_schema_mode_does_not_exist()
    {
        var noJson = new JsonObject
        {
            ["model"] = "deepseek-chat",
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = "Write personas." }),
            ["response_format"] = new JsonObject { ["type"] = "json_object" },
        };

        using var missingWord = await host.DeepSeekAsync(noJson);
        using var schemaMode = await host.DeepSeekAsync(Request(format: "json_schema"));

        Assert.Equal(HttpStatusCode.BadRequest, missingWord.StatusCode);
        Assert.Contains("must contain the word 'json'", (await SandboxTestHost.JsonAsync(missingWord))["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, schemaMode.StatusCode);
        Assert.Equal("This response_format type is unavailable now", (await SandboxTestHost.JsonAsync(schemaMode))["error"]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Token_limit_stops_with_length()
    {
        using var response = await host.DeepSeekAsync(Request(maxTokens: 5));

        var choice = (await SandboxTestHost.JsonAsync(response))["choices"]![0]!;
        Assert.Equal("length", choice["finish_reason"]!.GetValue<string>());
        Assert.False(await SchemaValidation.IsValidAsync(Schemas.BusinessPersonas, choice["message"]!["content"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData(null, "Authentication Fails (no such user)")]
    [InlineData("invalid-key-9f3a", "Authentication Fails, Your api key: ****9f3a is invalid")]
    public async Task Bad_keys_get_deepseeks_401(string? key, string message)
    {
        using var response = await host.DeepSeekAsync(Request(), key);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var error = (await SandboxTestHost.JsonAsync(response))["error"]!;
        Assert.Equal((message, "authentication_error"), (error["message"]!.GetValue<string>(), error["type"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData(SandboxFaultKind.OutOfCredit, 402, "Insufficient Balance")]
    [InlineData(SandboxFaultKind.RateLimit, 429, "Rate Limit Reached")]
    [InlineData(SandboxFaultKind.InternalServerError, 500, "Server Error")]
    [InlineData(SandboxFaultKind.ServiceUnavailable, 503, "Server Overloaded")]
    public async Task Status_faults_use_deepseeks_error_bodies(SandboxFaultKind kind, int status, string message)
    {
        host.Server.Faults.Enqueue(SandboxProviders.DeepSeek, new SandboxFault(kind));

        using var response = await host.DeepSeekAsync(Request());

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(message, (await SandboxTestHost.JsonAsync(response))["error"]!["message"]!.GetValue<string>());
        if (kind == SandboxFaultKind.RateLimit)
        {
            Assert.Equal("1", response.Headers.GetValues("Retry-After").Single());
        }
    }

    [Fact]
    public async Task Unknown_models_do_not_exist()
    {
        using var response = await host.DeepSeekAsync(Request("unknown-model"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Model Not Exist", (await SandboxTestHost.JsonAsync(response))["error"]!["message"]!.GetValue<string>());
    }
}
