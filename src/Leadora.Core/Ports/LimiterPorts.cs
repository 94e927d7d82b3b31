namespace Leadora.Ports;

/// <summary>One provider's request budget: at most <see cref="MaxConcurrent"/> requests in flight, starts at least <see cref="MinDelay"/> apart.</summary>
/// <param name="Key">The budget's name (the provider, for example <c>openai</c>); callers with the same key share it.</param>
/// <param name="MaxConcurrent">Most requests in flight at once.</param>
/// <param name="MinDelay">Least time between the starts of two requests.</param>
public sealed record RequestLimit(string Key, int MaxConcurrent, TimeSpan MinDelay);

/// <summary>
/// Port: the concurrency and pacing limits of provider requests. The in-memory adapter holds them for one process; the
/// PostgreSQL adapter holds them for every process that shares the database (permits are leases that expire when their
/// holder dies, and the next allowed start is one row per provider).
/// </summary>
public interface IRequestLimiter
{
    /// <summary>Waits for a permit under <paramref name="limit"/> and then for the request's paced start time.</summary>
    /// <returns>The permit; dispose it when the request has finished.</returns>
    ValueTask<IAsyncDisposable> EnterAsync(RequestLimit limit, CancellationToken cancellationToken);
}

/// <summary>A paid call that wants to spend from a search's budget.</summary>
/// <param name="TenantId">The search's tenant.</param>
/// <param name="SearchId">The search.</param>
/// <param name="Budget">The search's budget in US dollars (estimated).</param>
/// <param name="Provider">The provider about to be called.</param>
/// <param name="Operation">The operation about to be called.</param>
/// <param name="Estimate">What the call is expected to cost: the largest cost this process has seen for the operation (0 when unknown).</param>
public sealed record SpendRequest(string TenantId, Guid SearchId, decimal Budget, string Provider, string Operation, decimal Estimate);

/// <summary>What a <see cref="ISpendingLimiter"/> decided.</summary>
public enum SpendDecision
{
    /// <summary>The call may be sent; its reservation is held until it is released.</summary>
    Admitted,

    /// <summary>The budget is used up: the call must not be sent.</summary>
    Exhausted,

    /// <summary>Calls in flight hold what is left of the budget; ask again once they finish.</summary>
    Wait,
}

/// <summary>The answer to a <see cref="SpendRequest"/>.</summary>
/// <param name="Decision">Whether the call may be sent.</param>
/// <param name="Spent">The search's recorded spend when it was decided.</param>
/// <param name="Reservation">Held while an admitted call is in flight; dispose it after the call's cost is recorded in the usage ledger.</param>
public sealed record SpendReservation(SpendDecision Decision, decimal Spent, IAsyncDisposable? Reservation);

/// <summary>
/// Port: reserves a search's budget before a paid call, atomically with every other process that shares the storage, so a
/// budget (<see cref="SearchLimits.MaxCostUsd"/>) is overshot by at most one call. A call is admitted while the recorded
/// spend plus the reservations of calls in flight plus its own estimate fits the budget, or, when nothing is in flight,
/// while the recorded spend is below the budget (that last call is the one allowed overshoot).
/// </summary>
public interface ISpendingLimiter
{
    /// <summary>Decides whether the call in <paramref name="request"/> may be sent.</summary>
    ValueTask<SpendReservation> ReserveAsync(SpendRequest request, CancellationToken cancellationToken);
}

/// <summary>The admission rule every <see cref="ISpendingLimiter"/> adapter applies, in one place.</summary>
public static class SpendRule
{
    /// <summary>Decides a call from the recorded spend, what calls in flight have reserved (and how many there are), and the call's estimate.</summary>
    public static SpendDecision Decide(decimal budget, decimal spent, decimal reserved, int inFlight, decimal estimate) =>
        spent >= budget ? SpendDecision.Exhausted
        : spent + reserved + estimate <= budget ? SpendDecision.Admitted
        : inFlight == 0 ? SpendDecision.Admitted
        : SpendDecision.Wait;
}
