using System.Buffers.Binary;
using System.Net;
using System.Text.Json.Nodes;
using Leadora.Embeddings;

namespace Leadora.Sandbox.Tests;

public sealed class EmbeddingsTests : IClassFixture<SandboxTestHost>
{
    private static readonly string[] Texts = ["Large petrochemical producers (SA, AE)", "Procurement Manager", "Najd Petrochemical Services"];

    private readonly SandboxTestHost _host;

    public EmbeddingsTests(SandboxTestHost host) => _host = host;

    [Fact]
    public async Task Float_and_base64_encodings_decode_to_the_hashing_embedder_vectors()
    {
        var floats = await _host.OpenAIAsync("embeddings", Request("float"));
        var base64 = await _host.OpenAIAsync("embeddings", Request("base64"));
        var floatBody = await SandboxTestHost.JsonAsync(floats);
        var base64Body = await SandboxTestHost.JsonAsync(base64);

        Assert.Equal("list", floatBody["object"]!.GetValue<string>());
        Assert.Equal("text-embedding-3-small", floatBody["model"]!.GetValue<string>());
        Assert.True(floatBody["usage"]!["prompt_tokens"]!.GetValue<int>() > 0);
        for (var i = 0; i < Texts.Length; i++)
        {
            var expected = new float[HashingEmbeddingGenerator.DefaultDimensions];
            HashingEmbeddingGenerator.Embed(Texts[i], expected);

            var item = floatBody["data"]![i]!;
            Assert.Equal("embedding", item["object"]!.GetValue<string>());
            Assert.Equal(i, item["index"]!.GetValue<int>());
            Assert.Equal(expected, item["embedding"]!.AsArray().Select(v => v!.GetValue<float>()).ToArray());

            var bytes = Convert.FromBase64String(base64Body["data"]![i]!["embedding"]!.GetValue<string>());
            var decoded = Enumerable.Range(0, bytes.Length / 4).Select(d => BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(d * 4))).ToArray();
            Assert.Equal(expected, decoded);
        }
    }

    [Fact]
    public async Task Dimensions_shorten_the_vector()
    {
        var request = Request("float");
        request["dimensions"] = 256;

        var body = await SandboxTestHost.JsonAsync(await _host.OpenAIAsync("embeddings", request));

        var expected = new float[256];
        HashingEmbeddingGenerator.Embed(Texts[0], expected);
        Assert.Equal(expected, body["data"]![0]!["embedding"]!.AsArray().Select(v => v!.GetValue<float>()).ToArray());
    }

    [Fact]
    public async Task More_than_2048_inputs_or_bad_parameters_are_rejected()
    {
        var tooMany = new JsonObject { ["model"] = "text-embedding-3-small", ["input"] = new JsonArray(Enumerable.Range(0, 2049).Select(i => (JsonNode?)JsonValue.Create($"text {i}")).ToArray()) };
        var exactly = new JsonObject { ["model"] = "text-embedding-3-small", ["input"] = new JsonArray(Enumerable.Range(0, 2048).Select(i => (JsonNode?)JsonValue.Create($"text {i}")).ToArray()), ["encoding_format"] = "base64" };
        var negative = new JsonObject { ["model"] = "text-embedding-3-small", ["input"] = "x", ["dimensions"] = -42 };
        var encoding = new JsonObject { ["model"] = "text-embedding-3-small", ["input"] = "x", ["encoding_format"] = "int8" };

        using var tooManyResponse = await _host.OpenAIAsync("embeddings", tooMany);
        using var exactlyResponse = await _host.OpenAIAsync("embeddings", exactly);
        using var negativeResponse = await _host.OpenAIAsync("embeddings", negative);
        using var encodingResponse = await _host.OpenAIAsync("embeddings", encoding);

        Assert.Equal(HttpStatusCode.BadRequest, tooManyResponse.StatusCode);
        Assert.Contains("'$.input' is invalid", (await SandboxTestHost.JsonAsync(tooManyResponse))["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, exactlyResponse.StatusCode);
        Assert.Equal(2048, (await SandboxTestHost.JsonAsync(exactlyResponse))["data"]!.AsArray().Count);
        Assert.Equal("-42 is less than the minimum of 1 - 'dimensions'", (await SandboxTestHost.JsonAsync(negativeResponse))["error"]!["message"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, encodingResponse.StatusCode);
    }

    private static JsonObject Request(string encoding) => new()
    {
        ["model"] = "text-embedding-3-small",
        ["input"] = new JsonArray(Texts.Select(t => (JsonNode?)JsonValue.Create(t)).ToArray()),
        ["encoding_format"] = encoding,
    };
}
