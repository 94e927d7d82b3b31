using System.ClientModel;
using System.ClientModel.Primitives;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Leadora.Ports;

namespace Leadora.Providers;

/// <summary>
/// Turns what the OpenAI SDK and the HTTP stack throw into <see cref="ProviderException"/>s, for OpenAI and for
/// OpenAI-compatible APIs called through the same SDK (DeepSeek). Error bodies are read by the provider's
/// <see cref="OpenAICompatibleErrorRules"/>, the same rules the resilience pipeline retries by.
/// </summary>
internal sealed class OpenAICompatibleErrorTranslator(ProviderErrorRules rules, string? apiKey, TimeProvider timeProvider)
{
    /// <summary>Provider name used in exceptions and the usage ledger.</summary>
    public string Provider => rules.Provider;

    /// <summary>Translates <paramref name="exception"/>, unless it is the caller's own cancellation or not a provider failure.</summary>
    public bool TryTranslate(Exception exception, string operation, CancellationToken cancellationToken, [NotNullWhen(true)] out ProviderException? translated)
    {
        translated = exception is ProviderException || (exception is OperationCanceledException && cancellationToken.IsCancellationRequested)
            ? null
            : Translate(exception, operation, cancellationToken);
        return translated is not null;
    }

    private ProviderException? Translate(Exception exception, string operation, CancellationToken cancellationToken)
    {
        switch (exception)
        {
            case ClientResultException { Status: > 0 } result:
                return FromResponse(result, operation);
            case ClientResultException result:
                var failure = result.InnerException is { } inner ? TransportFailures.Translate(inner, cancellationToken) : null;
                failure ??= new ProviderFailure(ProviderErrorKind.Transient, $"no response: {result.InnerException?.Message ?? "connection failed"}");
                return Create(operation, failure.Kind, failure.Detail, retryAfter: failure.RetryAfter, inner: result.InnerException);

            // JsonException messages quote the body, so only the redacted message is kept, not the exception.
            case JsonException json:
                return Create(operation, ProviderErrorKind.InvalidResponse, $"the response is not valid JSON: {json.Message}");

            // Valid JSON of another shape: the SDK's readers throw System.Text.Json's element errors (a list where an
            // object belongs), or their own for unknown values, while reading the answer.
            case InvalidOperationException or FormatException or KeyNotFoundException or ArgumentException when ReadingTheResponse(exception):
                return Create(operation, ProviderErrorKind.InvalidResponse, $"the response does not have the expected shape: {exception.Message}");
            default:
                return TransportFailures.Translate(exception, cancellationToken) is { } transport
                    ? Create(operation, transport.Kind, transport.Detail, retryAfter: transport.RetryAfter, inner: exception)
                    : null;
        }
    }

    private static bool ReadingTheResponse(Exception exception) =>
        exception.TargetSite?.DeclaringType?.Namespace is { } thrower
        && (thrower.StartsWith("System.Text.Json", StringComparison.Ordinal) || thrower.StartsWith("OpenAI", StringComparison.Ordinal) || thrower.StartsWith("System.ClientModel", StringComparison.Ordinal));

    /// <summary>Creates an exception for a response that arrived but cannot be used.</summary>
    public ProviderException Create(string operation, ProviderErrorKind kind, string detail, int? statusCode = null, TimeSpan? retryAfter = null, Exception? inner = null) =>
        new(Provider, operation, kind, Secrets.Redact(detail, apiKey), statusCode, retryAfter, inner);

    private ProviderException FromResponse(ClientResultException exception, string operation)
    {
        var status = exception.Status;
        var response = exception.GetRawResponse();
        var body = response?.Content is { } content ? content.ToMemory() : ReadOnlyMemory<byte>.Empty;
        var failure = rules.Classify(new ProviderResponse(status, name => Header(response, name), body, null), timeProvider.GetUtcNow())
            ?? new ProviderFailure(ProviderErrorKind.InvalidResponse, $"HTTP {status}");

        // The SDK's own exception carries the raw response body in its message, so it is not attached as the inner exception.
        return Create(operation, failure.Kind, failure.Detail, status, failure.RetryAfter);
    }

    private static string? Header(PipelineResponse? response, string name) =>
        response is not null && response.Headers.TryGetValue(name, out var value) ? value : null;
}
