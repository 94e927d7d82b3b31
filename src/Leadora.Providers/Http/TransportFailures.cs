using Leadora.Ports;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Leadora.Providers;

/// <summary>Failures that happen before a usable response arrives: timeouts, an open circuit, network errors.</summary>
internal static class TransportFailures
{
    /// <summary>
    /// Translates <paramref name="exception"/>, or returns null when it is the caller's own cancellation or not a
    /// transport failure.
    /// </summary>
    public static ProviderFailure? Translate(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        OperationCanceledException when cancellationToken.IsCancellationRequested => null,
        ResponseTooLargeException tooLarge => new(ProviderErrorKind.InvalidResponse, tooLarge.Message),
        TimeoutRejectedException timeout => new(ProviderErrorKind.Timeout, $"the request timed out after {timeout.Timeout.TotalSeconds:0.###} s"),
        BrokenCircuitException => new(ProviderErrorKind.Transient, "the circuit breaker is open after repeated failures; not calling the provider for now"),
        HttpRequestException http when IsTimeout(http) => new(ProviderErrorKind.Timeout, "the request timed out"),
        HttpRequestException http => new(ProviderErrorKind.Transient, $"no response: {http.Message}"),
        TimeoutException or OperationCanceledException => new(ProviderErrorKind.Timeout, "the request timed out"),
        IOException io => new(ProviderErrorKind.Transient, $"the connection failed: {io.Message}"),
        _ => null,
    };

    private static bool IsTimeout(Exception? exception) => exception switch
    {
        null => false,
        TimeoutException or TimeoutRejectedException => true,
        _ => IsTimeout(exception.InnerException),
    };
}
