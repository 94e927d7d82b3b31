using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Leadora.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Leadora.Providers;

/// <summary>
/// Sends one Serper request through the <c>Leadora.Serper</c> HttpClient and turns every failure into a
/// <see cref="ProviderException"/>. The single place that knows Serper's authentication.
/// </summary>
internal sealed class SerperClient
{
    /// <summary>Provider name used in results, exceptions and the usage ledger.</summary>
    public const string Provider = "serper";

    /// <summary>Name of the HttpClient every Serper call goes through.</summary>
    public const string HttpClientName = "Leadora.Serper";

    private readonly SerperOptions settings;
    private readonly ProviderHttp http;

    public SerperClient(IHttpClientFactory httpClientFactory, IOptions<SerperOptions> options, TimeProvider timeProvider, ILoggerFactory loggerFactory)
    {
        settings = options.Value;
        http = new ProviderHttp(httpClientFactory, HttpClientName, SerperErrorRules.Instance, () => settings.ApiKey, timeProvider, loggerFactory.CreateLogger("Leadora.Providers.Serper"));
    }

    /// <summary>The options in force.</summary>
    public SerperOptions Options => settings;

    /// <summary>The logger adapters share.</summary>
    public ILogger Logger => http.Logger;

    /// <summary>Resolves a query's ISO 3166-1 alpha-2 country code.</summary>
    /// <exception cref="ArgumentException">The code is not a known country.</exception>
    public static Country CountryOf(string code, string paramName) => PlacesText.CountryOf(code, paramName);

    /// <summary>POSTs <paramref name="body"/> as JSON to <c>{BaseUrl}/{path}</c> and reads the answer.</summary>
    public async Task<TResponse> PostAsync<TRequest, TResponse>(string path, string operation, TRequest body, JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative))
        {
            Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, requestType))
            {
                Headers = { ContentType = new MediaTypeHeaderValue("application/json") },
            },
        };
        request.Headers.TryAddWithoutValidation("X-API-KEY", settings.ApiKey);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        var reply = await http.SendAsync(request, operation, cancellationToken).ConfigureAwait(false);
        return http.Parse(reply, responseType, operation);
    }
}
