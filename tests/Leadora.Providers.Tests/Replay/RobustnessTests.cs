using System.Text;
using Leadora.Ports;
using Leadora.Providers.Tests.Infrastructure;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Leadora.Providers.Tests.Replay;

/// <summary>
/// Bodies no adapter can use — valid JSON of the wrong shape, an HTML page with HTTP 200, a truncated body, a 10 MB body —
/// sent to the first provider of each fallback chain, as Core composes it. The first provider fails that call with a clear
/// InvalidResponse error (never retried), the chain goes on to the next provider, whose genuine captured answer is
/// returned, and the search gets a fallback_used warning saying why.
/// </summary>
public sealed class RobustnessTests : IAsyncLifetime
{
    private ScriptedServer server = null!;

    public async Task InitializeAsync() => server = await ScriptedServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    public static TheoryData<string> BadBodies => new(Bad.Keys);

    /// <summary>The unusable answers, by name.</summary>
    private static readonly Dictionary<string, Func<string, ScriptedResponse>> Bad = new(StringComparer.Ordinal)
    {
        ["json_of_the_wrong_shape"] = _ => ScriptedResponse.Json("""["this", "is", "an", "array", {"not": "the object the API answers"}]"""),
        ["json_with_a_list_where_an_object_is"] = capture => ScriptedResponse.Json(WrongTypes(capture)),
        ["html_with_status_200"] = _ => new ScriptedResponse(200, "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1><p>The proxy could not reach the upstream server.</p></body></html>", "text/html; charset=utf-8"),
        ["truncated_body"] = capture =>
        {
            var body = ReplayCorpus.Get(capture).Body;
            return ScriptedResponse.Json(body[..(body.Length / 2)]);
        },
        ["ten_megabyte_body"] = capture => ScriptedResponse.Json(TenMegabytes(capture)),
    };

    private static string WrongTypes(string capture) => capture.StartsWith("serper/search", StringComparison.Ordinal)
        ? """{"searchParameters":{"q":"x"},"organic":{"title":"one result as an object, not a list","link":"https://example.com/"}}"""
        : capture.StartsWith("serper", StringComparison.Ordinal)
            ? """{"searchParameters":{"q":"x"},"places":{"title":"one place as an object, not a list"}}"""
            : """{"id":"resp_x","object":"response","status":"completed","output":{"type":"message"},"candidates":{"content":"not a list"},"usageMetadata":"none"}""";

    /// <summary>A well-formed answer of 10 MB: the captured body's rows repeated.</summary>
    private static string TenMegabytes(string capture)
    {
        var body = ReplayCorpus.Get(capture).Body;
        var builder = new StringBuilder(11_000_000);
        if (capture.StartsWith("serper/search", StringComparison.Ordinal))
        {
            builder.Append("""{"organic":[""");
            while (builder.Length < 10_000_000)
            {
                builder.Append("""{"title":"Padding result","link":"https://example.com/","snippet":"padding","position":1},""");
            }

            return builder.Append("""{"title":"last","link":"https://example.com/last"}]}""").ToString();
        }

        if (capture.StartsWith("serper", StringComparison.Ordinal))
        {
            builder.Append("""{"places":[""");
            while (builder.Length < 10_000_000)
            {
                builder.Append("""{"title":"Padding place","address":"1 Padding Street","cid":"1"},""");
            }

            return builder.Append("""{"title":"last"}]}""").ToString();
        }

        // An LLM answer whose text is 10 MB.
        var text = new string('x', 10_000_000);
        return body.Replace("\"text\": \"", "\"text\": \"" + text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Places_chain_goes_on_to_google_places_when_serper_answers(string bad)
    {
        var good = ReplayCorpus.Get("google_places/searchText_us_two_bulldog");
        server.Respond(r => r.Path == "/places" ? Bad[bad]("serper/places_pe_en_monterrico") : Play(good));
        await using var services = Build(b => b
            .UseSerper(o => Fast(o, Harness.SerperKey, server.BaseAddress.AbsoluteUri))
            .UseGooglePlaces(o => Fast(o, Harness.GooglePlacesKey, new Uri(server.BaseAddress, "v1").AbsoluteUri))
            .UseGemini(o => Fast(o, Harness.GeminiKey, new Uri(server.BaseAddress, "v1beta").AbsoluteUri))
            .UseHashingEmbeddings());
        var search = await TestSearch.CreateAsync(services);

        PlacesPage page;
        using (search.Enter())
        {
            page = await services.GetRequiredService<IPlacesSearch>().SearchAsync(new PlacesQuery($"bulldog {bad}", "US"));
        }

        Assert.Equal(("google_places", 2), (page.Provider, page.Places.Count));
        Assert.Equal("The Bulldog Uptown", page.Places[0].Name);
        Assert.Equal(1, server.Requests.Count(r => r.Path == "/places")); // an unusable answer is not retried
        await AssertFellThroughAsync(search, "serper");
    }

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Web_chain_goes_on_to_custom_search_when_serper_answers(string bad)
    {
        var good = ReplayCorpus.Get("google_cse/items_10_next_page_test");
        server.Respond(r => r.Path == "/search" ? Bad[bad]("serper/search_apple_inc_knowledge_graph") : Play(good));
        await using var services = Build(b => b
            .UseSerper(o => Fast(o, Harness.SerperKey, server.BaseAddress.AbsoluteUri))
            .UseGoogleCse(o =>
            {
                Fast(o, Harness.GoogleCseKey, new Uri(server.BaseAddress, "customsearch/v1").AbsoluteUri);
                o.Cx = "test-cx-0123";
            })
            .UseGemini(o => Fast(o, Harness.GeminiKey, new Uri(server.BaseAddress, "v1beta").AbsoluteUri))
            .UseHashingEmbeddings());
        var search = await TestSearch.CreateAsync(services);

        WebSearchPage page;
        using (search.Enter())
        {
            page = await services.GetRequiredService<IWebSearch>().SearchAsync(new WebSearchQuery($"test {bad}", "US"));
        }

        Assert.Equal(("google_cse", 10), (page.Provider, page.Results.Count));
        Assert.Equal(1, server.Requests.Count(r => r.Path == "/search"));
        await AssertFellThroughAsync(search, "serper");
    }

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Llm_chain_goes_on_to_gemini_when_openai_answers(string bad)
    {
        var good = ReplayCorpus.Get("gemini/json_native_output_gemini-2.0-flash");
        server.Respond(r => r.Path == "/v1/responses" ? Bad[bad]("openai/responses_plain_gpt-4o-mini") : Play(good));
        await using var services = Build(b => b
            .UseOpenAI(o => Fast(o, Harness.OpenAIKey, new Uri(server.BaseAddress, "v1").AbsoluteUri))
            .UseGemini(o =>
            {
                Fast(o, Harness.GeminiKey, new Uri(server.BaseAddress, "v1beta").AbsoluteUri);
                o.Model = "gemini-2.0-flash";
            })
            .UseSerper(o => Fast(o, Harness.SerperKey, server.BaseAddress.AbsoluteUri)));
        var search = await TestSearch.CreateAsync(services);

        ChatResponse response;
        using (search.Enter())
        {
            response = await services.GetRequiredKeyedService<IChatClient>(ModelTier.Primary).GetResponseAsync($"Answer ({bad}).");
        }

        Assert.StartsWith("{", response.Text, StringComparison.Ordinal);
        Assert.Equal(1, server.Requests.Count(r => r.Path == "/v1/responses"));
        await AssertFellThroughAsync(search, "openai");
    }

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Llm_chain_goes_on_to_deepseek_when_gemini_answers(string bad)
    {
        var good = ReplayCorpus.Get("deepseek/reasoning_content_deepseek-reasoner");
        server.Respond(r => r.Path.EndsWith(":generateContent", StringComparison.Ordinal) ? Bad[bad]("gemini/json_native_output_gemini-2.0-flash") : Play(good));
        await using var services = Build(b => b
            .UseGemini(o => Fast(o, Harness.GeminiKey, new Uri(server.BaseAddress, "v1beta").AbsoluteUri))
            .UseDeepSeek(o => Fast(o, Harness.DeepSeekKey, server.BaseAddress.AbsoluteUri))
            .UseSerper(o => Fast(o, Harness.SerperKey, server.BaseAddress.AbsoluteUri))
            .UseHashingEmbeddings());
        var search = await TestSearch.CreateAsync(services);

        ChatResponse response;
        using (search.Enter())
        {
            response = await services.GetRequiredKeyedService<IChatClient>(ModelTier.Primary).GetResponseAsync($"Answer ({bad}).");
        }

        Assert.False(string.IsNullOrWhiteSpace(response.Text));
        Assert.Equal(1, server.Requests.Count(r => r.Path.EndsWith(":generateContent", StringComparison.Ordinal)));
        await AssertFellThroughAsync(search, "gemini");
    }

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task The_raw_adapter_fails_with_a_clear_invalid_response_error(string bad)
    {
        server.Respond(_ => Bad[bad]("serper/places_pe_en_monterrico"));
        await using var harness = Harness.ForSerper(server.BaseAddress, o => o.MaxRetries = 2);

        var error = await Assert.ThrowsAsync<ProviderException>(() => harness.Places.SearchAsync(new PlacesQuery("x", "US")));

        Assert.Equal((ProviderErrorKind.InvalidResponse, "serper", 200), (error.Kind, error.Provider, error.StatusCode));
        Assert.Matches("not valid JSON|larger than|not JSON|unexpected", error.Message);
        Assert.True(error.Message.Length < 1000, "the message must not quote the whole body");
        Assert.Single(server.Requests);
    }

    private static async Task AssertFellThroughAsync(TestSearch search, string provider)
    {
        var warning = Assert.Single(await search.WarningsAsync(), w => w.Code == "fallback_used");
        Assert.Contains($"{provider} failed (InvalidResponse)", warning.Message, StringComparison.Ordinal);
    }

    private static ScriptedResponse Play(Capture capture) => new(capture.Status, capture.Body, capture.ContentType);

    private static void Fast(ProviderHttpOptions options, string key, string baseUrl)
    {
        options.ApiKey = key;
        options.BaseUrl = baseUrl;
        options.MinDelayMs = 0;
        options.TimeoutSeconds = 10;
        options.MaxRetries = 2;
        options.RetryBaseDelayMs = 10;
    }

    private static ServiceProvider Build(Action<TestLeadoraBuilder> providers)
    {
        var builder = new TestLeadoraBuilder();
        builder.Services.AddLeadora(builder.Configuration);
        providers(builder);
        return builder.Build();
    }
}
