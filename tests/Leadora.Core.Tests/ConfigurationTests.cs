using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Leadora.Core.Tests;

public sealed class ConfigurationTests
{
    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void Seed_variable_names_map_into_the_leadora_section_and_explicit_settings_win()
    {
        var section = LeadoraConfiguration.GetLeadoraSection(Config(
            ("OPENAI_API_KEY", "sk-flat"),
            ("SERPER_KEY", "serper-flat"),
            ("GOOGLE_SEARCH_ENGINE_ID", "cx-1"),
            ("LINKEDIN_MAX_EMPLOYEES_PER_COMPANY", "5"),
            ("Leadora:Serper:ApiKey", "serper-explicit")));
        Assert.Equal("sk-flat", section["OpenAI:ApiKey"]);
        Assert.Equal("serper-explicit", section["Serper:ApiKey"]);
        Assert.Equal("cx-1", section["GoogleCse:Cx"]);
        Assert.Equal("5", section["Pipeline:DefaultLimits:DecisionMakersPerBusiness"]);
    }

    [Fact]
    public void Options_bind_from_aliases()
    {
        var options = new LeadoraOptions();
        LeadoraConfiguration.GetLeadoraSection(Config(("LINKEDIN_MAX_EMPLOYEES_PER_COMPANY", "5"), ("Leadora:Runner:MaxConcurrentJobs", "7"))).Bind(options);
        Assert.Equal(5, options.Pipeline.DefaultLimits.DecisionMakersPerBusiness);
        Assert.Equal(7, options.Runner.MaxConcurrentJobs);
    }

    [Fact]
    public void Missing_providers_and_bad_settings_fail_at_start_up_naming_what_to_set()
    {
        var services = new ServiceCollection();
        services.AddLeadora(Config(("Leadora:Pipeline:MaxPagesPerQuery", "0"), ("Leadora:Pipeline:TieBreakEpsilon", "2")));
        using var provider = services.BuildServiceProvider();
        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<LeadoraOptions>>().Value);
        Assert.Contains("OPENAI_API_KEY", ex.Message, StringComparison.Ordinal);
        Assert.Contains("SERPER_KEY", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Leadora:Pipeline:MaxPagesPerQuery is 0", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Leadora:Pipeline:TieBreakEpsilon", ex.Message, StringComparison.Ordinal);
        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<ILeadPipeline>());
    }

    [Fact]
    public void The_identity_llm_tier_is_on_by_default_can_be_switched_off_and_its_batch_size_is_validated()
    {
        var options = new LeadoraOptions();
        Assert.True(options.Pipeline.Identity.UseLlm);
        LeadoraConfiguration.GetLeadoraSection(Config(("Leadora:Pipeline:Identity:UseLlm", "false"))).Bind(options);
        Assert.False(options.Pipeline.Identity.UseLlm);

        var services = new ServiceCollection();
        services.AddLeadora(Config(("Leadora:Pipeline:Identity:LlmBatchSize", "0")));
        using var provider = services.BuildServiceProvider();
        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<LeadoraOptions>>().Value);
        Assert.Contains("Leadora:Pipeline:Identity:LlmBatchSize is 0; it must be between 1 and 100.", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gpt-5", 1.25, 10)]
    [InlineData("gpt-5-2025-08-07", 1.25, 10)]
    [InlineData("gpt-5-mini-2025-08-07", 0.25, 2)]
    [InlineData("gpt-5-nano", 0.05, 0.40)]
    public void Dated_model_ids_are_priced_as_their_model(string model, double inputPerMillion, double outputPerMillion)
    {
        var cost = new PricingOptions().Estimate("openai", "chat.primary", model, 1_000_000, 1_000_000);
        Assert.Equal((decimal)(inputPerMillion + outputPerMillion), cost);
    }

    [Fact]
    public void Unknown_models_cost_nothing_and_requests_are_priced_per_call()
    {
        var pricing = new PricingOptions();
        Assert.Equal(0m, pricing.Estimate("openai", "chat.primary", "some-new-model", 1000, 1000));
        Assert.Equal(0.001m, pricing.Estimate("serper", "search", null, 0, 0));
    }
}
