using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Leadora.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Leadora.Providers;

/// <summary>
/// Sends one Serper request through the <c>Leadora.Serper</c> HttpClient and turns every failure into a
/// <see cref="ProviderException"/>. The single place that knows Serper's authentication and error answers.
/// </summary>
internal sealed class SerperClient(IHttpClientFactory httpClientFactory, IOptions<SerperOptions> options, TimeProvider timeProvider, ILoggerFactory loggerFactory)
{
    /// <summary>Provider name used in results, exceptions and the usage ledger.</summary>
    public const string Provider = "serper";

    /// <summary>Name of the HttpClient every Serper call goes through.</summary>
    public const string HttpClientName = "Leadora.Serper";

    private const int MaxDetailLength = 300;

    private readonly SerperOptions settings = options.Value;
    private readonly ILogger logger = loggerFactory.CreateLogger("Leadora.Providers.Serper");

    /// <summary>The options in force.</summary>
    public SerperOptions Options => settings;

    /// <summary>The logger adapters share.</summary>
    public ILogger Logger => logger;

    /// <summary>Resolves a query's ISO 3166-1 alpha-2 country code.</summary>
    /// <exception cref="ArgumentException">The code is not a known country.</exception>
    public static Country CountryOf(string code, string paramName)
    {
        try
        {
            return Countries.Get(code);
        }
        catch (KeyNotFoundException exception)
        {
            throw new ArgumentException($"'{code}' is not an ISO 3166-1 alpha-2 country code.", paramName, exception);
        }
    }

    /// <summary>POSTs <paramref name="body"/> as JSON to <c>{BaseUrl}/{operation}</c> and reads the answer.</summary>
    public async Task<TResponse> PostAsync<TRequest, TResponse>(string operation, TRequest body, JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(operation, UriKind.Relative))
        {
            Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, requestType))
            {
                Headers = { ContentType = new MediaTypeHeaderValue("application/json") },
            },
        };
        request.Headers.TryAddWithoutValidation("X-API-KEY", settings.ApiKey);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        var client = httpClientFactory.CreateClient(HttpClientName);
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw Fail(operation, ProviderErrorKind.Timeout, "the request timed out", inner: exception);
        }
        catch (HttpRequestException exception)
        {
            throw Fail(operation, ProviderErrorKind.Transient, $"no response: {exception.Message}", inner: exception);
        }

        using (response)
        {
            var content = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw FromError(operation, response, content);
            }

            try
            {
                return JsonSerializer.Deserialize(content, responseType)
                    ?? throw Fail(operation, ProviderErrorKind.InvalidResponse, "the response body is empty or null", (int)response.StatusCode);
            }
            catch (JsonException exception)
            {
                // JsonException messages quote the body, so only the redacted message is kept, not the exception.
                throw Fail(operation, ProviderErrorKind.InvalidResponse, $"the response is not valid JSON: {exception.Message}", (int)response.StatusCode);
            }
        }
    }

    private ProviderException FromError(string operation, HttpResponseMessage response, byte[] content)
    {
        var status = (int)response.StatusCode;
        var message = ReadMessage(content);
        var detail = $"HTTP {status}: {message}";
        return response.StatusCode switch
        {
            HttpStatusCode.BadRequest when message.Contains("not enough credits", StringComparison.OrdinalIgnoreCase)
                => Fail(operation, ProviderErrorKind.OutOfCredit, detail, status),
            HttpStatusCode.PaymentRequired => Fail(operation, ProviderErrorKind.OutOfCredit, detail, status),
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => Fail(operation, ProviderErrorKind.Unauthorized, detail, status),
            HttpStatusCode.TooManyRequests => Fail(operation, ProviderErrorKind.RateLimited, detail, status, ReadRetryAfter(response)),
            HttpStatusCode.RequestTimeout => Fail(operation, ProviderErrorKind.Timeout, detail, status),
            _ when status >= 500 => Fail(operation, ProviderErrorKind.Transient, detail, status, ReadRetryAfter(response)),
            _ => Fail(operation, ProviderErrorKind.Rejected, detail, status),
        };
    }

    private TimeSpan? ReadRetryAfter(HttpResponseMessage response)
    {
        var raw = response.Headers.TryGetValues("Retry-After", out var values) ? values.FirstOrDefault() : null;
        return RetryAfter.Parse(retryAfterMs: null, raw, timeProvider.GetUtcNow());
    }

    /// <summary>Serper's error bodies are <c>{"message": "...", "statusCode": n}</c>; anything else is shown as text.</summary>
    private static string ReadMessage(byte[] content)
    {
        if (content.Length == 0)
        {
            return "no error message";
        }

        try
        {
            if (JsonSerializer.Deserialize(content, SerperJsonContext.Default.SerperErrorResponse)?.Message is { } message)
            {
                return Truncate(message);
            }
        }
        catch (JsonException)
        {
            // Not JSON: fall through to the raw text.
        }

        return Truncate(System.Text.Encoding.UTF8.GetString(content).Trim());
    }

    private static string Truncate(string text) => text.Length <= MaxDetailLength ? text : text[..MaxDetailLength] + "…";

    private ProviderException Fail(string operation, ProviderErrorKind kind, string detail, int? status = null, TimeSpan? retryAfter = null, Exception? inner = null) =>
        ProviderLog.Failed(logger, new ProviderException(Provider, operation, kind, Secrets.Redact(detail, settings.ApiKey), status, retryAfter, inner));
}
