using System.Net;
using Leadora.Ports;
using Leadora.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Leadora.Web.Tests.Api;

public sealed class FailingStoreWebFactory : WebFactory
{
    public const string Failure = "connection to db.internal:5432 refused for user leadora";

    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder) =>
        builder.ConfigureTestServices(services => services.AddSingleton<ILeadStore>(new FailingStore()));

    private sealed class FailingStore : ILeadStore
    {
        private static Exception Boom() => new InvalidOperationException(Failure);

        public Task CreateSearchAsync(LeadSearch search, CancellationToken cancellationToken = default) => throw Boom();
        public Task<LeadSearch?> GetSearchAsync(string tenantId, Guid searchId, CancellationToken cancellationToken = default) => throw Boom();
        public Task<IReadOnlyList<LeadSearch>> ListSearchesAsync(string tenantId, int skip, int take, CancellationToken cancellationToken = default) => throw Boom();
        public Task<bool> SetSearchStatusAsync(string tenantId, Guid searchId, SearchStatus status, string? errorMessage, DateTimeOffset at, CancellationToken cancellationToken = default) => throw Boom();
        public Task SaveBusinessPersonasAsync(string tenantId, Guid searchId, IReadOnlyList<BusinessPersona> personas, CancellationToken cancellationToken = default) => throw Boom();
        public Task<IReadOnlyList<BusinessPersona>> GetBusinessPersonasAsync(string tenantId, Guid searchId, CancellationToken cancellationToken = default) => throw Boom();
        public Task SaveDecisionMakerPersonasAsync(string tenantId, Guid searchId, IReadOnlyList<DecisionMakerPersona> personas, CancellationToken cancellationToken = default) => throw Boom();
        public Task<IReadOnlyList<DecisionMakerPersona>> GetDecisionMakerPersonasAsync(string tenantId, Guid searchId, CancellationToken cancellationToken = default) => throw Boom();
        public Task<BusinessBatchResult> AddBusinessesAsync(string tenantId, Guid searchId, IReadOnlyList<KeyedBusiness> businesses, CancellationToken cancellationToken = default) => throw Boom();
        public Task<IReadOnlyList<Business>> GetBusinessesAsync(string tenantId, Guid searchId, string? discoveredBy = null, CancellationToken cancellationToken = default) => throw Boom();
        public Task<IReadOnlyList<Business>> GetBusinessesByIdAsync(string tenantId, Guid searchId, IReadOnlyList<Guid> businessIds, CancellationToken cancellationToken = default) => throw Boom();
        public Task SetBusinessMatchesAsync(string tenantId, Guid searchId, IReadOnlyList<(Guid BusinessId, PersonaMatch Match)> matches, CancellationToken cancellationToken = default) => throw Boom();

        public Task SetBusinessFitsAsync(string tenantId, Guid searchId, IReadOnlyList<(Guid BusinessId, BusinessFit Fit)> fits, CancellationToken cancellationToken = default) => throw Boom();
        public Task MarkDecisionMakersSearchedAsync(string tenantId, Guid searchId, IReadOnlyList<Guid> businessIds, CancellationToken cancellationToken = default) => throw Boom();
        public Task<int> AddDecisionMakersAsync(string tenantId, Guid searchId, IReadOnlyList<DecisionMaker> decisionMakers, CancellationToken cancellationToken = default) => throw Boom();
        public Task<IReadOnlyList<DecisionMaker>> GetDecisionMakersAsync(string tenantId, Guid searchId, CancellationToken cancellationToken = default) => throw Boom();
        public Task SaveMarketReportAsync(string tenantId, MarketReport report, CancellationToken cancellationToken = default) => throw Boom();
        public Task<MarketReport?> GetMarketReportAsync(string tenantId, Guid searchId, CancellationToken cancellationToken = default) => throw Boom();
        public Task AddWarningAsync(string tenantId, Guid searchId, SearchWarning warning, CancellationToken cancellationToken = default) => throw Boom();
        public Task<IReadOnlyList<SearchWarning>> GetWarningsAsync(string tenantId, Guid searchId, CancellationToken cancellationToken = default) => throw Boom();
        public Task<bool> SetAnnotationAsync(string tenantId, Guid searchId, LeadAnnotation annotation, CancellationToken cancellationToken = default) => throw Boom();
        public Task<IReadOnlyList<LeadAnnotation>> GetAnnotationsAsync(string tenantId, Guid searchId, CancellationToken cancellationToken = default) => throw Boom();
        public Task<SearchCounts> GetCountsAsync(string tenantId, Guid searchId, CancellationToken cancellationToken = default) => throw Boom();
    }
}

/// <summary>Failures answer 500 ProblemDetails (or a plain page) without stack traces or the failure's message; readiness reports storage down.</summary>
public sealed class ErrorTests(FailingStoreWebFactory factory) : IClassFixture<FailingStoreWebFactory>
{
    [Fact]
    public async Task Unhandled_errors_answer_500_problem_details_without_details()
    {
        using var client = factory.ClientFor("error-user");
        using var response = await client.GetAsync("/api/searches");
        var problem = await response.ProblemAsync(HttpStatusCode.InternalServerError);
        Assert.DoesNotContain("db.internal", problem.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_answer_a_plain_error_page()
    {
        using var client = factory.ClientFor("error-user");
        client.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        using var response = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Something went wrong", html, StringComparison.Ordinal);
        Assert.DoesNotContain("db.internal", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readiness_reports_storage_down_without_its_message()
    {
        using var client = factory.ClientFor(null);
        using var response = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("storage does not answer (InvalidOperationException)", body, StringComparison.Ordinal);
        Assert.DoesNotContain("db.internal", body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
    }
}
