namespace Leadora.Ports;

/// <summary>
/// Port: the spending guard and usage accounting every paid provider call goes through. Leadora's decorators call it
/// around each raw adapter, and an adapter that makes extra calls of its own (Place Details, page walks, retries) calls
/// it for each of them. The default implementation is <see cref="Usage.UsageRecorder"/>: it prices the call, writes the
/// usage ledger for the current <see cref="SearchContext"/>, and records a span and metrics.
/// </summary>
public interface IProviderUsage
{
    /// <summary>
    /// Starts accounting for one provider call, or throws <see cref="ProviderException"/> with
    /// <see cref="ProviderErrorKind.SpendingBlocked"/> when the call may not be sent (spending is disabled, or the current
    /// search's budget is used up). Nothing may be sent to the provider before this returns.
    /// </summary>
    /// <param name="provider">Provider name, for example <c>openai</c>.</param>
    /// <param name="operation">Operation name in the ledger, for example <c>chat.primary</c>.</param>
    /// <param name="model">Model asked for, when known.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>The call; finish it with <see cref="IProviderCall.SucceededAsync"/> or <see cref="IProviderCall.FailedAsync"/>.</returns>
    Task<IProviderCall> BeginAsync(string provider, string operation, string? model, CancellationToken cancellationToken);

    /// <summary>Records a request answered from the response cache: no call was sent and nothing was spent.</summary>
    /// <param name="source">Provider that produced the cached response.</param>
    /// <param name="operation">Operation name in the ledger.</param>
    /// <param name="model">Model of the cached response, when known.</param>
    /// <param name="items">Items answered from the cache.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the hit is recorded.</returns>
    Task RecordCacheHitAsync(string source, string operation, string? model, int items, CancellationToken cancellationToken = default);
}

/// <summary>One provider call being accounted for (see <see cref="IProviderUsage.BeginAsync"/>).</summary>
public interface IProviderCall
{
    /// <summary>Records the call as succeeded.</summary>
    /// <param name="model">Model that answered (falls back to the model asked for).</param>
    /// <param name="inputTokens">Input tokens billed.</param>
    /// <param name="outputTokens">Output tokens billed.</param>
    /// <param name="items">Items returned (results, places, embeddings).</param>
    /// <returns>A task that completes when the entry is written.</returns>
    Task SucceededAsync(string? model, long inputTokens, long outputTokens, int items);

    /// <summary>Records the call as failed.</summary>
    /// <param name="exception">The failure.</param>
    /// <param name="items">Items the call was for.</param>
    /// <returns>A task that completes when the entry is written.</returns>
    Task FailedAsync(Exception exception, int items = 0);
}
