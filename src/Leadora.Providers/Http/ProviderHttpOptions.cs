using System.Globalization;

namespace Leadora.Providers;

/// <summary>
/// Settings every HTTP provider shares: its key and base URL, its request budget (concurrency and pacing) and its
/// resilience (per-attempt timeout, retries, circuit breaker, total timeout). Each provider's options class derives from
/// it with its own defaults.
/// </summary>
public abstract class ProviderHttpOptions
{
    /// <summary>Sets the provider's defaults.</summary>
    /// <param name="baseUrl">Default <see cref="BaseUrl"/>.</param>
    /// <param name="maxConcurrent">Default <see cref="MaxConcurrent"/>.</param>
    /// <param name="minDelayMs">Default <see cref="MinDelayMs"/>.</param>
    /// <param name="timeoutSeconds">Default <see cref="TimeoutSeconds"/>.</param>
    /// <param name="totalTimeoutSeconds">Default <see cref="TotalTimeoutSeconds"/>.</param>
    protected ProviderHttpOptions(string baseUrl, int maxConcurrent, int minDelayMs, int timeoutSeconds, int totalTimeoutSeconds)
    {
        BaseUrl = baseUrl;
        MaxConcurrent = maxConcurrent;
        MinDelayMs = minDelayMs;
        TimeoutSeconds = timeoutSeconds;
        TotalTimeoutSeconds = totalTimeoutSeconds;
    }

    /// <summary>API key. Required. Never logged.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Base URL of the API.</summary>
    public string BaseUrl { get; set; }

    /// <summary>Most requests in flight to the provider at once, across every adapter of the provider.</summary>
    public int MaxConcurrent { get; set; }

    /// <summary>Least time between the starts of two requests (every attempt counts), in milliseconds.</summary>
    public int MinDelayMs { get; set; }

    /// <summary>Time allowed for one HTTP attempt, in seconds. A timed-out attempt is retried.</summary>
    public int TimeoutSeconds { get; set; }

    /// <summary>
    /// Retries after a failed attempt (429 rate limit, 5xx, 408, network failure or attempt timeout). Never for an
    /// out-of-credit, unauthorized or bad request. Default 3; 0 turns retries off.
    /// </summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>
    /// First backoff when the provider did not say how long to wait, in milliseconds; it grows exponentially with
    /// jitter. A wait the provider asks for (<c>retry-after-ms</c>, <c>retry-after</c>, Google's <c>RetryInfo</c>) is
    /// honoured exactly instead. Default 1000.
    /// </summary>
    public int RetryBaseDelayMs { get; set; } = 1000;

    /// <summary>
    /// Longest wait the provider may ask for and still be retried, in seconds. A longer one fails the call at once
    /// (as <c>RateLimited</c>, with the wait in <c>RetryAfter</c>) so a fallback provider can answer. Default 30.
    /// </summary>
    public int MaxRetryAfterSeconds { get; set; } = 30;

    /// <summary>Time allowed for a call including every retry and wait, in seconds.</summary>
    public int TotalTimeoutSeconds { get; set; }

    /// <summary>
    /// How long the circuit stays open, in seconds, once at least half of the attempts in 30 seconds failed (and at
    /// least <see cref="CircuitBreakerMinimumThroughput"/> were made). While open, calls fail at once as
    /// <c>Transient</c>, so a fallback provider answers. Default 30; 0 turns the breaker off.
    /// </summary>
    public int CircuitBreakSeconds { get; set; } = 30;

    /// <summary>Attempts within the 30-second sampling window before the breaker may open. Default 10.</summary>
    public int CircuitBreakerMinimumThroughput { get; set; } = 10;

    /// <summary>Default <see cref="MaxResponseBytes"/>: 4 MiB, twenty times the largest real search or LLM answer seen.</summary>
    public const int DefaultMaxResponseBytes = 4 * 1024 * 1024;

    /// <summary>
    /// Largest response body accepted, in bytes. A larger answer (a proxy's error page, a runaway body) fails the call as
    /// <c>InvalidResponse</c> without being retried or read further, so a fallback provider answers. Default 4 MiB
    /// (OpenAI's embeddings have their own, larger limit).
    /// </summary>
    public int MaxResponseBytes { get; set; } = DefaultMaxResponseBytes;

    /// <summary>The limit for one request; providers with very large answers on one endpoint override it.</summary>
    internal virtual int MaxResponseBytesFor(Uri? requestUri) => MaxResponseBytes;

    /// <summary>The shared settings, for <see cref="object.ToString"/> of the derived classes.</summary>
    /// <returns>A description safe to log (the key is redacted).</returns>
    protected string DescribeHttp() => string.Create(
        CultureInfo.InvariantCulture,
        $"ApiKey = {Secrets.Describe(ApiKey)}, BaseUrl = {BaseUrl}, MaxConcurrent = {MaxConcurrent}, MinDelayMs = {MinDelayMs}, TimeoutSeconds = {TimeoutSeconds}, MaxRetries = {MaxRetries}, RetryBaseDelayMs = {RetryBaseDelayMs}, MaxRetryAfterSeconds = {MaxRetryAfterSeconds}, TotalTimeoutSeconds = {TotalTimeoutSeconds}, CircuitBreakSeconds = {CircuitBreakSeconds}, CircuitBreakerMinimumThroughput = {CircuitBreakerMinimumThroughput}, MaxResponseBytes = {MaxResponseBytes}");
}
