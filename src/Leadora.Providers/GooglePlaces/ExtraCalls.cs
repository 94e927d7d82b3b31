using Leadora.Ports;

namespace Leadora.Providers;

/// <summary>
/// Accounts for paid calls an adapter makes beyond the one call Leadora's usage decorator already counts (legacy Place
/// Details, pages walked to reach a page token): each goes through Leadora's <see cref="IProviderUsage"/>, so it is
/// priced in the ledger, traced, and refused (<c>SpendingBlocked</c>) when spending is off or the search's budget is
/// used up. Without Leadora's recorder (an adapter used on its own) the call simply runs.
/// </summary>
internal sealed class ExtraCalls(IProviderUsage? usage)
{
    /// <summary>Runs <paramref name="call"/> as one accounted provider call.</summary>
    /// <param name="provider">Provider name in the ledger.</param>
    /// <param name="operation">Operation name in the ledger (priced as <c>provider/operation</c>).</param>
    /// <param name="call">The call.</param>
    /// <param name="items">Items the answer brought, for the ledger.</param>
    /// <param name="cancellationToken">Cancels the spending check.</param>
    /// <exception cref="Ports.ProviderException">Spending is blocked (no request is sent), or the call failed.</exception>
    public async Task<T> RunAsync<T>(string provider, string operation, Func<Task<T>> call, Func<T, int> items, CancellationToken cancellationToken)
    {
        if (usage is null)
        {
            return await call().ConfigureAwait(false);
        }

        var accounting = await usage.BeginAsync(provider, operation, null, cancellationToken).ConfigureAwait(false);
        T result;
        try
        {
            result = await call().ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            await accounting.FailedAsync(exception).ConfigureAwait(false);
            throw;
        }

        await accounting.SucceededAsync(null, 0, 0, items(result)).ConfigureAwait(false);
        return result;
    }
}
