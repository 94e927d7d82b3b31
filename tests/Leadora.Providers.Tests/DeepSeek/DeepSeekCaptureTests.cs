using Leadora.Ports;
using Leadora.Providers.Tests.Infrastructure;
using Microsoft.Extensions.AI;

namespace Leadora.Providers.Tests.DeepSeek;

/// <summary>The DeepSeek adapter over real HTTP against a scripted server replaying real captured responses.</summary>
public sealed class DeepSeekCaptureTests : IAsyncLifetime
{
    private ScriptedServer server = null!;

    public async Task InitializeAsync() => server = await ScriptedServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    [EvalFact]
    public async Task Answer_and_cache_usage_are_read()
    {
        server.Respond(ScriptedResponse.Json(EvalData.Read("deepseek/chat_completion_stop_with_prompt_cache_usage.json")));
        await using var harness = Harness.ForDeepSeek(server.BaseAddress, o => o.Model = "deepseek-v4-flash");

        var response = await harness.Chat().GetResponseAsync("Did I win?", new ChatOptions { ResponseFormat = ChatResponseFormat.Json });

        Assert.StartsWith("🎉 **Congratulations, Anne!**", response.Text, StringComparison.Ordinal);
        Assert.Equal((976L, 61L, 896L), (response.Usage!.InputTokenCount, response.Usage.OutputTokenCount, response.Usage.CachedInputTokenCount));
        Assert.Equal("deepseek-v4-flash", response.ModelId);

        var request = Assert.Single(server.Requests);
        Assert.Equal(("POST", "/chat/completions"), (request.Method, request.Path));
        Assert.Equal($"Bearer {Harness.DeepSeekKey}", request.Header("Authorization"));
        Assert.Equal("json_object", request.Json.GetProperty("response_format").GetProperty("type").GetString());
        Assert.Equal(DeepSeekChatClient.JsonInstruction, request.Json.GetProperty("messages")[0].GetProperty("content").GetString());
    }

    [EvalFact]
    public async Task Reasoner_answer_keeps_only_the_content()
    {
        server.Respond(ScriptedResponse.Json(EvalData.Read("deepseek/chat_completion_reasoning_content.json")));
        await using var harness = Harness.ForDeepSeek(server.BaseAddress, o => o.Model = "deepseek-reasoner");

        var response = await harness.Chat().GetResponseAsync("How do I cross the street?");

        Assert.StartsWith("Crossing the street safely", response.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Okay, the user is asking", response.Text, StringComparison.Ordinal);
    }

    [EvalFact]
    public async Task A_tool_call_answer_with_text_is_read()
    {
        server.Respond(ScriptedResponse.Json(EvalData.Read("deepseek/chat_completion_tool_calls.json")));
        await using var harness = Harness.ForDeepSeek(server.BaseAddress);

        var response = await harness.Chat().GetResponseAsync("Roll a die.");

        Assert.Equal("Let me load the dice rolling capability!", response.Text);
    }

    [Theory]
    [InlineData(402, """{"error":{"message":"Insufficient Balance","type":"unknown_error","param":null,"code":"invalid_request_error"}}""", ProviderErrorKind.OutOfCredit)]
    [InlineData(401, """{"error":{"message":"Authentication Fails, Your api key: ****2a9c is invalid","type":"authentication_error","param":null,"code":"invalid_request_error"}}""", ProviderErrorKind.Unauthorized)]
    [InlineData(400, """{"error":{"message":"Model Not Exist","type":"invalid_request_error","param":null,"code":"invalid_request_error"}}""", ProviderErrorKind.Rejected)]
    [InlineData(422, """{"error":{"message":"Invalid Parameters","type":"invalid_request_error","param":null,"code":"invalid_request_error"}}""", ProviderErrorKind.Rejected)]
    [InlineData(429, """{"error":{"message":"Rate Limit Reached","type":"rate_limit_error","param":null,"code":"invalid_request_error"}}""", ProviderErrorKind.RateLimited)]
    [InlineData(500, """{"error":{"message":"Server Error","type":"server_error","param":null,"code":"invalid_request_error"}}""", ProviderErrorKind.Transient)]
    [InlineData(503, """{"error":{"message":"Server Overloaded","type":"server_error","param":null,"code":"invalid_request_error"}}""", ProviderErrorKind.Transient)]
    public async Task Error_bodies_map_to_error_kinds(int status, string body, ProviderErrorKind kind)
    {
        server.Respond(new ScriptedResponse(status, body));
        await using var harness = Harness.ForDeepSeek(server.BaseAddress);

        var error = await Assert.ThrowsAsync<ProviderException>(() => harness.Chat().GetResponseAsync("x"));

        Assert.Equal((kind, status, "deepseek", "chat.completions"), (error.Kind, error.StatusCode, error.Provider, error.Operation));
    }

    [Fact]
    public async Task An_unknown_finish_reason_is_an_invalid_response_not_a_crash()
    {
        server.Respond(ScriptedResponse.Json("""
            {"id":"x","object":"chat.completion","created":1,"model":"deepseek-chat","choices":[{"index":0,"message":{"role":"assistant","content":""},"finish_reason":"insufficient_system_resource"}],"usage":{"prompt_tokens":1,"completion_tokens":0,"total_tokens":1}}
            """));
        await using var harness = Harness.ForDeepSeek(server.BaseAddress);

        var error = await Assert.ThrowsAsync<ProviderException>(() => harness.Chat().GetResponseAsync("x"));

        Assert.True(error.Kind is ProviderErrorKind.InvalidResponse or ProviderErrorKind.Transient, error.Kind.ToString());
    }

    [Fact]
    public async Task Empty_content_is_an_invalid_response()
    {
        server.Respond(ScriptedResponse.Json("""
            {"id":"x","object":"chat.completion","created":1,"model":"deepseek-chat","choices":[{"index":0,"message":{"role":"assistant","content":""},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":0,"total_tokens":1}}
            """));
        await using var harness = Harness.ForDeepSeek(server.BaseAddress);

        var error = await Assert.ThrowsAsync<ProviderException>(() => harness.Chat().GetResponseAsync("x", new ChatOptions { ResponseFormat = ChatResponseFormat.Json }));

        Assert.Equal(ProviderErrorKind.InvalidResponse, error.Kind);
    }

    [Fact]
    public async Task The_callers_options_and_messages_are_not_changed()
    {
        server.Respond(ScriptedResponse.Json("""
            {"id":"x","object":"chat.completion","created":1,"model":"deepseek-chat","choices":[{"index":0,"message":{"role":"assistant","content":"{\"animal_data_list\":[]}"},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":3,"total_tokens":4}}
            """));
        await using var harness = Harness.ForDeepSeek(server.BaseAddress);
        var options = Schemas.JsonSchemaOptions();
        List<ChatMessage> messages = [new(ChatRole.User, "List animals.")];

        await harness.Chat().GetResponseAsync(messages, options);

        Assert.IsType<ChatResponseFormatJson>(options.ResponseFormat);
        Assert.NotNull(((ChatResponseFormatJson)options.ResponseFormat).Schema);
        Assert.Single(messages);
    }
}
