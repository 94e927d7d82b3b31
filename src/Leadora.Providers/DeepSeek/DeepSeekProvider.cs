using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenAI;

namespace Leadora.Providers;

/// <summary>
/// Owns the <see cref="OpenAIClient"/> pointed at DeepSeek's OpenAI-compatible endpoint, sending through the
/// <c>Leadora.DeepSeek</c> HttpClient, and creates the raw tier clients from it.
/// </summary>
internal sealed class DeepSeekProvider : IDisposable
{
    /// <summary>Provider name used in exceptions and the usage ledger.</summary>
    public const string Provider = "deepseek";

    /// <summary>Name of the HttpClient every DeepSeek call goes through.</summary>
    public const string HttpClientName = "Leadora.DeepSeek";

    /// <summary>DeepSeek's error answers (OpenAI's shape; 402 "Insufficient Balance" is out of credit).</summary>
    public static readonly ProviderErrorRules Rules = new OpenAICompatibleErrorRules(Provider);

    private readonly HttpClientPipelineTransport transport;
    private readonly OpenAIClient client;
    private readonly DeepSeekOptions options;
    private readonly OpenAICompatibleErrorTranslator errors;
    private readonly ILogger logger;

    public DeepSeekProvider(IOptions<DeepSeekOptions> options, IHttpClientFactory httpClientFactory, ILoggerFactory loggerFactory, TimeProvider timeProvider)
    {
        this.options = options.Value;
        errors = new OpenAICompatibleErrorTranslator(Rules, this.options.ApiKey, timeProvider);
        logger = loggerFactory.CreateLogger("Leadora.Providers.DeepSeek");
        (client, transport) = OpenAISdkClients.Create(httpClientFactory.CreateClient(HttpClientName), this.options.ApiKey, this.options.BaseUrl);
    }

    /// <summary>Creates the raw chat client for a tier.</summary>
    public IChatClient CreateChatClient(ModelTier tier) =>
        new DeepSeekChatClient(client.GetChatClient(options.ModelFor(tier)).AsIChatClient(), errors, logger);

    public void Dispose() => transport.Dispose();
}
