using System.Text;
using Leadora.Ports;

namespace Leadora.Providers;

/// <summary>A provider's HTTP response as error rules see it: status, headers and the buffered body.</summary>
/// <param name="StatusCode">HTTP status code.</param>
/// <param name="Header">Reads a response header (case-insensitive), or null.</param>
/// <param name="Body">The response body.</param>
/// <param name="RequestUri">The request's URI, when known (rules may look at the query).</param>
internal readonly record struct ProviderResponse(int StatusCode, Func<string, string?> Header, ReadOnlyMemory<byte> Body, Uri? RequestUri)
{
    /// <summary>Reads the response of <paramref name="response"/>; its content must be buffered.</summary>
    public static ProviderResponse From(HttpResponseMessage response, ReadOnlyMemory<byte> body) =>
        new((int)response.StatusCode, name => HeaderOf(response, name), body, response.RequestMessage?.RequestUri);

    /// <summary>The body as text.</summary>
    public string Text => Encoding.UTF8.GetString(Body.Span);

    private static string? HeaderOf(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || (response.Content?.Headers.TryGetValues(name, out values) ?? false)
            ? string.Join(",", values)
            : null;
}

/// <summary>What went wrong with a response, in terms retry and fallback logic act on.</summary>
/// <param name="Kind">The kind of failure.</param>
/// <param name="Detail">What the provider said (may quote the body; redacted before it is shown).</param>
/// <param name="RetryAfter">How long the provider asked the caller to wait, when it said.</param>
internal sealed record ProviderFailure(ProviderErrorKind Kind, string Detail, TimeSpan? RetryAfter = null)
{
    /// <summary>Whether another attempt may succeed: rate limits, server errors and timeouts.</summary>
    public bool Retryable => Kind is ProviderErrorKind.RateLimited or ProviderErrorKind.Transient or ProviderErrorKind.Timeout;
}

/// <summary>
/// The single place that knows one provider's error answers. The resilience pipeline asks it whether an attempt is
/// worth retrying and how long to wait; the adapter asks it what to throw. Stateless.
/// </summary>
internal abstract class ProviderErrorRules
{
    /// <summary>Longest provider message kept in an exception.</summary>
    protected const int MaxDetailLength = 400;

    /// <summary>Provider name (ledger, exceptions, logs).</summary>
    public abstract string Provider { get; }

    /// <summary>
    /// Whether a 2xx response may still be a failure that has to be read from the body (legacy Google Places answers
    /// every error with HTTP 200 and a <c>status</c>). When false, 2xx responses are never classified.
    /// </summary>
    public virtual bool FailuresInSuccessBodies => false;

    /// <summary>The failure <paramref name="response"/> represents, or null when it can be used.</summary>
    /// <param name="response">The response with its buffered body.</param>
    /// <param name="now">The current time, for HTTP-date <c>Retry-After</c> values.</param>
    public abstract ProviderFailure? Classify(in ProviderResponse response, DateTimeOffset now);

    /// <summary>The usual meaning of an HTTP status, for rules to fall back on.</summary>
    protected static ProviderFailure? FromStatus(int status, string detail, TimeSpan? retryAfter) => status switch
    {
        >= 200 and < 300 => null,
        401 or 403 => new(ProviderErrorKind.Unauthorized, detail),
        402 => new(ProviderErrorKind.OutOfCredit, detail),
        408 or 504 => new(ProviderErrorKind.Timeout, detail, retryAfter),
        429 => new(ProviderErrorKind.RateLimited, detail, retryAfter),
        >= 500 => new(ProviderErrorKind.Transient, detail, retryAfter),
        _ => new(ProviderErrorKind.Rejected, detail),
    };

    /// <summary>The standard <c>retry-after-ms</c> / <c>retry-after</c> headers.</summary>
    protected static TimeSpan? RetryAfterHeaders(in ProviderResponse response, DateTimeOffset now) =>
        RetryAfter.Parse(response.Header("retry-after-ms"), response.Header("retry-after"), now);

    /// <summary>Shortens a provider message for an exception.</summary>
    protected static string Truncate(string? text)
    {
        var trimmed = (text ?? "").Trim();
        return trimmed.Length <= MaxDetailLength ? trimmed : trimmed[..MaxDetailLength] + "…";
    }

    /// <summary>"HTTP 429 code: message".</summary>
    protected static string Describe(int status, string? code, string? message) =>
        $"HTTP {status}{(string.IsNullOrEmpty(code) ? "" : " " + code)}: {(string.IsNullOrWhiteSpace(message) ? "no error message" : Truncate(message))}";
}
