namespace Leadora;

/// <summary>
/// The search on whose behalf the current asynchronous flow calls providers. The job runner enters it for every job,
/// so provider decorators (usage, cost, budgets) can attribute each call without threading ids through every port.
/// </summary>
public sealed class SearchContext
{
    private static readonly AsyncLocal<SearchContext?> CurrentContext = new();

    private SearchContext(string tenantId, Guid? searchId, string? jobKey)
    {
        TenantId = tenantId;
        SearchId = searchId;
        JobKey = jobKey;
    }

    /// <summary>The context of the current flow, or <see langword="null"/> outside a search.</summary>
    public static SearchContext? Current => CurrentContext.Value;

    /// <summary>Tenant.</summary>
    public string TenantId { get; }

    /// <summary>Search, when the flow works for one.</summary>
    public Guid? SearchId { get; }

    /// <summary>Key of the job being run, when there is one.</summary>
    public string? JobKey { get; }

    /// <summary>Enters a context for the current flow until the returned scope is disposed.</summary>
    public static IDisposable Enter(string tenantId, Guid? searchId, string? jobKey = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        var previous = CurrentContext.Value;
        CurrentContext.Value = new SearchContext(tenantId, searchId, jobKey);
        return new Scope(previous);
    }

    private sealed class Scope(SearchContext? previous) : IDisposable
    {
        public void Dispose() => CurrentContext.Value = previous;
    }
}
