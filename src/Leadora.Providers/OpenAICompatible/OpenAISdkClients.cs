using System.ClientModel;
using System.ClientModel.Primitives;
using OpenAI;

namespace Leadora.Providers;

/// <summary>Creates an <see cref="OpenAIClient"/> that sends through a provider's named HttpClient.</summary>
internal static class OpenAISdkClients
{
    /// <summary>
    /// Creates the SDK client over <paramref name="httpClient"/>, where pacing, concurrency limits, retries, timeouts and
    /// the circuit breaker live. The SDK's own retries and network timeout are off, so there is one policy per call path.
    /// </summary>
    /// <returns>The client and its transport (dispose the transport with the owner).</returns>
    public static (OpenAIClient Client, HttpClientPipelineTransport Transport) Create(HttpClient httpClient, string? apiKey, string baseUrl)
    {
        var transport = new HttpClientPipelineTransport(httpClient);
        var client = new OpenAIClient(
            new ApiKeyCredential(apiKey ?? string.Empty),
            new OpenAIClientOptions
            {
                Endpoint = new Uri(baseUrl.TrimEnd('/')),
                Transport = transport,
                RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
                NetworkTimeout = Timeout.InfiniteTimeSpan,
                UserAgentApplicationId = "leadora",
            });
        return (client, transport);
    }
}
