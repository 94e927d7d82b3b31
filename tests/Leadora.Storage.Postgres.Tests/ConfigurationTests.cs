using Leadora.Ports;
using Leadora.Storage.Postgres.Tests.Infrastructure;
using Leadora.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Leadora.Storage.Postgres.Tests;

/// <summary>Connection strings in both forms, start-up validation that names the setting, and what UsePostgres registers.</summary>
public sealed class ConfigurationTests
{
    [Fact]
    public void Urls_become_npgsql_connection_strings()
    {
        var builder = new NpgsqlConnectionStringBuilder(PostgresConnectionString.Normalize(
            "postgresql://postgres.abcd:p%40ss%3Aw0rd%2F@aws-0-eu-central-1.pooler.supabase.com:5432/postgres?sslmode=require&application_name=leadora-worker&pgbouncer=true"));
        Assert.Equal("aws-0-eu-central-1.pooler.supabase.com", builder.Host);
        Assert.Equal(5432, builder.Port);
        Assert.Equal("postgres.abcd", builder.Username);
        Assert.Equal("p@ss:w0rd/", builder.Password);
        Assert.Equal("postgres", builder.Database);
        Assert.Equal(SslMode.Require, builder.SslMode);
        Assert.Equal("leadora-worker", builder.ApplicationName);

        var heroku = new NpgsqlConnectionStringBuilder(PostgresConnectionString.Normalize("postgres://u:p@db.example.com/d1"));
        Assert.Equal((5432, "u", "p", "d1"), (heroku.Port, heroku.Username, heroku.Password, heroku.Database));

        var keywords = new NpgsqlConnectionStringBuilder(PostgresConnectionString.Normalize("Host=localhost;Port=6543;Username=app;Password=secret;Database=leads"));
        Assert.Equal((6543, "secret"), (keywords.Port, keywords.Password));
    }

    [Theory]
    [InlineData("postgres://user:hunter2@host:5432/db?sslmode=sometimes", "sslmode")]
    [InlineData("postgres://user:hunter2@host:5432/db?tcp_keepalive=yes", "tcp_keepalive")]
    [InlineData("Host=h;Password=hunter2;Colour=blue", "not an Npgsql connection string")]
    [InlineData("Username=u;Password=hunter2", "no host")]
    public void Bad_connection_strings_are_explained_without_the_password(string value, string expected)
    {
        Assert.False(PostgresConnectionString.TryNormalize(value, out _, out var problem));
        Assert.Contains(expected, problem);
        Assert.DoesNotContain("hunter2", problem);
        Assert.DoesNotContain("hunter2", PostgresConnectionString.Describe(value));
    }

    [Fact]
    public void Describe_never_shows_the_password()
    {
        var description = PostgresConnectionString.Describe("postgres://app:hunter2@db.example.com:5433/leads");
        Assert.Equal("Host=db.example.com;Port=5433;Database=leads;Username=app", description);
    }

    [Fact]
    public void Start_up_validation_names_each_bad_setting()
    {
        using var services = Build(new Dictionary<string, string?>
        {
            ["Leadora:Postgres:ConnectionString"] = "postgres://app:hunter2@db/leads?sslmode=maybe",
            ["Leadora:Postgres:Schema"] = "Leadora-Prod",
            ["Leadora:Postgres:VectorDimensions"] = "3072",
        });
        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<PostgresStorageOptions>>().Value);
        Assert.Contains(error.Failures, f => f.StartsWith("Leadora:Postgres:ConnectionString (or LEADORA_DATABASE_URL) is not valid: sslmode", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Leadora:Postgres:Schema is 'Leadora-Prod'", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Leadora:Postgres:VectorDimensions is 3072", StringComparison.Ordinal));
        Assert.All(error.Failures, f => Assert.DoesNotContain("hunter2", f));

        using var missing = Build([]);
        var none = Assert.Throws<OptionsValidationException>(() => missing.GetRequiredService<IOptions<PostgresStorageOptions>>().Value);
        Assert.Contains("LEADORA_DATABASE_URL", Assert.Single(none.Failures));
    }

    [Fact]
    public void UsePostgres_replaces_every_in_memory_adapter_and_reads_LEADORA_DATABASE_URL()
    {
        using var services = Build(new Dictionary<string, string?> { ["LEADORA_DATABASE_URL"] = "postgres://app:pw@db.example.com/leads" });
        Assert.IsType<PostgresLeadStore>(services.GetRequiredService<ILeadStore>());
        Assert.IsType<PostgresVectorStore>(services.GetRequiredService<IVectorStore>());
        Assert.IsType<PostgresJobQueue>(services.GetRequiredService<IJobQueue>());
        Assert.IsType<PostgresResponseCache>(services.GetRequiredService<IResponseCache>());
        Assert.IsType<PostgresUsageLedger>(services.GetRequiredService<IUsageLedger>());
        Assert.Same(services.GetRequiredService<PostgresJobQueue>(), services.GetRequiredService<IJobQueue>());
        var options = services.GetRequiredService<IOptions<PostgresStorageOptions>>().Value;
        Assert.Equal("postgres://app:pw@db.example.com/leads", options.ConnectionString);
        Assert.Equal(("leadora", 1536, true, false), (options.Schema, options.VectorDimensions, options.ApplyMigrationsOnStartup, options.EnableSupabaseRowLevelSecurity));
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddLeadora(new ConfigurationBuilder().AddInMemoryCollection(settings).Build()).UseHashingEmbeddings().UsePostgres();
        return services.BuildServiceProvider();
    }
}

/// <summary>A whole offline search in this process on PostgreSQL gives what the in-memory run gives.</summary>
public sealed class PipelineTests(PostgresDatabaseFixture fixture) : IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public async Task An_offline_search_on_postgres_finds_what_the_in_memory_run_finds()
    {
        LeadSearchResult expected;
        await using (var memory = await SandboxLeadora.StartAsync())
        {
            expected = await memory.RunAsync(SandboxLeadora.SmallRequest);
        }

        var options = fixture.Options(dimensions: 1536);
        await using var postgres = await SandboxLeadora.StartAsync(services: b => b.UsePostgres(o =>
        {
            o.ConnectionString = options.ConnectionString;
            o.Schema = options.Schema;
        }));
        var actual = await postgres.RunAsync(SandboxLeadora.SmallRequest);

        Assert.Equal(SearchStatus.Completed, actual.Search.Status);
        Assert.Equal(expected.Progress.Counts, actual.Progress.Counts);
        Assert.Equal(expected.Businesses.Select(b => b.Name), actual.Businesses.Select(b => b.Name));
        Assert.Equal(expected.DecisionMakers.Select(d => d.LinkedInUrl).Order(StringComparer.Ordinal), actual.DecisionMakers.Select(d => d.LinkedInUrl).Order(StringComparer.Ordinal));
        Assert.Equal(expected.Businesses.Select(b => b.PersonaMatch?.Score), actual.Businesses.Select(b => b.PersonaMatch?.Score));
        Assert.Equal(expected.Usage.Select(u => (u.Provider, u.Operation, u.Calls)), actual.Usage.Select(u => (u.Provider, u.Operation, u.Calls)));
        Assert.Equal(expected.Market!.Sources.Select(s => s.Url), actual.Market!.Sources.Select(s => s.Url));
        Assert.IsType<PostgresLeadStore>(postgres.Store);
    }
}

/// <summary>UsePostgres with the application's own NpgsqlDataSource from DI (as Aspire registers one).</summary>
public sealed class DataSourceFromServicesTests(PostgresDatabaseFixture fixture) : IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public async Task The_stores_and_the_migrator_use_the_applications_data_source_and_leave_it_open()
    {
        var builder = new NpgsqlDataSourceBuilder(fixture.ConnectionString);
        builder.UseVector();
        await using var dataSource = builder.Build();
        var schema = PostgresDatabaseFixture.NewSchema();
        var search = new LeadSearch
        {
            Id = Guid.NewGuid(),
            TenantId = "tenant-a",
            SearchType = SearchType.Customer,
            ProductService = "Industrial water-treatment chemicals",
            Industries = ["Petrochemicals"],
            Countries = ["SA"],
            Limits = new SearchLimits(),
            CreatedAt = DateTimeOffset.UtcNow,
        };

        var services = new ServiceCollection();
        services.AddSingleton(dataSource);
        services.AddLeadora(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Leadora:Postgres:ConnectionString"] = "" }).Build())
            .UseHashingEmbeddings()
            .UsePostgres(sp => sp.GetRequiredService<NpgsqlDataSource>(), o =>
            {
                o.Schema = schema;
                o.VectorDimensions = 64;
            });
        await using (var provider = services.BuildServiceProvider())
        {
            Assert.Same(dataSource, provider.GetRequiredService<PostgresDatabase>().DataSource);
            var store = provider.GetRequiredService<ILeadStore>();
            await store.CreateSearchAsync(search);
            Assert.Equal(search.Id, (await store.GetSearchAsync("tenant-a", search.Id))!.Id);
            var vectors = provider.GetRequiredService<IVectorStore>();
            var scope = new VectorScope("tenant-a", search.Id, VectorKind.Business);
            await vectors.UpsertAsync(scope, [new VectorRecord(Guid.NewGuid(), TenantIsolationTests.Embed("refinery", 64))]);
            Assert.Equal(1, await vectors.CountAsync(scope));
        }

        // The application's data source outlives Leadora's container, and the migrations went into the chosen schema.
        await using var command = dataSource.CreateCommand($"SELECT count(*) FROM {schema}.searches");
        Assert.Equal(1L, await command.ExecuteScalarAsync());
    }
}
