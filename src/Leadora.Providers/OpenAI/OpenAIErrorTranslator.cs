using System.ClientModel;
using System.ClientModel.Primitives;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Leadora.Ports;

namespace Leadora.Providers;

/// <summary>
/// Turns what the OpenAI SDK and the HTTP stack throw into <see cref="ProviderException"/>s that fallback and retry
/// logic can act on. The single place that knows OpenAI's status codes and error bodies.
/// </summary>
internal sealed class OpenAIErrorTranslator(string? apiKey, TimeProvider timeProvider)
{
    /// <summary>Provider name used in exceptions and the usage ledger.</summary>
    public const string Provider = "openai";

    private const int MaxDetailLength = 500;

    /// <summary>Translates <paramref name="exception"/>, unless it is the caller's own cancellation or not a provider failure.</summary>
    public bool TryTranslate(Exception exception, string operation, CancellationToken cancellationToken, [NotNullWhen(true)] out ProviderException? translated)
    {
        translated = exception is ProviderException || (exception is OperationCanceledException && cancellationToken.IsCancellationRequested)
            ? null
            : Translate(exception, operation);
        return translated is not null;
    }

    private ProviderException? Translate(Exception exception, string operation) => exception switch
    {
        ClientResultException { Status: > 0 } result => FromResponse(result, operation),
        ClientResultException result when IsTimeout(result.InnerException) => Create(operation, ProviderErrorKind.Timeout, "the request timed out", inner: result.InnerException),
        ClientResultException result => Create(operation, ProviderErrorKind.Transient, $"no response: {result.InnerException?.Message ?? "connection failed"}", inner: result.InnerException),
        _ when IsTimeout(exception) => Create(operation, ProviderErrorKind.Timeout, "the request timed out", inner: exception),
        HttpRequestException http => Create(operation, ProviderErrorKind.Transient, $"no response: {http.Message}", inner: http),

        // JsonException messages quote the body, so only the redacted message is kept, not the exception.
        JsonException json => Create(operation, ProviderErrorKind.InvalidResponse, $"the response is not valid JSON: {json.Message}"),
        _ => null,
    };

    /// <summary>Creates an exception for a response that arrived but cannot be used.</summary>
    public ProviderException Create(string operation, ProviderErrorKind kind, string detail, int? statusCode = null, TimeSpan? retryAfter = null, Exception? inner = null) =>
        new(Provider, operation, kind, Secrets.Redact(detail, apiKey), statusCode, retryAfter, inner);

    /// <summary>
    /// A timeout surfaces as <see cref="TimeoutException"/> or as a cancellation the caller did not ask for
    /// (HttpClient.Timeout and the SDK's network timeout both cancel the request), possibly wrapped.
    /// Only called once the caller's own cancellation has been ruled out.
    /// </summary>
    private static bool IsTimeout(Exception? exception) => exception switch
    {
        null => false,
        TimeoutException or OperationCanceledException => true,
        _ => IsTimeout(exception.InnerException),
    };

    private ProviderException FromResponse(ClientResultException exception, string operation)
    {
        var status = exception.Status;
        var response = exception.GetRawResponse();
        var (code, type, message) = ReadError(response);
        var detail = $"HTTP {status}{(code ?? type) switch { null => "", var c => " " + c }}: {message ?? "no error message"}";
        var retryAfter = response is null ? null : RetryAfter.Parse(Header(response, "retry-after-ms"), Header(response, "retry-after"), timeProvider.GetUtcNow());

        // The SDK's own exception carries the raw response body in its message, so it is not attached as the inner exception.
        return status switch
        {
            429 when code == "insufficient_quota" || type == "insufficient_quota" => Create(operation, ProviderErrorKind.OutOfCredit, detail, status),
            429 => Create(operation, ProviderErrorKind.RateLimited, detail, status, retryAfter),
            401 or 403 => Create(operation, ProviderErrorKind.Unauthorized, detail, status),
            408 => Create(operation, ProviderErrorKind.Timeout, detail, status, retryAfter),
            >= 500 => Create(operation, ProviderErrorKind.Transient, detail, status, retryAfter),
            >= 400 => Create(operation, ProviderErrorKind.Rejected, detail, status),
            _ => Create(operation, ProviderErrorKind.InvalidResponse, detail, status),
        };
    }

    private static string? Header(PipelineResponse response, string name) =>
        response.Headers.TryGetValue(name, out var value) ? value : null;

    /// <summary>Reads <c>error.code</c>, <c>error.type</c> and <c>error.message</c> from an OpenAI error body, when it is one.</summary>
    private static (string? Code, string? Type, string? Message) ReadError(PipelineResponse? response)
    {
        if (response?.Content is not { } content || content.ToMemory().IsEmpty)
        {
            return (null, null, null);
        }

        try
        {
            using var document = JsonDocument.Parse(content.ToMemory());
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("error", out var error)
                && error.ValueKind == JsonValueKind.Object)
            {
                return (StringOrNull(error, "code"), StringOrNull(error, "type"), Truncate(StringOrNull(error, "message")));
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's HTML error page, for example): fall through to the raw text.
        }

        return (null, null, Truncate(content.ToString()));
    }

    private static string? StringOrNull(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string? Truncate(string? text) =>
        text is null || text.Length <= MaxDetailLength ? text : text[..MaxDetailLength] + "…";
}
