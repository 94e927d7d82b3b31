using Leadora.Providers.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Leadora.Providers.Tests;

/// <summary>Defaults, validation messages and binding of the Gemini, DeepSeek, Google Places and Custom Search options, and the shared resilience settings.</summary>
public sealed class NewProviderOptionsTests
{
    [Fact]
    public void Defaults_match_the_documented_values()
    {
        var gemini = new GeminiOptions();
        Assert.Equal(("https://generativelanguage.googleapis.com/v1beta", "gemini-2.0-flash", 2, 0, 120, 300), (gemini.BaseUrl, gemini.Model, gemini.MaxConcurrent, gemini.MinDelayMs, gemini.TimeoutSeconds, gemini.TotalTimeoutSeconds));
        Assert.Equal(("gemini-2.0-flash", "gemini-2.0-flash"), (gemini.ModelFor(ModelTier.Light), gemini.ModelFor(ModelTier.UltraLight)));
        var deepSeek = new DeepSeekOptions();
        Assert.Equal(("https://api.deepseek.com", "deepseek-chat", 2, 180, 360), (deepSeek.BaseUrl, deepSeek.Model, deepSeek.MaxConcurrent, deepSeek.TimeoutSeconds, deepSeek.TotalTimeoutSeconds));
        var places = new GooglePlacesOptions();
        Assert.Equal(("https://places.googleapis.com/v1", "https://maps.googleapis.com/maps/api/place", 4, 0, "en", true, 20), (places.BaseUrl, places.LegacyBaseUrl, places.MaxConcurrent, places.MinDelayMs, places.Language, places.LegacyFallback, places.LegacyDetailsPerPage));
        var cse = new GoogleCseOptions();
        Assert.Equal(("https://www.googleapis.com/customsearch/v1", 2, (string?)null), (cse.BaseUrl, cse.MaxConcurrent, cse.Cx));
        foreach (ProviderHttpOptions o in new ProviderHttpOptions[] { gemini, deepSeek, places, cse, new OpenAIProviderOptions(), new SerperOptions() })
        {
            Assert.Equal((3, 1000, 30, 30, 10), (o.MaxRetries, o.RetryBaseDelayMs, o.MaxRetryAfterSeconds, o.CircuitBreakSeconds, o.CircuitBreakerMinimumThroughput));
        }
    }

    [Fact]
    public void Per_tier_models_fall_back_to_the_main_model()
    {
        var gemini = new GeminiOptions { Model = "gemini-2.5-flash", LightModel = "gemini-2.5-flash-lite", UltraLightModel = " " };
        var deepSeek = new DeepSeekOptions { UltraLightModel = "deepseek-reasoner" };

        Assert.Equal(["gemini-2.5-flash", "gemini-2.5-flash-lite", "gemini-2.5-flash"], Enum.GetValues<ModelTier>().Select(gemini.ModelFor));
        Assert.Equal(["deepseek-chat", "deepseek-chat", "deepseek-reasoner"], Enum.GetValues<ModelTier>().Select(deepSeek.ModelFor));
    }

    [Theory]
    [MemberData(nameof(Failures))]
    public void Failures_name_the_setting_and_its_variable(string provider, Action<ProviderHttpOptions> breakIt, string expected)
    {
        var (options, validate) = Valid(provider);
        breakIt(options);

        var result = validate(options);

        Assert.Equal([expected], result.Failures);
    }

    public static TheoryData<string, Action<ProviderHttpOptions>, string> Failures() => new()
    {
        { "gemini", o => o.ApiKey = null, "Leadora:Gemini:ApiKey (GEMINI_API_KEY) is required." },
        { "gemini", o => o.BaseUrl = "x", "Leadora:Gemini:BaseUrl (GEMINI_BASE_URL) must be an absolute http or https URL; got 'x'." },
        { "gemini", o => ((GeminiOptions)o).Model = "", "Leadora:Gemini:Model (GEMINI_MODEL) must not be empty." },
        { "gemini", o => o.MaxConcurrent = 0, "Leadora:Gemini:MaxConcurrent (GEMINI_MAX_CONCURRENT) must be between 1 and 256; got '0'." },
        { "deepseek", o => o.ApiKey = "", "Leadora:DeepSeek:ApiKey (DEEPSEEK_API_KEY) is required." },
        { "deepseek", o => o.BaseUrl = "api.deepseek.com", "Leadora:DeepSeek:BaseUrl (DEEPSEEK_BASE_URL) must be an absolute http or https URL; got 'api.deepseek.com'." },
        { "deepseek", o => ((DeepSeekOptions)o).Model = " ", "Leadora:DeepSeek:Model (DEEPSEEK_MODEL) must not be empty." },
        { "deepseek", o => o.MinDelayMs = -1, "Leadora:DeepSeek:MinDelayMs (DEEPSEEK_MIN_DELAY_MS) must be between 0 and 60000; got '-1'." },
        { "places", o => o.ApiKey = null, "Leadora:GooglePlaces:ApiKey (GOOGLE_PLACES_KEY) is required." },
        { "places", o => o.MaxConcurrent = 0, "Leadora:GooglePlaces:MaxConcurrent (GOOGLE_MAX_CONCURRENT) must be between 1 and 256; got '0'." },
        { "places", o => o.MinDelayMs = 70_000, "Leadora:GooglePlaces:MinDelayMs (GOOGLE_MIN_DELAY_MS) must be between 0 and 60000; got '70000'." },
        { "places", o => ((GooglePlacesOptions)o).LegacyBaseUrl = "maps", "Leadora:GooglePlaces:LegacyBaseUrl (GOOGLE_PLACES_LEGACY_BASE_URL) must be an absolute http or https URL; got 'maps'." },
        { "places", o => ((GooglePlacesOptions)o).LegacyDetailsPerPage = 21, "Leadora:GooglePlaces:LegacyDetailsPerPage must be between 0 and 20; got '21'." },
        { "cse", o => o.ApiKey = null, "Leadora:GoogleCse:ApiKey (GOOGLE_CSE_KEY) is required." },
        { "cse", o => ((GoogleCseOptions)o).Cx = null, "Leadora:GoogleCse:Cx (GOOGLE_CSE_CX, GOOGLE_SEARCH_ENGINE_ID or Google_CSE_CX) must not be empty." },
        { "cse", o => o.MaxConcurrent = 300, "Leadora:GoogleCse:MaxConcurrent (GOOGLE_MAX_CONCURRENT) must be between 1 and 256; got '300'." },
        { "gemini", o => o.MaxRetries = 11, "Leadora:Gemini:MaxRetries must be between 0 and 10; got '11'." },
        { "gemini", o => o.RetryBaseDelayMs = 0, "Leadora:Gemini:RetryBaseDelayMs must be between 1 and 60000; got '0'." },
        { "gemini", o => o.MaxRetryAfterSeconds = -1, "Leadora:Gemini:MaxRetryAfterSeconds must be between 0 and 3600; got '-1'." },
        { "gemini", o => o.TotalTimeoutSeconds = 60, "Leadora:Gemini:TotalTimeoutSeconds (60) must not be shorter than Leadora:Gemini:TimeoutSeconds (120)." },
        { "gemini", o => o.CircuitBreakSeconds = -1, "Leadora:Gemini:CircuitBreakSeconds must be between 0 and 3600; got '-1'." },
        { "gemini", o => o.CircuitBreakerMinimumThroughput = 1, "Leadora:Gemini:CircuitBreakerMinimumThroughput must be between 2 and 10000; got '1'." },
    };

    [Fact]
    public void Defaults_with_keys_are_valid()
    {
        foreach (var provider in new[] { "gemini", "deepseek", "places", "cse" })
        {
            var (options, validate) = Valid(provider);
            var result = validate(options);
            Assert.True(result.Succeeded, provider + ": " + result.FailureMessage);
        }
    }

    [Fact]
    public async Task Flat_environment_names_reach_the_options_through_leadoras_alias_table()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["GEMINI_API_KEY"] = "g",
            ["GEMINI_MODEL"] = "gemini-2.5-flash",
            ["GEMINI_MAX_CONCURRENT"] = "3",
            ["DEEPSEEK_API_KEY"] = "d",
            ["DEEPSEEK_MODEL"] = "deepseek-reasoner",
            ["DEEPSEEK_BASE_URL"] = "https://proxy.example/deepseek",
            ["GOOGLE_PLACES_KEY"] = "p",
            ["GOOGLE_MAX_CONCURRENT"] = "6",
            ["GOOGLE_MIN_DELAY_MS"] = "250",
            ["GOOGLE_CSE_KEY"] = "c",
            ["GOOGLE_SEARCH_ENGINE_ID"] = "engine-1",
        }).Build();
        var builder = new TestLeadoraBuilder();
        var section = LeadoraConfiguration.GetLeadoraSection(configuration);
        var leadora = new SectionBuilder(builder.Services, section);
        leadora.UseGemini().UseDeepSeek().UseGooglePlaces().UseGoogleCse();
        await using var services = builder.Build();

        var gemini = services.GetRequiredService<IOptions<GeminiOptions>>().Value;
        Assert.Equal(("g", "gemini-2.5-flash", 3), (gemini.ApiKey, gemini.Model, gemini.MaxConcurrent));
        var deepSeek = services.GetRequiredService<IOptions<DeepSeekOptions>>().Value;
        Assert.Equal(("d", "deepseek-reasoner", "https://proxy.example/deepseek"), (deepSeek.ApiKey, deepSeek.Model, deepSeek.BaseUrl));
        var places = services.GetRequiredService<IOptions<GooglePlacesOptions>>().Value;
        Assert.Equal(("p", 6, 250), (places.ApiKey, places.MaxConcurrent, places.MinDelayMs));
        var cse = services.GetRequiredService<IOptions<GoogleCseOptions>>().Value;
        Assert.Equal(("c", "engine-1", 6, 250), (cse.ApiKey, cse.Cx, cse.MaxConcurrent, cse.MinDelayMs));
    }

    [Theory]
    [InlineData("GOOGLE_CSE_CX")]
    [InlineData("GOOGLE_SEARCH_ENGINE_ID")]
    [InlineData("Google_CSE_CX")]
    public void Every_search_engine_id_alias_sets_the_cx(string variable)
    {
        var section = LeadoraConfiguration.GetLeadoraSection(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [variable] = "cx-1" }).Build());

        Assert.Equal("cx-1", section["GoogleCse:Cx"]);
    }

    [Fact]
    public void ToString_never_shows_a_key()
    {
        ProviderHttpOptions[] all = [new GeminiOptions { ApiKey = "SECRET-1" }, new DeepSeekOptions { ApiKey = "SECRET-2" }, new GooglePlacesOptions { ApiKey = "SECRET-3" }, new GoogleCseOptions { ApiKey = "SECRET-4", Cx = "engine" }];

        Assert.All(all, o =>
        {
            Assert.DoesNotContain("SECRET", o.ToString(), StringComparison.Ordinal);
            Assert.Contains("ApiKey = ***", o.ToString(), StringComparison.Ordinal);
            Assert.Contains("MaxRetries = 3", o.ToString(), StringComparison.Ordinal);
        });
    }

    private static (ProviderHttpOptions Options, Func<ProviderHttpOptions, ValidateOptionsResult> Validate) Valid(string provider) => provider switch
    {
        "gemini" => (new GeminiOptions { ApiKey = "k" }, o => new GeminiOptionsValidator().Validate(null, (GeminiOptions)o)),
        "deepseek" => (new DeepSeekOptions { ApiKey = "k" }, o => new DeepSeekOptionsValidator().Validate(null, (DeepSeekOptions)o)),
        "places" => (new GooglePlacesOptions { ApiKey = "k" }, o => new GooglePlacesOptionsValidator().Validate(null, (GooglePlacesOptions)o)),
        "cse" => (new GoogleCseOptions { ApiKey = "k", Cx = "cx" }, o => new GoogleCseOptionsValidator().Validate(null, (GoogleCseOptions)o)),
        _ => throw new ArgumentOutOfRangeException(nameof(provider)),
    };

    private sealed class SectionBuilder(IServiceCollection services, IConfiguration configuration) : ILeadoraBuilder
    {
        public IServiceCollection Services { get; } = services;

        public IConfiguration Configuration { get; } = configuration;
    }
}
