using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Leadora.Ports;
using Microsoft.Extensions.Logging;

namespace Leadora.Providers;

/// <summary>A response that passed the provider's error rules.</summary>
/// <param name="StatusCode">HTTP status code.</param>
/// <param name="Body">The body.</param>
internal sealed record ProviderReply(int StatusCode, byte[] Body);

/// <summary>
/// Sends one request of a REST adapter through its provider's named HttpClient (throttle, retries, timeouts and
/// circuit breaker live in that client's pipeline) and turns every failure into a <see cref="ProviderException"/>:
/// transport failures here, error answers through the provider's <see cref="ProviderErrorRules"/>. Keys are redacted
/// from everything it throws or logs.
/// </summary>
internal sealed class ProviderHttp(IHttpClientFactory httpClientFactory, string httpClientName, ProviderErrorRules rules, Func<string?> secret, TimeProvider timeProvider, ILogger logger)
{
    /// <summary>Provider name.</summary>
    public string Provider => rules.Provider;

    /// <summary>The adapter's logger.</summary>
    public ILogger Logger => logger;

    /// <summary>Sends <paramref name="request"/> and returns the body of a usable answer.</summary>
    /// <exception cref="ProviderException">The call failed.</exception>
    public async Task<ProviderReply> SendAsync(HttpRequestMessage request, string operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var client = httpClientFactory.CreateClient(httpClientName);
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (TransportFailures.Translate(exception, cancellationToken) is { } failure)
        {
            throw Fail(operation, failure, statusCode: (exception as ResponseTooLargeException)?.StatusCode, inner: exception);
        }

        using (response)
        {
            byte[] body;
            try
            {
                body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (TransportFailures.Translate(exception, cancellationToken) is { } failure)
            {
                throw Fail(operation, failure, (int)response.StatusCode, exception);
            }

            var status = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode || rules.FailuresInSuccessBodies)
            {
                var failure = rules.Classify(ProviderResponse.From(response, body), timeProvider.GetUtcNow());
                if (failure is null && !response.IsSuccessStatusCode)
                {
                    failure = new ProviderFailure(ProviderErrorKind.Rejected, $"HTTP {status}");
                }

                if (failure is not null)
                {
                    throw Fail(operation, failure, status);
                }
            }

            return new ProviderReply(status, body);
        }
    }

    /// <summary>Reads a JSON answer; malformed or empty JSON is <see cref="ProviderErrorKind.InvalidResponse"/>.</summary>
    /// <exception cref="ProviderException">The body is not the expected JSON.</exception>
    public T Parse<T>(ProviderReply reply, JsonTypeInfo<T> type, string operation)
    {
        ArgumentNullException.ThrowIfNull(reply);
        try
        {
            return JsonSerializer.Deserialize(reply.Body, type)
                ?? throw Fail(operation, new ProviderFailure(ProviderErrorKind.InvalidResponse, "the response body is empty or null"), reply.StatusCode);
        }
        catch (JsonException exception)
        {
            // JsonException messages quote the body, so only the redacted message is kept, not the exception.
            throw Fail(operation, new ProviderFailure(ProviderErrorKind.InvalidResponse, $"the response is not valid JSON: {exception.Message}"), reply.StatusCode);
        }
    }

    /// <summary>Creates (and logs) the exception for a failure.</summary>
    public ProviderException Fail(string operation, ProviderFailure failure, int? statusCode, Exception? inner = null)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return ProviderLog.Failed(logger, new ProviderException(Provider, operation, failure.Kind, Secrets.Redact(failure.Detail, secret()), statusCode, failure.RetryAfter, inner));
    }
}
