using Leadora.Providers.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Leadora.Providers.Tests;

/// <summary>Start-up validation names the setting and its environment variable, and never shows a key.</summary>
public sealed class OptionsValidationTests
{
    [Fact]
    public void OpenAI_defaults_with_a_key_are_valid()
    {
        var result = new OpenAIProviderOptionsValidator().Validate(null, new OpenAIProviderOptions { ApiKey = "sk-1" });

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void OpenAI_defaults_match_the_documented_values()
    {
        var options = new OpenAIProviderOptions();

        Assert.Equal("https://api.openai.com/v1", options.BaseUrl);
        Assert.Equal(("gpt-5", "gpt-5-mini", "gpt-5-nano"), (options.PrimaryModel, options.LightModel, options.UltraLightModel));
        Assert.Equal("text-embedding-3-small", options.EmbeddingsModel);
        Assert.Equal((1536, 2, 300, 120, 2048), (options.EmbeddingDimensions, options.MaxConcurrent, options.MinDelayMs, options.TimeoutSeconds, options.MaxEmbeddingBatch));
        var serper = new SerperOptions();
        Assert.Equal(("https://google.serper.dev", 5, 0, 30, "en"), (serper.BaseUrl, serper.MaxConcurrent, serper.MinDelayMs, serper.TimeoutSeconds, serper.Language));
    }

    [Theory]
    [MemberData(nameof(OpenAIFailures))]
    public void OpenAI_failures_name_the_setting(Action<OpenAIProviderOptions> breakIt, string expected)
    {
        var options = new OpenAIProviderOptions { ApiKey = "sk-1" };
        breakIt(options);

        var result = new OpenAIProviderOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Equal([expected], result.Failures);
    }

    public static TheoryData<Action<OpenAIProviderOptions>, string> OpenAIFailures() => new()
    {
        { o => o.ApiKey = null, "Leadora:OpenAI:ApiKey (OPENAI_API_KEY) is required." },
        { o => o.ApiKey = "  ", "Leadora:OpenAI:ApiKey (OPENAI_API_KEY) is required." },
        { o => o.BaseUrl = "x", "Leadora:OpenAI:BaseUrl (OPENAI_BASE_URL) must be an absolute http or https URL; got 'x'." },
        { o => o.BaseUrl = "ftp://example.com/v1", "Leadora:OpenAI:BaseUrl (OPENAI_BASE_URL) must be an absolute http or https URL; got 'ftp://example.com/v1'." },
        { o => o.PrimaryModel = "", "Leadora:OpenAI:PrimaryModel (OPENAI_PRIMARY_MODEL) must not be empty." },
        { o => o.LightModel = " ", "Leadora:OpenAI:LightModel (OPENAI_LIGHT_MODEL) must not be empty." },
        { o => o.UltraLightModel = "", "Leadora:OpenAI:UltraLightModel (OPENAI_ULTRA_LIGHT_MODEL) must not be empty." },
        { o => o.EmbeddingsModel = "", "Leadora:OpenAI:EmbeddingsModel (OPENAI_EMBEDDINGS_MODEL) must not be empty." },
        { o => o.MaxConcurrent = 0, "Leadora:OpenAI:MaxConcurrent (OPENAI_MAX_CONCURRENT) must be between 1 and 256; got '0'." },
        { o => o.MinDelayMs = -1, "Leadora:OpenAI:MinDelayMs (OPENAI_MIN_DELAY_MS) must be between 0 and 60000; got '-1'." },
        { o => o.TimeoutSeconds = 0, "Leadora:OpenAI:TimeoutSeconds must be between 1 and 3600; got '0'." },
        { o => o.EmbeddingDimensions = 0, "Leadora:OpenAI:EmbeddingDimensions must be between 1 and 8192; got '0'." },
        { o => o.MaxEmbeddingBatch = 4096, "Leadora:OpenAI:MaxEmbeddingBatch must be between 1 and 2048; got '4096'." },
    };

    [Theory]
    [MemberData(nameof(SerperFailures))]
    public void Serper_failures_name_the_setting(Action<SerperOptions> breakIt, string expected)
    {
        var options = new SerperOptions { ApiKey = "k" };
        breakIt(options);

        var result = new SerperOptionsValidator().Validate(null, options);

        Assert.Equal([expected], result.Failures);
    }

    public static TheoryData<Action<SerperOptions>, string> SerperFailures() => new()
    {
        { o => o.ApiKey = null, "Leadora:Serper:ApiKey (SERPER_KEY) is required." },
        { o => o.BaseUrl = "google.serper.dev", "Leadora:Serper:BaseUrl (SERPER_BASE_URL) must be an absolute http or https URL; got 'google.serper.dev'." },
        { o => o.MaxConcurrent = 1000, "Leadora:Serper:MaxConcurrent (SERPER_MAX_CONCURRENT) must be between 1 and 256; got '1000'." },
        { o => o.MinDelayMs = -5, "Leadora:Serper:MinDelayMs (SERPER_MIN_DELAY_MS) must be between 0 and 60000; got '-5'." },
        { o => o.TimeoutSeconds = 0, "Leadora:Serper:TimeoutSeconds must be between 1 and 600; got '0'." },
        { o => o.Language = "", "Leadora:Serper:Language must not be empty." },
    };

    [Fact]
    public void A_malformed_key_is_reported_without_showing_it()
    {
        const string key = "sk-proj-malformed-SECRET ";

        var result = new OpenAIProviderOptionsValidator().Validate(null, new OpenAIProviderOptions { ApiKey = key });

        var failure = Assert.Single(result.Failures!);
        Assert.StartsWith("Leadora:OpenAI:ApiKey (OPENAI_API_KEY) must not contain whitespace", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET", failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_configuration_fails_at_start_up_with_every_problem()
    {
        var builder = new TestLeadoraBuilder(new Dictionary<string, string?>
        {
            ["OpenAI:BaseUrl"] = "x",
            ["OpenAI:MaxConcurrent"] = "0",
            ["Serper:ApiKey"] = "k",
            ["Serper:BaseUrl"] = "nope",
        });
        builder.UseOpenAI().UseSerper();
        await using var services = builder.Build();

        var error = Assert.Throws<AggregateException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        var messages = error.InnerExceptions.OfType<OptionsValidationException>().SelectMany(e => e.Failures).ToList();
        Assert.Contains("Leadora:OpenAI:ApiKey (OPENAI_API_KEY) is required.", messages);
        Assert.Contains("Leadora:OpenAI:BaseUrl (OPENAI_BASE_URL) must be an absolute http or https URL; got 'x'.", messages);
        Assert.Contains("Leadora:OpenAI:MaxConcurrent (OPENAI_MAX_CONCURRENT) must be between 1 and 256; got '0'.", messages);
        Assert.Contains("Leadora:Serper:BaseUrl (SERPER_BASE_URL) must be an absolute http or https URL; got 'nope'.", messages);
    }

    [Fact]
    public async Task Valid_configuration_passes_start_up_validation()
    {
        var builder = new TestLeadoraBuilder(new Dictionary<string, string?> { ["OpenAI:ApiKey"] = "sk-1", ["Serper:ApiKey"] = "k" });
        builder.UseOpenAI().UseSerper();
        await using var services = builder.Build();

        services.GetRequiredService<IStartupValidator>().Validate();
    }

    [Fact]
    public async Task Settings_bind_from_the_Leadora_section_and_the_delegate_wins()
    {
        var builder = new TestLeadoraBuilder(new Dictionary<string, string?>
        {
            ["OpenAI:ApiKey"] = "sk-1",
            ["OpenAI:BaseUrl"] = "https://proxy.example.com/openai/v1",
            ["OpenAI:PrimaryModel"] = "gpt-5.1",
            ["OpenAI:LightModel"] = "from-config",
            ["OpenAI:MaxConcurrent"] = "4",
            ["OpenAI:MinDelayMs"] = "50",
            ["OpenAI:EmbeddingDimensions"] = "256",
            ["Serper:ApiKey"] = "k",
            ["Serper:Language"] = "de",
            ["Serper:MaxConcurrent"] = "9",
        });
        builder.UseOpenAI(o => o.LightModel = "from-code").UseSerper();
        await using var services = builder.Build();

        var openai = services.GetRequiredService<IOptions<OpenAIProviderOptions>>().Value;
        Assert.Equal("https://proxy.example.com/openai/v1", openai.BaseUrl);
        Assert.Equal("gpt-5.1", openai.PrimaryModel);
        Assert.Equal("from-code", openai.LightModel);
        Assert.Equal((4, 50, 256), (openai.MaxConcurrent, openai.MinDelayMs, openai.EmbeddingDimensions));
        var serper = services.GetRequiredService<IOptions<SerperOptions>>().Value;
        Assert.Equal(("de", 9), (serper.Language, serper.MaxConcurrent));
    }

    [Fact]
    public void ToString_never_shows_the_key()
    {
        var openai = new OpenAIProviderOptions { ApiKey = "sk-live-SECRET" }.ToString();
        var serper = new SerperOptions { ApiKey = "serper-SECRET" }.ToString();

        Assert.DoesNotContain("SECRET", openai, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET", serper, StringComparison.Ordinal);
        Assert.Contains("ApiKey = ***", openai, StringComparison.Ordinal);
        Assert.Contains("gpt-5-mini", openai, StringComparison.Ordinal);
        Assert.Contains("ApiKey = (not set)", new SerperOptions().ToString(), StringComparison.Ordinal);
    }
}
