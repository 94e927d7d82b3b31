using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Leadora.Sandbox.Tests;

/// <summary>A running sandbox plus an HttpClient for it; one per test class (class fixture) or per test.</summary>
public sealed class SandboxTestHost : IAsyncLifetime
{
    private readonly SandboxOptions _options;

    public SandboxTestHost()
        : this(new SandboxOptions())
    {
    }

    private SandboxTestHost(SandboxOptions options) => _options = options;

    public SandboxServer Server { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public static async Task<SandboxTestHost> StartAsync(SandboxOptions? options = null)
    {
        var host = new SandboxTestHost(options ?? new SandboxOptions());
        await host.InitializeAsync();
        return host;
    }

    public async Task InitializeAsync()
    {
        Server = await SandboxServer.StartAsync(_options);
        Http = new HttpClient { BaseAddress = Server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
    }

    public Task<HttpResponseMessage> OpenAIAsync(string path, JsonNode body, string? key = "sk-sandbox") =>
        PostAsync($"openai/v1/{path}", body.ToJsonString(), key is null ? null : ("Authorization", $"Bearer {key}"));

    public Task<HttpResponseMessage> SerperAsync(string path, JsonNode body, string? key = "serper-key") =>
        PostAsync($"serper/{path}", body.ToJsonString(), key is null ? null : ("X-API-KEY", key));

    public Task<HttpResponseMessage> GeminiAsync(string model, JsonNode body, string? key = "gemini-key") =>
        PostAsync($"gemini/v1beta/models/{model}:generateContent", body.ToJsonString(), key is null ? null : ("x-goog-api-key", key));

    public Task<HttpResponseMessage> DeepSeekAsync(JsonNode body, string? key = "sk-deepseek") =>
        PostAsync("deepseek/chat/completions", body.ToJsonString(), key is null ? null : ("Authorization", $"Bearer {key}"));

    public Task<HttpResponseMessage> PlacesNewAsync(JsonNode body, string? fieldMask, string? key = "places-key") =>
        PostAsync("places/v1/places:searchText", body.ToJsonString(), key is null ? null : ("X-Goog-Api-Key", key), fieldMask is null ? null : ("X-Goog-FieldMask", fieldMask));

    public Task<HttpResponseMessage> GetAsync(string pathAndQuery) => Http.GetAsync(new Uri(pathAndQuery, UriKind.Relative));

    public async Task<HttpResponseMessage> PostAsync(string path, string body, (string Name, string Value)? header, (string Name, string Value)? header2 = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path.StartsWith("places/", StringComparison.Ordinal) ? "./" + path : path, UriKind.Relative))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        foreach (var h in new[] { header, header2 })
        {
            if (h is { } value)
            {
                request.Headers.TryAddWithoutValidation(value.Name, value.Value);
            }
        }

        return await Http.SendAsync(request);
    }

    public static async Task<JsonObject> JsonAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

    public async Task<JsonObject> SerperJsonAsync(string path, JsonNode body)
    {
        using var response = await SerperAsync(path, body);
        Assert.Equal(200, (int)response.StatusCode);
        return await JsonAsync(response);
    }

    public static JsonObject Places(string q, string gl, int? page = null)
    {
        var body = new JsonObject { ["q"] = q, ["gl"] = gl, ["hl"] = "en" };
        if (page is not null)
        {
            body["page"] = page;
        }

        return body;
    }

    public static AuthenticationHeaderValue Bearer(string key) => new("Bearer", key);
}
