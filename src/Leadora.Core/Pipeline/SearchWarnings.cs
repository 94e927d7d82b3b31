using Leadora.Ports;

namespace Leadora;

/// <summary>Adds warnings to the search of the current <see cref="SearchContext"/>.</summary>
public sealed class SearchWarnings(ILeadStore store, TimeProvider time)
{
    /// <summary>Adds a warning to the current search; does nothing outside a search.</summary>
    public Task AddAsync(string code, string message, string subject, CancellationToken cancellationToken = default)
    {
        var context = SearchContext.Current;
        return context?.SearchId is { } searchId
            ? store.AddWarningAsync(context.TenantId, searchId, new SearchWarning(code, message, subject, time.GetUtcNow()), cancellationToken)
            : Task.CompletedTask;
    }
}
