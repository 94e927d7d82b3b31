using Leadora.Providers;
using Leadora.Sandbox;

namespace Leadora;

/// <summary>
/// Points Leadora's production provider adapters at the offline sandbox (<see cref="SandboxServer"/>), so an app or a
/// test runs the real provider code against synthetic data, with no keys and no network.
/// </summary>
public static class SandboxLeadoraBuilderExtensions
{
    /// <summary>The key <see cref="UseSandbox(ILeadoraBuilder, Uri)"/> sends; the sandbox accepts any non-empty key.</summary>
    internal const string SandboxApiKey = "sandbox-key";

    /// <summary>The search engine id <see cref="UseSandbox(ILeadoraBuilder, Uri)"/> sends to the Custom Search emulator.</summary>
    internal const string SandboxCx = "sandbox-cx";

    /// <summary>Points every production adapter at a running in-process sandbox; see <see cref="UseSandbox(ILeadoraBuilder, Uri)"/>.</summary>
    /// <param name="builder">The Leadora builder.</param>
    /// <param name="sandbox">The sandbox, for example from <see cref="SandboxServer.StartAsync"/>.</param>
    /// <returns>The builder.</returns>
    public static ILeadoraBuilder UseSandbox(this ILeadoraBuilder builder, SandboxServer sandbox)
    {
        ArgumentNullException.ThrowIfNull(sandbox);
        return builder.UseSandbox(sandbox.BaseAddress);
    }

    /// <summary>
    /// Points every production adapter at the offline sandbox and registers them all, in the same fallback order as
    /// <see cref="ProvidersLeadoraBuilderExtensions.UseConfiguredProviders"/>, so offline runs exercise every fallback: OpenAI at <c>{sandbox}openai/v1</c>,
    /// Gemini at <c>{sandbox}gemini/v1beta</c>, DeepSeek at <c>{sandbox}deepseek</c>, Serper at <c>{sandbox}serper</c>,
    /// Google Places (New) at <c>{sandbox}places/v1</c>, legacy Places at <c>{sandbox}maps/api/place</c> and Custom
    /// Search at <c>{sandbox}customsearch/v1</c>, with placeholder keys, no pacing and 8 requests in flight. Retries,
    /// timeouts and circuit breakers keep their configured values.
    /// </summary>
    /// <param name="builder">The Leadora builder.</param>
    /// <param name="sandboxBaseAddress">The sandbox's absolute base address, for example <c>http://127.0.0.1:5123/</c>.</param>
    /// <returns>The builder.</returns>
    public static ILeadoraBuilder UseSandbox(this ILeadoraBuilder builder, Uri sandboxBaseAddress) => builder.UseSandbox(sandboxBaseAddress, keepConfiguredLimits: false);

    /// <summary>
    /// Like <see cref="UseSandbox(ILeadoraBuilder, Uri)"/>; with <paramref name="keepConfiguredLimits"/>, a provider's
    /// <c>MaxConcurrent</c> and <c>MinDelayMs</c> set in configuration (<c>OPENAI_MAX_CONCURRENT</c>,
    /// <c>OPENAI_MIN_DELAY_MS</c>, …) still apply, as they do for a fleet of workers sharing one standalone sandbox.
    /// </summary>
    /// <param name="builder">The Leadora builder.</param>
    /// <param name="sandboxBaseAddress">The sandbox's absolute base address.</param>
    /// <param name="keepConfiguredLimits">Keep the configured concurrency and pacing limits instead of lifting them.</param>
    /// <returns>The builder.</returns>
    public static ILeadoraBuilder UseSandbox(this ILeadoraBuilder builder, Uri sandboxBaseAddress, bool keepConfiguredLimits)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(sandboxBaseAddress);
        if (!sandboxBaseAddress.IsAbsoluteUri)
        {
            throw new ArgumentException($"The sandbox base address must be absolute; got '{sandboxBaseAddress}'.", nameof(sandboxBaseAddress));
        }

        var root = new Uri(sandboxBaseAddress.AbsoluteUri.EndsWith('/') ? sandboxBaseAddress.AbsoluteUri : sandboxBaseAddress.AbsoluteUri + "/", UriKind.Absolute);
        string At(string path) => new Uri(root, path).AbsoluteUri;

        // The sandbox answers at once, so by default it is not paced; asked to, limits set in configuration still apply,
        // so a fleet sharing one sandbox can show that they hold.
        void Unpaced(ProviderHttpOptions o, string section, string path)
        {
            var configured = builder.Configuration.GetSection(section);
            o.BaseUrl = At(path);
            o.ApiKey = SandboxApiKey;
            if (!keepConfiguredLimits || configured[nameof(ProviderHttpOptions.MinDelayMs)] is null)
            {
                o.MinDelayMs = 0;
            }

            if (!keepConfiguredLimits || configured[nameof(ProviderHttpOptions.MaxConcurrent)] is null)
            {
                o.MaxConcurrent = 8;
            }
        }

        builder.UseOpenAI(o => Unpaced(o, OpenAIProviderOptions.SectionName, "openai/v1"));
        builder.UseGemini(o => Unpaced(o, GeminiOptions.SectionName, "gemini/v1beta"));
        builder.UseDeepSeek(o => Unpaced(o, DeepSeekOptions.SectionName, "deepseek"));
        builder.UseSerper(o => Unpaced(o, SerperOptions.SectionName, "serper"));
        builder.UseGooglePlaces(o =>
        {
            Unpaced(o, GooglePlacesOptions.SectionName, "places/v1");
            o.LegacyBaseUrl = At("maps/api/place");
        });
        builder.UseGooglePlacesLegacy();
        builder.UseGoogleCse(o =>
        {
            Unpaced(o, GoogleCseOptions.SectionName, "customsearch/v1");
            o.Cx = SandboxCx;
        });
        return builder;
    }
}
