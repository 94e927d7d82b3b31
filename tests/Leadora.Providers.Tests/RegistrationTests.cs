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

    [Theory]
    [InlineData("http://127.0.0.1:5123/", "http://127.0.0.1:5123/openai/v1", "http://127.0.0.1:5123/serper")]
    [InlineData("http://127.0.0.1:5123", "http://127.0.0.1:5123/openai/v1", "http://127.0.0.1:5123/serper")]
    [InlineData("http://localhost:8080/sandbox/", "http://localhost:8080/sandbox/openai/v1", "http://localhost:8080/sandbox/serper")]
    public async Task UseSandbox_points_both_providers_at_the_sandbox(string sandbox, string openAIBase, string serperBase)
    {
        var builder = new TestLeadoraBuilder(new Dictionary<string, string?>
        {
            ["OpenAI:ApiKey"] = "sk-real",
            ["OpenAI:MinDelayMs"] = "300",
            ["Serper:ApiKey"] = "real",
        });
        builder.UseSandbox(new Uri(sandbox));
        await using var services = builder.Build();

        services.GetRequiredService<IStartupValidator>().Validate();
        var openai = services.GetRequiredService<IOptions<OpenAIProviderOptions>>().Value;
        Assert.Equal((openAIBase, "sandbox-key", 0, 8), (openai.BaseUrl, openai.ApiKey, openai.MinDelayMs, openai.MaxConcurrent));
        var serper = services.GetRequiredService<IOptions<SerperOptions>>().Value;
        Assert.Equal((serperBase, "sandbox-key", 0, 8), (serper.BaseUrl, serper.ApiKey, serper.MinDelayMs, serper.MaxConcurrent));
        Assert.Equal(3, services.GetServices<ChatProviderRegistration>().Count());
        Assert.Single(services.GetServices<PlacesProviderRegistration>());
        Assert.Single(services.GetServices<WebSearchProviderRegistration>());
    }

    [Fact]
    public void UseSandbox_needs_an_absolute_address()
    {
        var builder = new TestLeadoraBuilder();

        Assert.Throws<ArgumentException>(() => builder.UseSandbox(new Uri("/sandbox", UriKind.Relative)));
    }
}
