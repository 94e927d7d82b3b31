using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Leadora.Providers;

/// <summary>Creates the raw Gemini tier clients, all sending through the <c>Leadora.Gemini</c> HttpClient.</summary>
internal sealed class GeminiProvider(IOptions<GeminiOptions> options, IHttpClientFactory httpClientFactory, ILoggerFactory loggerFactory, TimeProvider timeProvider)
{
    /// <summary>Provider name used in exceptions and the usage ledger.</summary>
    public const string Provider = "gemini";

    /// <summary>Name of the HttpClient every Gemini call goes through.</summary>
    public const string HttpClientName = "Leadora.Gemini";

    /// <summary>Gemini's error answers.</summary>
    public static readonly ProviderErrorRules Rules = new GoogleErrorRules(Provider);

    private readonly ProviderHttp http = new(httpClientFactory, HttpClientName, Rules, () => options.Value.ApiKey, timeProvider, loggerFactory.CreateLogger("Leadora.Providers.Gemini"));

    /// <summary>Creates the raw chat client for a tier.</summary>
    public IChatClient CreateChatClient(ModelTier tier) => new GeminiChatClient(http, options.Value, options.Value.ModelFor(tier));
}
