using System.Threading.RateLimiting;

namespace Leadora.Providers;

/// <summary>
/// One provider's request budget: at most <c>maxConcurrent</c> requests in flight and at least <c>minDelay</c>
/// between the starts of two requests. One instance per provider, shared by every HttpClient handler chain
/// the factory builds for it, so handler rotation never loosens the limits.
/// </summary>
internal sealed class RequestThrottle : IDisposable
{
    private readonly ConcurrencyLimiter limiter;
    private readonly TimeProvider timeProvider;
    private readonly TimeSpan minDelay;
    private readonly long origin;
    private readonly Lock gate = new();
    private TimeSpan nextStart;

    public RequestThrottle(int maxConcurrent, TimeSpan minDelay, TimeProvider timeProvider)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrent, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(minDelay, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(timeProvider);
        limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = maxConcurrent,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
        this.minDelay = minDelay;
        this.timeProvider = timeProvider;
        origin = timeProvider.GetTimestamp();
    }

    /// <summary>Waits for a concurrency permit and then for the request's paced start time.</summary>
    /// <returns>The permit; dispose it when the request has finished.</returns>
    public async ValueTask<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        var lease = await limiter.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
        if (!lease.IsAcquired)
        {
            lease.Dispose();
            throw new InvalidOperationException("The request throttle refused a permit.");
        }

        try
        {
            var wait = ReserveStart();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, timeProvider, cancellationToken).ConfigureAwait(false);
            }

            return lease;
        }
        catch
        {
            lease.Dispose();
            throw;
        }
    }

    public void Dispose() => limiter.Dispose();

    /// <summary>Books the earliest start at least <see cref="minDelay"/> after the previous booking.</summary>
    private TimeSpan ReserveStart()
    {
        if (minDelay == TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        lock (gate)
        {
            var now = timeProvider.GetElapsedTime(origin);
            var start = now > nextStart ? now : nextStart;
            nextStart = start + minDelay;
            return start - now;
        }
    }
}
