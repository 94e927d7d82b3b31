using System.ClientModel;
using System.Text.Json.Nodes;
using Leadora.Embeddings;
using OpenAI;
using OpenAI.Responses;

namespace Leadora.Sandbox.Tests;

#pragma warning disable OPENAI001 // The Responses client is marked experimental in the SDK.

/// <summary>The official OpenAI .NET SDK — what the production adapter uses — parses the sandbox's answers.</summary>
public sealed class OfficialSdkTests : IClassFixture<SandboxTestHost>
{
    private readonly SandboxTestHost _host;

    public OfficialSdkTests(SandboxTestHost host) => _host = host;

    private OpenAIClient Client => new(new ApiKeyCredential("sk-sandbox"), new OpenAIClientOptions { Endpoint = new Uri(_host.Server.BaseAddress, "openai/v1") });

    [Fact]
    public async Task Responses_client_parses_structured_output_reasoning_and_usage()
    {
        var options = new CreateResponseOptions
        {
            Model = "gpt-5",
            TextOptions = new ResponseTextOptions
            {
                TextFormat = ResponseTextFormat.CreateJsonSchemaFormat("business_personas", BinaryData.FromString(Schemas.BusinessPersonas), "Ideal-customer segments", jsonSchemaIsStrict: true),
            },
        };
        options.InputItems.Add(ResponseItem.CreateSystemMessageItem("You write B2B personas as JSON."));
        options.InputItems.Add(ResponseItem.CreateUserMessageItem(Prompts.CustomerRequest));

        ResponseResult result = await Client.GetResponsesClient().CreateResponseAsync(options);

        Assert.Equal(ResponseStatus.Completed, result.Status);
        Assert.IsType<ReasoningResponseItem>(result.OutputItems[0]);
        Assert.True(result.Usage.InputTokenCount > 0);
        Assert.True(result.Usage.OutputTokenDetails.ReasoningTokenCount > 0);
        var text = result.GetOutputText();
        await SchemaValidation.AssertValidAsync(Schemas.BusinessPersonas, text);
        Assert.Equal(4, JsonNode.Parse(text)!["personas"]!.AsArray().Count);

        var sent = _host.Server.RequestLog.ForProvider("openai")[^1];
        Assert.Equal("Bearer sk-sandbox", sent.Headers["Authorization"]);
        var body = JsonNode.Parse(sent.Body)!;
        Assert.Equal("message", body["input"]![0]!["type"]!.GetValue<string>());
        Assert.True(body["text"]!["format"]!["strict"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Sdk_sees_a_scripted_rate_limit_as_a_429()
    {
        await using var host = await SandboxTestHost.StartAsync();
        host.Server.Faults.Enqueue("openai", SandboxFault.RateLimit(TimeSpan.FromMilliseconds(10)));
        host.Server.Faults.Enqueue("openai", SandboxFault.RateLimit(TimeSpan.FromMilliseconds(10)));
        host.Server.Faults.Enqueue("openai", SandboxFault.RateLimit(TimeSpan.FromMilliseconds(10)));
        host.Server.Faults.Enqueue("openai", SandboxFault.RateLimit(TimeSpan.FromMilliseconds(10)));
        var client = new OpenAIClient(new ApiKeyCredential("sk-sandbox"), new OpenAIClientOptions { Endpoint = new Uri(host.Server.BaseAddress, "openai/v1"), RetryPolicy = new System.ClientModel.Primitives.ClientRetryPolicy(0) });

        var error = await Assert.ThrowsAsync<ClientResultException>(() => client.GetResponsesClient().CreateResponseAsync("gpt-5", "hello"));

        Assert.Equal(429, error.Status);
    }

    [Fact]
    public async Task Embedding_client_decodes_the_default_base64_encoding()
    {
        string[] texts = ["Procurement Manager", "Operations Director"];

        var result = await Client.GetEmbeddingClient("text-embedding-3-small").GenerateEmbeddingsAsync(texts);

        Assert.Equal(2, result.Value.Count);
        for (var i = 0; i < texts.Length; i++)
        {
            var expected = new float[HashingEmbeddingGenerator.DefaultDimensions];
            HashingEmbeddingGenerator.Embed(texts[i], expected);
            Assert.Equal(expected, result.Value[i].ToFloats().ToArray());
        }

        Assert.Contains("\"encoding_format\":\"base64\"", _host.Server.RequestLog.ForProvider("openai")[^1].Body, StringComparison.Ordinal);
    }
}
