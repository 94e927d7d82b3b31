using Leadora.Ports;
using Microsoft.Extensions.DependencyInjection;

namespace Leadora.Providers.Tests.Infrastructure;

/// <summary>
/// A stored search to attribute provider calls to, for tests that read what Leadora's services recorded: search
/// warnings and usage-ledger rows. Needs <c>AddLeadora</c> on the container.
/// </summary>
public sealed class TestSearch(IServiceProvider services, Guid id)
{
    public const string Tenant = "provider-tests";

    public Guid Id { get; } = id;

    public static async Task<TestSearch> CreateAsync(IServiceProvider services)
    {
        var id = Guid.NewGuid();
        await services.GetRequiredService<ILeadStore>().CreateSearchAsync(new LeadSearch
        {
            Id = id,
            TenantId = Tenant,
            SearchType = SearchType.Customer,
            ProductService = "Industrial water-treatment chemicals",
            Industries = ["Petrochemicals"],
            Countries = ["SA"],
            Limits = new SearchLimits(),
            CreatedAt = DateTimeOffset.UtcNow,
        });
        return new TestSearch(services, id);
    }

    /// <summary>Attributes the calling flow's provider calls to this search until disposed. Call it synchronously in the test.</summary>
    public IDisposable Enter() => SearchContext.Enter(Tenant, Id);

    public Task<IReadOnlyList<SearchWarning>> WarningsAsync() => services.GetRequiredService<ILeadStore>().GetWarningsAsync(Tenant, Id);

    public Task<IReadOnlyList<UsageSummaryRow>> UsageAsync() => services.GetRequiredService<IUsageLedger>().SummarizeAsync(Tenant, Id);
}
