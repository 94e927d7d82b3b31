using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenAI;

namespace Leadora.Providers;

/// <summary>
/// Owns the one <see cref="OpenAIClient"/> per service provider, sending through the <c>Leadora.OpenAI</c> HttpClient
/// (throttle and resilience pipeline), and creates the raw tier clients and the embedding generator from it.
/// </summary>
internal sealed class OpenAIProvider : IDisposable
{
    /// <summary>Provider name used in exceptions and the usage ledger.</summary>
    public const string Provider = "openai";

    /// <summary>Name of the HttpClient every OpenAI call goes through.</summary>
    public const string HttpClientName = "Leadora.OpenAI";

    /// <summary>OpenAI's error answers.</summary>
    public static readonly ProviderErrorRules Rules = new OpenAICompatibleErrorRules(Provider);

    private readonly HttpClientPipelineTransport transport;
    private readonly OpenAIClient client;
    private readonly OpenAIProviderOptions options;
    private readonly OpenAICompatibleErrorTranslator errors;
    private readonly ILogger logger;

    public OpenAIProvider(IOptions<OpenAIProviderOptions> options, IHttpClientFactory httpClientFactory, ILoggerFactory loggerFactory, TimeProvider timeProvider)
    {
        this.options = options.Value;
        errors = new OpenAICompatibleErrorTranslator(Rules, this.options.ApiKey, timeProvider);
        logger = loggerFactory.CreateLogger("Leadora.Providers.OpenAI");
        (client, transport) = OpenAISdkClients.Create(httpClientFactory.CreateClient(HttpClientName), this.options.ApiKey, this.options.BaseUrl);
    }

    /// <summary>Creates the raw chat client for a tier.</summary>
    public IChatClient CreateChatClient(ModelTier tier)
    {
        // OPENAI001: the Responses API client is marked for evaluation in OpenAI 2.x; it is the API this provider is built on.
#pragma warning disable OPENAI001
        var responses = client.GetResponsesClient().AsIChatClient(options.ModelFor(tier));
#pragma warning restore OPENAI001
        return new OpenAIResponsesChatClient(responses, errors, logger);
    }

    public void Dispose() => transport.Dispose();

    /// <summary>Creates the raw embedding generator.</summary>
    public IEmbeddingGenerator<string, Embedding<float>> CreateEmbeddingGenerator() =>
        new OpenAIEmbeddingGenerator(
            client.GetEmbeddingClient(options.EmbeddingsModel).AsIEmbeddingGenerator(options.EmbeddingDimensions),
            options.EmbeddingDimensions,
            errors,
            logger);
}
