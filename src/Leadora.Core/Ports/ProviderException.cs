namespace Leadora.Ports;

/// <summary>Why a provider call failed, in terms the fallback and retry logic can act on.</summary>
public enum ProviderErrorKind
{
    /// <summary>Too many requests; retry after <see cref="ProviderException.RetryAfter"/> or fall through.</summary>
    RateLimited,

    /// <summary>The account is out of credit or quota; do not retry this provider.</summary>
    OutOfCredit,

    /// <summary>The key is missing, wrong or not allowed to call this API; do not retry.</summary>
    Unauthorized,

    /// <summary>A server error or network failure that may pass.</summary>
    Transient,

    /// <summary>The call timed out.</summary>
    Timeout,

    /// <summary>The provider answered with a body that could not be understood (malformed JSON, missing fields, truncated output).</summary>
    InvalidResponse,

    /// <summary>The provider refused the request (bad request, safety refusal).</summary>
    Rejected,

    /// <summary>Spending is disabled or the search's budget is used up; no paid call was sent.</summary>
    SpendingBlocked,
}

/// <summary>A provider call failed. Adapters translate HTTP status codes and error bodies into this exception.</summary>
public sealed class ProviderException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ProviderException(string provider, string operation, ProviderErrorKind kind, string message, int? statusCode = null, TimeSpan? retryAfter = null, Exception? innerException = null)
        : base($"{provider} {operation}: {message}", innerException)
    {
        Provider = provider;
        Operation = operation;
        Kind = kind;
        StatusCode = statusCode;
        RetryAfter = retryAfter;
    }

    /// <summary>Creates the exception with no details.</summary>
    public ProviderException()
        : this("unknown", "unknown", ProviderErrorKind.Transient, "provider call failed")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ProviderException(string message)
        : this("unknown", "unknown", ProviderErrorKind.Transient, message)
    {
    }

    /// <summary>Creates the exception with a message and inner exception.</summary>
    public ProviderException(string message, Exception innerException)
        : this("unknown", "unknown", ProviderErrorKind.Transient, message, innerException: innerException)
    {
    }

    /// <summary>Provider name.</summary>
    public string Provider { get; }

    /// <summary>Operation.</summary>
    public string Operation { get; }

    /// <summary>Kind of failure.</summary>
    public ProviderErrorKind Kind { get; }

    /// <summary>HTTP status code, when there was a response.</summary>
    public int? StatusCode { get; }

    /// <summary>How long the provider asked the caller to wait, when it said.</summary>
    public TimeSpan? RetryAfter { get; }
}
