using System.Text.Json;
using System.Text.Json.Nodes;
using Leadora.Ports;
using Leadora.Providers.Tests.Infrastructure;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Leadora.Providers.Tests.OpenAI;

/// <summary>The OpenAI embeddings adapter over real HTTP against a scripted loopback server replaying real captures.</summary>
public sealed class OpenAIEmbeddingTests : IAsyncLifetime
{
    private ScriptedServer server = null!;

    public async Task InitializeAsync() => server = await ScriptedServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    [EvalFact]
    public async Task Sends_model_dimensions_and_base64_encoding_and_decodes_the_vector()
    {
        server.Respond(ScriptedResponse.Json(EvalData.Read("openai/embeddings_text-embedding-3-small_base64.json")));
        await using var harness = Harness.ForOpenAI(server.BaseAddress);

        var embeddings = await harness.Embeddings.GenerateAsync(["water treatment chemicals supplier"]);

        var request = Assert.Single(server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v1/embeddings", request.Path);
        Assert.Equal($"Bearer {Harness.OpenAIKey}", request.Header("Authorization"));
        Assert.Equal("text-embedding-3-small", request.Json.GetProperty("model").GetString());
        Assert.Equal(1536, request.Json.GetProperty("dimensions").GetInt32());
        Assert.Equal("base64", request.Json.GetProperty("encoding_format").GetString());
        Assert.Equal(["water treatment chemicals supplier"], request.Json.GetProperty("input").EnumerateArray().Select(e => e.GetString()));

        var vector = Assert.Single(embeddings).Vector.ToArray();
        var expected = JsonDocument.Parse(EvalData.Read("openai/embeddings_text-embedding-3-small_float_DERIVED_from_base64.json"))
            .RootElement.GetProperty("data")[0].GetProperty("embedding").EnumerateArray().Select(e => e.GetSingle()).ToArray();
        Assert.Equal(1536, vector.Length);
        Assert.Equal(expected, vector);
        Assert.NotNull(embeddings.Usage);
    }

    [EvalFact]
    public async Task Sends_the_configured_model_and_dimensions()
    {
        server.Respond(ScriptedResponse.Json(WithVectorLength(EvalData.Read("openai/embeddings_text-embedding-3-small_float_DERIVED_from_base64.json"), 256)));
        await using var harness = Harness.ForOpenAI(server.BaseAddress, o =>
        {
            o.EmbeddingsModel = "text-embedding-3-large";
            o.EmbeddingDimensions = 256;
        });

        var embeddings = await harness.Embeddings.GenerateAsync(["a"]);

        var body = Assert.Single(server.Requests).Json;
        Assert.Equal("text-embedding-3-large", body.GetProperty("model").GetString());
        Assert.Equal(256, body.GetProperty("dimensions").GetInt32());
        Assert.Equal(256, Assert.Single(embeddings).Vector.Length);
    }

    [EvalFact]
    public async Task Fewer_vectors_than_inputs_is_an_invalid_response()
    {
        server.Respond(ScriptedResponse.Json(EvalData.Read("openai/embeddings_text-embedding-3-small_base64.json")));
        await using var harness = Harness.ForOpenAI(server.BaseAddress);

        var error = await Assert.ThrowsAsync<ProviderException>(() => harness.Embeddings.GenerateAsync(["one", "two"]));

        Assert.Equal(ProviderErrorKind.InvalidResponse, error.Kind);
        Assert.Equal("embeddings", error.Operation);
        Assert.Contains("asked for 2 embeddings, got 1", error.Message, StringComparison.Ordinal);
    }

    [EvalFact]
    public async Task A_vector_of_the_wrong_length_is_an_invalid_response()
    {
        server.Respond(ScriptedResponse.Json(EvalData.Read("openai/embeddings_text-embedding-3-small_base64.json")));
        await using var harness = Harness.ForOpenAI(server.BaseAddress, o => o.EmbeddingDimensions = 512);

        var error = await Assert.ThrowsAsync<ProviderException>(() => harness.Embeddings.GenerateAsync(["one"]));

        Assert.Equal(ProviderErrorKind.InvalidResponse, error.Kind);
        Assert.Contains("512", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_inputs_means_no_call()
    {
        await using var harness = Harness.ForOpenAI(server.BaseAddress);

        var embeddings = await harness.Embeddings.GenerateAsync([]);

        Assert.Empty(embeddings);
        Assert.Empty(server.Requests);
    }

    [EvalFact]
    public async Task Invalid_dimensions_is_rejected()
    {
        server.Respond(new ScriptedResponse(400, EvalData.Read("openai/error_400_embeddings_invalid_dimensions.json")));
        await using var harness = Harness.ForOpenAI(server.BaseAddress);

        var error = await Assert.ThrowsAsync<ProviderException>(() => harness.Embeddings.GenerateAsync(["one"]));

        Assert.Equal(ProviderErrorKind.Rejected, error.Kind);
        Assert.Equal(400, error.StatusCode);
        Assert.Contains("minimum of 1 - 'dimensions'", error.Message, StringComparison.Ordinal);
    }

    [EvalFact]
    public async Task Unknown_model_is_rejected()
    {
        server.Respond(new ScriptedResponse(404, EvalData.Read("openai/error_404_model_not_found_embeddings.json")));
        await using var harness = Harness.ForOpenAI(server.BaseAddress);

        var error = await Assert.ThrowsAsync<ProviderException>(() => harness.Embeddings.GenerateAsync(["one"]));

        Assert.Equal(ProviderErrorKind.Rejected, error.Kind);
        Assert.Contains("model_not_found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rate_limits_carry_retry_after()
    {
        server.Respond(new ScriptedResponse(429, OpenAIChatTests.RateLimitBody) { Headers = { ["retry-after-ms"] = "20" } });
        await using var harness = Harness.ForOpenAI(server.BaseAddress);

        var error = await Assert.ThrowsAsync<ProviderException>(() => harness.Embeddings.GenerateAsync(["one"]));

        Assert.Equal(ProviderErrorKind.RateLimited, error.Kind);
        Assert.Equal(TimeSpan.FromMilliseconds(20), error.RetryAfter);
    }

    [Fact]
    public async Task Registration_passes_the_configured_batch_size_to_core()
    {
        var builder = new TestLeadoraBuilder(new Dictionary<string, string?> { ["OpenAI:ApiKey"] = "k", ["OpenAI:MaxEmbeddingBatch"] = "500" });
        builder.UseOpenAI();
        await using var services = builder.Build();

        var registration = services.GetRequiredService<EmbeddingProviderRegistration>();

        Assert.Equal("openai", registration.Name);
        Assert.Equal(500, registration.MaxBatchSize);
    }

    /// <summary>The float capture with its vector cut to <paramref name="length"/> values.</summary>
    private static string WithVectorLength(string capture, int length)
    {
        var node = JsonNode.Parse(capture)!;
        var values = node["data"]![0]!["embedding"]!.AsArray().Take(length).Select(v => v!.GetValue<double>()).ToArray();
        node["data"]![0]!["embedding"] = new JsonArray([.. values.Select(v => (JsonNode)JsonValue.Create(v))]);
        return node.ToJsonString();
    }
}
