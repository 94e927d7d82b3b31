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
    /// Search at <c>{sandbox}customsearch/v1</c>, with placeholder keys and no pacing. Retries, timeouts and circuit
    /// breakers keep their configured values.
    /// </summary>
    /// <param name="builder">The Leadora builder.</param>
    /// <param name="sandboxBaseAddress">The sandbox's absolute base address, for example <c>http://127.0.0.1:5123/</c>.</param>
    /// <returns>The builder.</returns>
    public static ILeadoraBuilder UseSandbox(this ILeadoraBuilder builder, Uri sandboxBaseAddress)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(sandboxBaseAddress);
        if (!sandboxBaseAddress.IsAbsoluteUri)
        {
            throw new ArgumentException($"The sandbox base address must be absolute; got '{sandboxBaseAddress}'.", nameof(sandboxBaseAddress));
        }

        var root = new Uri(sandboxBaseAddress.AbsoluteUri.EndsWith('/') ? sandboxBaseAddress.AbsoluteUri : sandboxBaseAddress.AbsoluteUri + "/", UriKind.Absolute);
        string At(string path) => new Uri(root, path).AbsoluteUri;
        void Unpaced(ProviderHttpOptions o, string path)
        {
            o.BaseUrl = At(path);
            o.ApiKey = SandboxApiKey;
            o.MinDelayMs = 0;
            o.MaxConcurrent = 8;
        }

        builder.UseOpenAI(o => Unpaced(o, "openai/v1"));
        builder.UseGemini(o => Unpaced(o, "gemini/v1beta"));
        builder.UseDeepSeek(o => Unpaced(o, "deepseek"));
        builder.UseSerper(o => Unpaced(o, "serper"));
        builder.UseGooglePlaces(o =>
        {
            Unpaced(o, "places/v1");
            o.LegacyBaseUrl = At("maps/api/place");
        });
        builder.UseGooglePlacesLegacy();
        builder.UseGoogleCse(o =>
        {
            Unpaced(o, "customsearch/v1");
            o.Cx = SandboxCx;
        });
        return builder;
    }
}
