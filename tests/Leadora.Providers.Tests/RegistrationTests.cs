using Leadora.Providers.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Leadora.Providers.Tests;

/// <summary>What the registration extensions put into the container for Core to compose.</summary>
public sealed class RegistrationTests
{
    [Fact]
    public async Task UseOpenAI_registers_three_tiers_and_embeddings_once()
    {
        var builder = new TestLeadoraBuilder(new Dictionary<string, string?> { ["OpenAI:ApiKey"] = "sk-1" });
        builder.UseOpenAI().UseOpenAI(o => o.PrimaryModel = "second-call");
        await using var services = builder.Build();

        var chats = services.GetServices<ChatProviderRegistration>().ToList();
        Assert.Equal([ModelTier.Primary, ModelTier.Light, ModelTier.UltraLight], chats.Select(c => c.Tier));
        Assert.All(chats, c => Assert.Equal("openai", c.Name));
        Assert.All(chats, c => Assert.NotNull(c.Create(services)));
        var embeddings = Assert.Single(services.GetServices<EmbeddingProviderRegistration>());
        Assert.Equal(("openai", 2048), (embeddings.Name, embeddings.MaxBatchSize));
        Assert.NotNull(embeddings.Create(services));
        Assert.Equal("second-call", services.GetRequiredService<IOptions<OpenAIProviderOptions>>().Value.PrimaryModel);
        Assert.Empty(services.GetServices<PlacesProviderRegistration>());
    }

    [Fact]
    public async Task UseSerper_registers_places_and_web_search_once()
    {
        var builder = new TestLeadoraBuilder(new Dictionary<string, string?> { ["Serper:ApiKey"] = "k" });
        builder.UseSerper().UseSerper(o => o.Language = "pt");
        await using var services = builder.Build();

        var places = Assert.Single(services.GetServices<PlacesProviderRegistration>());
        var web = Assert.Single(services.GetServices<WebSearchProviderRegistration>());
        Assert.Equal(("serper", "serper"), (places.Name, web.Name));
        Assert.NotNull(places.Create(services));
        Assert.NotNull(web.Create(services));
        Assert.Equal("pt", services.GetRequiredService<IOptions<SerperOptions>>().Value.Language);
        Assert.Empty(services.GetServices<ChatProviderRegistration>());
    }

    [Fact]
    public async Task UseConfiguredProviders_registers_every_keyed_provider_in_fallback_order()
    {
        var builder = new TestLeadoraBuilder(new Dictionary<string, string?>
        {
            ["OpenAI:ApiKey"] = "sk-1",
            ["Gemini:ApiKey"] = "g",
            ["DeepSeek:ApiKey"] = "d",
            ["Serper:ApiKey"] = "s",
            ["GooglePlaces:ApiKey"] = "p",
            ["GoogleCse:ApiKey"] = "c",
            ["GoogleCse:Cx"] = "engine",
        });
        builder.UseConfiguredProviders();
        await using var services = builder.Build();

        services.GetRequiredService<IStartupValidator>().Validate();
        foreach (var tier in Enum.GetValues<ModelTier>())
        {
            Assert.Equal(["openai", "gemini", "deepseek"], services.GetServices<ChatProviderRegistration>().Where(r => r.Tier == tier).Select(r => r.Name));
        }

        Assert.Equal(["serper", "google_places", "google_places_legacy"], services.GetServices<PlacesProviderRegistration>().Select(r => r.Name));
        Assert.Equal(["serper", "google_cse"], services.GetServices<WebSearchProviderRegistration>().Select(r => r.Name));
        Assert.Equal("openai", Assert.Single(services.GetServices<EmbeddingProviderRegistration>()).Name);
        Assert.All(services.GetServices<ChatProviderRegistration>(), r => Assert.NotNull(r.Create(services)));
        Assert.All(services.GetServices<PlacesProviderRegistration>(), r => Assert.NotNull(r.Create(services)));
        Assert.All(services.GetServices<WebSearchProviderRegistration>(), r => Assert.NotNull(r.Create(services)));
    }

    [Fact]
    public async Task UseConfiguredProviders_skips_providers_without_keys_and_the_legacy_api_when_turned_off()
    {
        var builder = new TestLeadoraBuilder(new Dictionary<string, string?>
        {
            ["DeepSeek:ApiKey"] = "d",
            ["GooglePlaces:ApiKey"] = "p",
            ["GooglePlaces:LegacyFallback"] = "false",
        });
        builder.UseConfiguredProviders();
        await using var services = builder.Build();

        Assert.All(services.GetServices<ChatProviderRegistration>(), r => Assert.Equal("deepseek", r.Name));
        Assert.Equal(3, services.GetServices<ChatProviderRegistration>().Count());
        Assert.Equal(["google_places"], services.GetServices<PlacesProviderRegistration>().Select(r => r.Name));
        Assert.Empty(services.GetServices<WebSearchProviderRegistration>());
        Assert.Empty(services.GetServices<EmbeddingProviderRegistration>()); // embeddings come from OpenAI only
    }

    [Fact]
    public async Task Calling_a_Use_method_twice_registers_its_provider_once()
    {
        var builder = new TestLeadoraBuilder(new Dictionary<string, string?> { ["Gemini:ApiKey"] = "g", ["GooglePlaces:ApiKey"] = "p", ["GoogleCse:ApiKey"] = "c", ["GoogleCse:Cx"] = "x" });
        builder.UseGemini().UseGemini(o => o.Model = "second").UseGooglePlaces().UseGooglePlacesLegacy().UseGooglePlaces().UseGooglePlacesLegacy(o => o.Language = "ar").UseGoogleCse().UseGoogleCse();
        await using var services = builder.Build();

        Assert.Equal(3, services.GetServices<ChatProviderRegistration>().Count());
        Assert.Equal(["google_places", "google_places_legacy"], services.GetServices<PlacesProviderRegistration>().Select(r => r.Name));
        Assert.Single(services.GetServices<WebSearchProviderRegistration>());
        Assert.Equal("second", services.GetRequiredService<IOptions<GeminiOptions>>().Value.Model);
        Assert.Equal("ar", services.GetRequiredService<IOptions<GooglePlacesOptions>>().Value.Language);
    }

    [Theory]
    [InlineData(null, null, false, false)]
    [InlineData("sk-1", null, true, false)]
    [InlineData(null, "k", false, true)]
    [InlineData("sk-1", "k", true, true)]
    [InlineData(" ", "", false, false)]
    public async Task UseConfiguredProviders_registers_the_providers_that_have_keys(string? openAIKey, string? serperKey, bool openAI, bool serper)
    {
        var builder = new TestLeadoraBuilder(new Dictionary<string, string?> { ["OpenAI:ApiKey"] = openAIKey, ["Serper:ApiKey"] = serperKey });
        builder.UseConfiguredProviders();
        await using var services = builder.Build();

        Assert.Equal(openAI ? 3 : 0, services.GetServices<ChatProviderRegistration>().Count());
        Assert.Equal(openAI ? 1 : 0, services.GetServices<EmbeddingProviderRegistration>().Count());
        Assert.Equal(serper ? 1 : 0, services.GetServices<PlacesProviderRegistration>().Count());
        Assert.Equal(serper ? 1 : 0, services.GetServices<WebSearchProviderRegistration>().Count());
        services.GetService<IStartupValidator>()?.Validate(); // nothing half-registered that would fail start-up
    }

    [Fact]
    public async Task A_shared_sandbox_keeps_the_configured_limits_and_lifts_the_others()
    {
        var builder = new TestLeadoraBuilder(new Dictionary<string, string?>
        {
            ["OpenAI:MinDelayMs"] = "300",
            ["OpenAI:MaxConcurrent"] = "2",
        });
        builder.UseSandbox(new Uri("http://127.0.0.1:5123/"), keepConfiguredLimits: true);
        await using var services = builder.Build();

        var openAI = services.GetRequiredService<IOptions<OpenAIProviderOptions>>().Value;
        var serper = services.GetRequiredService<IOptions<SerperOptions>>().Value;
        Assert.Equal((300, 2), (openAI.MinDelayMs, openAI.MaxConcurrent));
        Assert.Equal((0, 8), (serper.MinDelayMs, serper.MaxConcurrent));
    }

    [Theory]
    [InlineData("http://127.0.0.1:5123/", "http://127.0.0.1:5123/")]
    [InlineData("http://127.0.0.1:5123", "http://127.0.0.1:5123/")]
    [InlineData("http://localhost:8080/sandbox/", "http://localhost:8080/sandbox/")]
    public async Task UseSandbox_points_every_provider_at_the_sandbox_in_fallback_order(string sandbox, string root)
    {
        var builder = new TestLeadoraBuilder(new Dictionary<string, string?>
        {
            ["OpenAI:ApiKey"] = "sk-real",
            ["OpenAI:MinDelayMs"] = "300",
            ["Serper:ApiKey"] = "real",
            ["GooglePlaces:MinDelayMs"] = "500",
        });
        builder.UseSandbox(new Uri(sandbox));
        await using var services = builder.Build();

        services.GetRequiredService<IStartupValidator>().Validate();
        void Check(ProviderHttpOptions options, string path)
        {
            Assert.Equal((root + path, "sandbox-key", 0, 8), (options.BaseUrl, options.ApiKey, options.MinDelayMs, options.MaxConcurrent));
        }

        Check(services.GetRequiredService<IOptions<OpenAIProviderOptions>>().Value, "openai/v1");
        Check(services.GetRequiredService<IOptions<GeminiOptions>>().Value, "gemini/v1beta");
        Check(services.GetRequiredService<IOptions<DeepSeekOptions>>().Value, "deepseek");
        Check(services.GetRequiredService<IOptions<SerperOptions>>().Value, "serper");
        var places = services.GetRequiredService<IOptions<GooglePlacesOptions>>().Value;
        Check(places, "places/v1");
        Assert.Equal(root + "maps/api/place", places.LegacyBaseUrl);
        var cse = services.GetRequiredService<IOptions<GoogleCseOptions>>().Value;
        Check(cse, "customsearch/v1");
        Assert.Equal("sandbox-cx", cse.Cx);

        foreach (var tier in Enum.GetValues<ModelTier>())
        {
            Assert.Equal(["openai", "gemini", "deepseek"], services.GetServices<ChatProviderRegistration>().Where(r => r.Tier == tier).Select(r => r.Name));
        }

        Assert.Equal(["serper", "google_places", "google_places_legacy"], services.GetServices<PlacesProviderRegistration>().Select(r => r.Name));
        Assert.Equal(["serper", "google_cse"], services.GetServices<WebSearchProviderRegistration>().Select(r => r.Name));
        Assert.Equal("openai", Assert.Single(services.GetServices<EmbeddingProviderRegistration>()).Name);
    }

    [Fact]
    public void UseSandbox_needs_an_absolute_address()
    {
        var builder = new TestLeadoraBuilder();

        Assert.Throws<ArgumentException>(() => builder.UseSandbox(new Uri("/sandbox", UriKind.Relative)));
    }
}
