using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Leadora.Ports;

namespace Leadora.InMemory;

/// <summary>
/// The in-process <see cref="IRequestLimiter"/>: one concurrency limiter and one paced start time per key, shared by every
/// HttpClient handler chain in the process, so handler rotation never loosens the limits. The limits of a key are those of
/// its first request.
/// </summary>
public sealed class InMemoryRequestLimiter(TimeProvider time) : IRequestLimiter, IDisposable
{
    private readonly ConcurrentDictionary<string, RequestThrottle> _throttles = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public async ValueTask<IAsyncDisposable> EnterAsync(RequestLimit limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(limit);
        var throttle = _throttles.GetOrAdd(limit.Key, static (_, state) => new RequestThrottle(state.limit.MaxConcurrent, state.limit.MinDelay, state.time), (limit, time));
        return new Permit(await throttle.EnterAsync(cancellationToken).ConfigureAwait(false));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var throttle in _throttles.Values)
        {
            throttle.Dispose();
        }
    }

    private sealed class Permit(IDisposable lease) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            lease.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>
/// One budget: at most <c>maxConcurrent</c> requests in flight and at least <c>minDelay</c> between the starts of two
/// requests, on an injectable clock.
/// </summary>
internal sealed class RequestThrottle : IDisposable
{
    private readonly ConcurrencyLimiter _limiter;
    private readonly TimeProvider _time;
    private readonly TimeSpan _minDelay;
    private readonly long _origin;
    private readonly Lock _gate = new();
    private TimeSpan _nextStart;

    public RequestThrottle(int maxConcurrent, TimeSpan minDelay, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrent, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(minDelay, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(time);
        _limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = maxConcurrent,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
        _minDelay = minDelay;
        _time = time;
        _origin = time.GetTimestamp();
    }

    /// <summary>Waits for a concurrency permit and then for the request's paced start time.</summary>
    /// <returns>The permit; dispose it when the request has finished.</returns>
    public async ValueTask<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        var lease = await _limiter.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
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
                await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
            }

            return lease;
        }
        catch
        {
            lease.Dispose();
            throw;
        }
    }

    public void Dispose() => _limiter.Dispose();

    /// <summary>Books the earliest start at least the minimum delay after the previous booking.</summary>
    private TimeSpan ReserveStart()
    {
        if (_minDelay == TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        lock (_gate)
        {
            var now = _time.GetElapsedTime(_origin);
            var start = now > _nextStart ? now : _nextStart;
            _nextStart = start + _minDelay;
            return start - now;
        }
    }
}

/// <summary>
/// The in-process <see cref="ISpendingLimiter"/>: the usage ledger's recorded spend plus this process's reservations,
/// decided under one lock per search (<see cref="SpendRule"/>).
/// </summary>
public sealed class InMemorySpendingLimiter(IUsageLedger ledger) : ISpendingLimiter
{
    private readonly ConcurrentDictionary<Guid, Budget> _budgets = new();

    /// <inheritdoc />
    public async ValueTask<SpendReservation> ReserveAsync(SpendRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var budget = _budgets.GetOrAdd(request.SearchId, static _ => new Budget());
        await budget.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var spent = (await ledger.SummarizeAsync(request.TenantId, request.SearchId, cancellationToken).ConfigureAwait(false)).Sum(r => r.CostUsd);
            var decision = SpendRule.Decide(request.Budget, spent, budget.Reserved, budget.InFlight, request.Estimate);
            if (decision != SpendDecision.Admitted)
            {
                return new SpendReservation(decision, spent, null);
            }

            budget.Reserved += request.Estimate;
            budget.InFlight++;
            return new SpendReservation(decision, spent, new Reservation(budget, request.Estimate));
        }
        finally
        {
            budget.Gate.Release();
        }
    }

    private sealed class Budget
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public decimal Reserved { get; set; }

        public int InFlight { get; set; }
    }

    private sealed class Reservation(Budget budget, decimal amount) : IAsyncDisposable
    {
        private int _released;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) != 0)
            {
                return;
            }

            await budget.Gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
            budget.Reserved -= amount;
            budget.InFlight--;
            budget.Gate.Release();
        }
    }
}
