namespace Leadora.Sandbox;

/// <summary>The kinds of failure the sandbox can inject.</summary>
public enum SandboxFaultKind
{
    /// <summary>Rate limited, in the provider's shape: HTTP 429 with retry-after headers or Google's <c>RetryInfo</c>; legacy Places' HTTP 200 <c>OVER_QUERY_LIMIT</c> (flag token <c>429</c>).</summary>
    RateLimit,

    /// <summary>HTTP 500 with the provider's error body (flag token <c>500</c>).</summary>
    InternalServerError,

    /// <summary>HTTP 503 with the provider's error body (flag token <c>503</c>).</summary>
    ServiceUnavailable,

    /// <summary>The request hangs until the client gives up or about 100 seconds pass (flag token <c>timeout</c>).</summary>
    Timeout,

    /// <summary>A 200 response whose body (or, for LLM endpoints, whose output text) is not JSON (flag token <c>malformed</c>).</summary>
    Malformed,

    /// <summary>LLM endpoints only: a 200 response whose output is valid JSON that fails the schema (flag token <c>schema</c>).</summary>
    SchemaViolation,

    /// <summary>
    /// Out of credit or quota, in the provider's shape: OpenAI 429 <c>insufficient_quota</c>, Serper 400 "Not enough credits",
    /// DeepSeek 402 "Insufficient Balance", Gemini and Custom Search 429 per-day quota, Places (New) 403 <c>BILLING_DISABLED</c>,
    /// legacy Places 200 <c>OVER_QUERY_LIMIT</c> "daily request quota" (flag token <c>credit</c>).
    /// </summary>
    OutOfCredit,
}

/// <summary>A fault to inject into one response.</summary>
/// <param name="Kind">What goes wrong.</param>
/// <param name="RetryAfter">For <see cref="SandboxFaultKind.RateLimit"/>: the wait the response asks for (default 1 s).</param>
public sealed record SandboxFault(SandboxFaultKind Kind, TimeSpan? RetryAfter = null)
{
    /// <summary>The default wait a rate-limit response asks for.</summary>
    public static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(1);

    /// <summary>HTTP 429 rate limit, asking the client to wait <paramref name="retryAfter"/> (default 1 s).</summary>
    public static SandboxFault RateLimit(TimeSpan? retryAfter = null) => new(SandboxFaultKind.RateLimit, retryAfter ?? DefaultRetryAfter);

    /// <summary>HTTP 500.</summary>
    public static SandboxFault InternalServerError() => new(SandboxFaultKind.InternalServerError);

    /// <summary>HTTP 503.</summary>
    public static SandboxFault ServiceUnavailable() => new(SandboxFaultKind.ServiceUnavailable);

    /// <summary>A hanging request.</summary>
    public static SandboxFault Timeout() => new(SandboxFaultKind.Timeout);

    /// <summary>A 200 response that is not JSON.</summary>
    public static SandboxFault Malformed() => new(SandboxFaultKind.Malformed);

    /// <summary>A 200 LLM response whose JSON output fails the schema.</summary>
    public static SandboxFault SchemaViolation() => new(SandboxFaultKind.SchemaViolation);

    /// <summary>Out of credit.</summary>
    public static SandboxFault OutOfCredit() => new(SandboxFaultKind.OutOfCredit);

    /// <summary>The wait a rate-limit response asks for.</summary>
    public TimeSpan EffectiveRetryAfter => RetryAfter ?? DefaultRetryAfter;

    /// <summary>The flag token of a kind: 429, 500, 503, timeout, malformed, schema, credit.</summary>
    public static string Token(SandboxFaultKind kind) => kind switch
    {
        SandboxFaultKind.RateLimit => "429",
        SandboxFaultKind.InternalServerError => "500",
        SandboxFaultKind.ServiceUnavailable => "503",
        SandboxFaultKind.Timeout => "timeout",
        SandboxFaultKind.Malformed => "malformed",
        SandboxFaultKind.SchemaViolation => "schema",
        SandboxFaultKind.OutOfCredit => "credit",
        _ => kind.ToString(),
    };

    /// <summary>Parses a flag token (429, 500, 503, timeout, malformed, schema, credit).</summary>
    public static bool TryParseKind(string? token, out SandboxFaultKind kind)
    {
        switch (token?.Trim().ToLowerInvariant())
        {
            case "429" or "ratelimit" or "rate-limit":
                kind = SandboxFaultKind.RateLimit;
                return true;
            case "500":
                kind = SandboxFaultKind.InternalServerError;
                return true;
            case "503":
                kind = SandboxFaultKind.ServiceUnavailable;
                return true;
            case "timeout":
                kind = SandboxFaultKind.Timeout;
                return true;
            case "malformed":
                kind = SandboxFaultKind.Malformed;
                return true;
            case "schema":
                kind = SandboxFaultKind.SchemaViolation;
                return true;
            case "credit" or "quota":
                kind = SandboxFaultKind.OutOfCredit;
                return true;
            default:
                kind = default;
                return false;
        }
    }

    /// <inheritdoc />
    public override string ToString() => Kind == SandboxFaultKind.RateLimit
        ? FormattableString.Invariant($"429 (retry after {EffectiveRetryAfter.TotalMilliseconds:0} ms)")
        : Token(Kind);
}

/// <summary>A random fault rate for one provider and kind.</summary>
/// <param name="Provider">Provider name (see <see cref="SandboxProviders"/>).</param>
/// <param name="Kind">Fault kind.</param>
/// <param name="Rate">Probability in [0, 1] that a request gets this fault.</param>
public sealed record SandboxFaultRate(string Provider, SandboxFaultKind Kind, double Rate);
