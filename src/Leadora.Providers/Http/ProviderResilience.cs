using System.Globalization;
using Leadora.Ports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Leadora.Providers;

/// <summary>
/// The one resilience pipeline of a provider's HttpClient (Microsoft.Extensions.Http.Resilience), outermost first:
/// <list type="number">
/// <item>total timeout (<see cref="ProviderHttpOptions.TotalTimeoutSeconds"/>): the whole call, waits included;</item>
/// <item>retry (<see cref="ProviderHttpOptions.MaxRetries"/>): 429, 5xx, 408, network failures and attempt timeouts, as
/// the provider's <see cref="ProviderErrorRules"/> classify them — never out of credit, unauthorized or a bad request.
/// The wait is what the provider asked for (<c>retry-after-ms</c>, <c>retry-after</c>, Google <c>RetryInfo</c>) — exactly
/// on a test clock, plus <see cref="SystemTimerSlack"/> on the real one so a coarse OS timer never retries early — else
/// exponential backoff with jitter from <see cref="ProviderHttpOptions.RetryBaseDelayMs"/>. A provider asking for
/// more than <see cref="ProviderHttpOptions.MaxRetryAfterSeconds"/> is not retried, so a fallback answers sooner;</item>
/// <item>circuit breaker (<see cref="ProviderHttpOptions.CircuitBreakSeconds"/>): fails fast while the provider is down
/// (it counts what the rules call retryable, plus network failures and timeouts).</item>
/// </list>
/// Then the throttle, so every attempt waits for a concurrency permit and its paced start, and last the attempt timeout
/// (<see cref="ProviderHttpOptions.TimeoutSeconds"/>, <see cref="AddAttemptTimeout{TOptions}"/>), which times only the
/// exchange itself. All waits and timeouts run on the container's <see cref="TimeProvider"/>. This is the only retry loop on a call path:
/// the OpenAI SDK's retries are off, and Leadora's fallback chain moves on only after this pipeline gave up.
/// </summary>
internal static partial class ProviderResilience
{
    /// <summary>Sampling window of the circuit breaker.</summary>
    public static readonly TimeSpan BreakerSamplingDuration = TimeSpan.FromSeconds(30);

    /// <summary>Failure ratio that opens the circuit.</summary>
    public const double BreakerFailureRatio = 0.5;

    /// <summary>Ledger operation under which retried attempts are recorded (failed, no cost).</summary>
    public const string RetryOperation = "retry";

    /// <summary>
    /// Added to a wait the provider asked for when the clock is the real one: OS timers are coarse (Linux's monotonic
    /// coarse clock ticks every few milliseconds) and can fire a little early, which would send the retry a hair before
    /// the provider said. On any other <see cref="TimeProvider"/> (a fake clock in tests) the wait is exact.
    /// </summary>
    public static readonly TimeSpan SystemTimerSlack = TimeSpan.FromMilliseconds(15);

    /// <summary>Search-warning code for a provider call that needed retries.</summary>
    public const string RetryWarningCode = WarningCodes.ProviderRetried;

    private static readonly ResiliencePropertyKey<ProviderFailure?> FailureKey = new("Leadora.ProviderFailure");

    private static readonly ResiliencePropertyKey<Classified?> ClassifiedKey = new("Leadora.ClassifiedResponse");

    /// <summary>Adds the provider's resilience handler to its HttpClient.</summary>
    public static IHttpClientBuilder AddProviderResilience<TOptions>(this IHttpClientBuilder builder, ProviderErrorRules rules)
        where TOptions : ProviderHttpOptions
    {
        builder.AddResilienceHandler("leadora", (pipeline, context) =>
        {
            var services = context.ServiceProvider;
            var options = services.GetRequiredService<IOptions<TOptions>>().Value;
            var time = services.GetRequiredService<TimeProvider>();
            var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Leadora.Providers.Resilience");
            var observer = new RetryObserver(rules.Provider, logger, services.GetService<SearchWarnings>(), services.GetService<IProviderUsage>());
            Configure(pipeline, options, rules, time, logger, observer);
        });
        return builder;
    }

    private static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, ProviderHttpOptions options, ProviderErrorRules rules, TimeProvider time, ILogger logger, RetryObserver observer)
    {
        pipeline.TimeProvider = time;
        pipeline.AddTimeout(new TimeoutStrategyOptions
        {
            Name = "total",
            Timeout = TimeSpan.FromSeconds(options.TotalTimeoutSeconds),
        });

        if (options.MaxRetries > 0)
        {
            var maxRetryAfter = TimeSpan.FromSeconds(options.MaxRetryAfterSeconds);
            var slack = ReferenceEquals(time, TimeProvider.System) ? SystemTimerSlack : TimeSpan.Zero;
            pipeline.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                Name = "retry",
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(options.RetryBaseDelayMs),
                ShouldHandle = args => ShouldRetryAsync(args.Outcome, args.Context, rules, maxRetryAfter, time),

                // The provider's own wait (never less); null lets Polly use its exponential backoff with jitter.
                DelayGenerator = args => ValueTask.FromResult(args.Context.Properties.GetValue(FailureKey, null)?.RetryAfter + slack),
                OnRetry = args => observer.OnRetryAsync(args.AttemptNumber + 1, args.RetryDelay, args.Context.Properties.GetValue(FailureKey, null), args.Outcome.Exception),
            });
        }

        if (options.CircuitBreakSeconds > 0)
        {
            pipeline.AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
            {
                Name = "circuit-breaker",
                FailureRatio = BreakerFailureRatio,
                MinimumThroughput = options.CircuitBreakerMinimumThroughput,
                SamplingDuration = BreakerSamplingDuration,
                BreakDuration = TimeSpan.FromSeconds(options.CircuitBreakSeconds),
                ShouldHandle = args => CountsAgainstCircuitAsync(args.Outcome, args.Context, rules, time),
                OnOpened = args =>
                {
                    LogCircuitOpened(logger, rules.Provider, args.BreakDuration.TotalSeconds);
                    return ValueTask.CompletedTask;
                },
            });
        }
    }

    /// <summary>
    /// Adds the attempt timeout as its own handler, after the throttle: it times the HTTP exchange, not the wait for a
    /// concurrency permit or a paced start. A timed-out attempt surfaces to the retry handler above the throttle.
    /// </summary>
    public static IHttpClientBuilder AddAttemptTimeout<TOptions>(this IHttpClientBuilder builder)
        where TOptions : ProviderHttpOptions
    {
        builder.AddResilienceHandler("leadora-attempt", (pipeline, context) =>
        {
            var services = context.ServiceProvider;
            pipeline.TimeProvider = services.GetRequiredService<TimeProvider>();
            pipeline.AddTimeout(new TimeoutStrategyOptions
            {
                Name = "attempt",
                Timeout = TimeSpan.FromSeconds(services.GetRequiredService<IOptions<TOptions>>().Value.TimeoutSeconds),
            });
        });
        return builder;
    }

    /// <summary>Whether an attempt should be retried; remembers the classified failure for the delay generator.</summary>
    private static async ValueTask<bool> ShouldRetryAsync(Outcome<HttpResponseMessage> outcome, ResilienceContext context, ProviderErrorRules rules, TimeSpan maxRetryAfter, TimeProvider time)
    {
        context.Properties.Set(FailureKey, null);
        if (context.CancellationToken.IsCancellationRequested)
        {
            return false;
        }

        if (outcome.Exception is { } exception)
        {
            return exception is HttpRequestException or TimeoutRejectedException;
        }

        var (readable, failure) = await ClassifyAsync(outcome.Result, context, rules, time).ConfigureAwait(false);
        if (!readable)
        {
            return true;
        }

        if (failure is not { Retryable: true })
        {
            return false;
        }

        context.Properties.Set(FailureKey, failure);
        return failure.RetryAfter is not { } wait || wait <= maxRetryAfter;
    }

    /// <summary>
    /// Whether an attempt counts against the circuit: network failures, timeouts, and answers the provider's rules call
    /// retryable (rate limits, server errors). Out-of-credit, unauthorized and rejected answers do not: the provider is
    /// up, and (for Custom Search) an exhausted quota must keep answering empty pages, not an open circuit.
    /// </summary>
    private static async ValueTask<bool> CountsAgainstCircuitAsync(Outcome<HttpResponseMessage> outcome, ResilienceContext context, ProviderErrorRules rules, TimeProvider time)
    {
        if (outcome.Exception is { } exception)
        {
            return exception is HttpRequestException or TimeoutRejectedException;
        }

        var (readable, failure) = await ClassifyAsync(outcome.Result, context, rules, time).ConfigureAwait(false);
        return !readable || failure is { Retryable: true };
    }

    /// <summary>
    /// Classifies a response with the provider's rules, once per response (the breaker and the retry both ask). The body is
    /// buffered, so the adapter can read it again once the pipeline hands the response over.
    /// </summary>
    /// <returns>Whether the body could be read, and the failure (null when the response is usable).</returns>
    private static async ValueTask<(bool Readable, ProviderFailure? Failure)> ClassifyAsync(HttpResponseMessage? response, ResilienceContext context, ProviderErrorRules rules, TimeProvider time)
    {
        if (response is null || (response.IsSuccessStatusCode && !rules.FailuresInSuccessBodies))
        {
            return (true, null);
        }

        if (context.Properties.GetValue(ClassifiedKey, null) is { } cached && ReferenceEquals(cached.Response, response))
        {
            return (true, cached.Failure);
        }

        byte[] body;
        try
        {
            await response.Content.LoadIntoBufferAsync(context.CancellationToken).ConfigureAwait(false);
            body = await response.Content.ReadAsByteArrayAsync(context.CancellationToken).ConfigureAwait(false);
        }
        catch (Exception readFailure) when (readFailure is HttpRequestException or IOException)
        {
            return (false, null);
        }

        var failure = rules.Classify(ProviderResponse.From(response, body), time.GetUtcNow());
        context.Properties.Set(ClassifiedKey, new Classified(response, failure));
        return (true, failure);
    }

    /// <summary>A response and what its provider's rules made of it.</summary>
    private sealed record Classified(HttpResponseMessage Response, ProviderFailure? Failure);

    [LoggerMessage(EventId = 20, Level = LogLevel.Warning, Message = "{Provider}: the circuit breaker opened for {Seconds} s after repeated failures; calls fail at once until it closes")]
    private static partial void LogCircuitOpened(ILogger logger, string provider, double seconds);

    /// <summary>
    /// Makes a retry visible — a log line, a search warning and a failed, free ledger entry — and lets Leadora's spending
    /// controls refuse it.
    /// </summary>
    private sealed partial class RetryObserver(string provider, ILogger logger, SearchWarnings? warnings, IProviderUsage? usage)
    {
        public async ValueTask OnRetryAsync(int attempt, TimeSpan delay, ProviderFailure? failure, Exception? exception)
        {
            // The kind only: the provider's message could echo a key, and this observer does not know it.
            var reason = failure is not null ? failure.Kind.ToString()
                : exception is TimeoutRejectedException ? "attempt timed out"
                : exception?.GetType().Name ?? "failed";
            LogRetry(logger, provider, attempt, delay.TotalMilliseconds, reason);
            if (warnings is not null)
            {
                var message = string.Create(CultureInfo.InvariantCulture, $"{provider}: a call failed ({reason}) and was retried after {delay.TotalSeconds:0.###} s.");
                await warnings.AddAsync(RetryWarningCode, message, provider, CancellationToken.None).ConfigureAwait(false);
            }

            if (usage is not null)
            {
                // The retry is a new paid request: Leadora's spending controls may refuse it (SpendingBlocked, thrown
                // from here, ends the call without sending it). The failed attempt is recorded as a free, failed entry.
                var call = await usage.BeginAsync(provider, RetryOperation, null, CancellationToken.None).ConfigureAwait(false);
                await call.FailedAsync(exception ?? new HttpRequestException($"{provider} attempt {attempt} failed: {reason}")).ConfigureAwait(false);
            }
        }

        [LoggerMessage(EventId = 21, Level = LogLevel.Warning, Message = "{Provider}: attempt {Attempt} failed with {Reason}; retrying in {DelayMs} ms")]
        private static partial void LogRetry(ILogger logger, string provider, int attempt, double delayMs, string reason);
    }
}
