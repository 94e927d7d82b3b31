using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Leadora.Ports;
using Leadora.Sandbox;
using Leadora.Storage.Postgres;
using Leadora.Testing;
using Leadora.Web.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;

namespace Leadora.Benchmarks;

/// <summary>
/// One page of the web host's results tables (<see cref="LeadTables"/>) for a search of about 1,000 businesses and 3,000
/// decision makers, as <c>GET /api/searches/{id}/businesses</c> and <c>/decision-makers</c> answer it: parse the query,
/// read the search from the store (a fixed number of queries whatever its size; see <see cref="LeadTables"/>), build the
/// rows with annotations, filter, sort, page, and serialize the page as the API's JSON. The search is a real pipeline run
/// against the in-process sandbox (its synthetic world; the pipeline benchmark's "large" size), stored in memory or in PostgreSQL (a throwaway cluster like the
/// tests', or LEADORA_TEST_POSTGRES), with a status on every tenth lead.
/// </summary>
[Config(typeof(Config))]
public class LeadTableBenchmarks
{
    private const string Tenant = "bench";

    private static readonly JsonSerializerOptions ApiJson = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) } };

    private ServiceProvider _services = null!;
    private SandboxServer _sandbox = null!;
    private LeadTables _tables = null!;
    private Guid _search;
    private QueryCollection _businessQuery = null!;
    private QueryCollection _peopleQuery = null!;

    /// <summary>Where the search is stored.</summary>
    [Params("memory", "postgres")]
    public string Store { get; set; } = "memory";

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _sandbox = await SandboxServer.StartAsync(new SandboxOptions());
        var services = new ServiceCollection();
        services.AddLogging();
        var leadora = services.AddLeadora(new ConfigurationBuilder().Build()).UseSandbox(_sandbox.BaseAddress);
        if (Store == "postgres")
        {
            var server = await PostgresServer.GetAsync();
            leadora.UsePostgres(await server.CreateDatabaseAsync("tables"));
        }

        _services = services.BuildServiceProvider();

        var pipeline = _services.GetRequiredService<ILeadPipeline>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(20));
        var started = await pipeline.StartAsync(Tenant, new LeadSearchRequest
        {
            SearchType = SearchType.Customer,
            ProductService = "Industrial water-treatment chemicals for cooling towers, boilers and process water",
            Industries = ["Petrochemicals", "Power generation", "Oil refining", "Fertilizers", "Steel", "Water treatment"],
            Countries = ["Saudi Arabia", "United Arab Emirates", "United States", "Germany", "India", "United Kingdom"],
            Limits = new SearchLimits { BusinessPersonas = 6, DecisionMakerPersonas = 3, BusinessesPerPersona = 40, DecisionMakersPerBusiness = 3 },
        }, timeout.Token);
        var result = await pipeline.RunToCompletionAsync(Tenant, started.Id, timeout.Token);
        _search = result.Search.Id;

        var store = _services.GetRequiredService<ILeadStore>();
        var statuses = new[] { LeadStatus.Contacted, LeadStatus.Qualified, LeadStatus.Rejected };
        var leads = result.Businesses.Select(b => b.Id).Concat(result.DecisionMakers.Select(p => p.Id)).ToList();
        for (var i = 0; i < leads.Count; i += 10)
        {
            await store.SetAnnotationAsync(Tenant, _search, new LeadAnnotation(leads[i], statuses[i / 10 % 3], "Benchmark note " + i.ToString(CultureInfo.InvariantCulture), DateTimeOffset.UtcNow));
        }

        _tables = new LeadTables(_services.GetRequiredService<SearchReader>(), store, TimeProvider.System);
        var country = result.Businesses.GroupBy(b => b.Country).OrderByDescending(g => g.Count()).First().Key;
        // A filtered, sorted middle page: every row is built, filtered and sorted before the page is cut.
        _businessQuery = Q(("q", "a"), ("country", country), ("minFit", "0.3"), ("hasPhone", "true"), ("sort", "-fitScore"), ("page", "2"));
        _peopleQuery = Q(("minFit", "0.3"), ("sort", "-matchScore"), ("page", "3"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"// lead tables ({Store}): {result.Businesses.Count:N0} businesses (+{result.ExcludedBusinesses.Count:N0} excluded), {result.DecisionMakers.Count:N0} decision makers, {leads.Count / 10 + 1:N0} annotations; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}"));
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _services.DisposeAsync();
        await _sandbox.DisposeAsync();
    }

    /// <summary>A businesses page, as the API answers it.</summary>
    [Benchmark]
    public async Task<long> Businesses()
    {
        var (query, _) = LeadQuery.Parse(_businessQuery, LeadTable.Businesses);
        var page = await _tables.BusinessesAsync(Tenant, _search, query!, CancellationToken.None);
        return await SizeAsync(page!);
    }

    /// <summary>A decision-makers page, as the API answers it.</summary>
    [Benchmark]
    public async Task<long> DecisionMakers()
    {
        var (query, _) = LeadQuery.Parse(_peopleQuery, LeadTable.DecisionMakers);
        var page = await _tables.DecisionMakersAsync(Tenant, _search, query!, CancellationToken.None);
        return await SizeAsync(page!);
    }

    private static async Task<long> SizeAsync<T>(T page)
    {
        await using var stream = new MemoryStream();
        await JsonSerializer.SerializeAsync(stream, page, ApiJson);
        return stream.Length;
    }

    private static QueryCollection Q(params (string Key, string Value)[] pairs) =>
        new(pairs.ToDictionary(p => p.Key, p => new StringValues(p.Value), StringComparer.OrdinalIgnoreCase));

    /// <summary>
    /// In process (the search is set up once per case, and a separately built benchmark exe takes longer than
    /// BenchmarkDotNet's build timeout on a busy machine), each invocation one page request, with the p95 column.
    /// </summary>
    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddJob(Job.Default.WithStrategy(RunStrategy.Monitoring).WithWarmupCount(3).WithIterationCount(40).WithInvocationCount(1).WithUnrollFactor(1)
                .WithToolchain(InProcessEmitToolchain.Instance));
            AddColumn(StatisticColumn.P95);
        }
    }
}
