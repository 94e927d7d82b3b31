using Leadora.InMemory;
using Leadora.Ports;
using Leadora.Storage.Postgres.Tests.Infrastructure;

namespace Leadora.Storage.Postgres.Tests;

/// <summary>Behaviour of the Postgres adapters beyond the shared contracts: SQL matching functions, dimensions, cache expiry, usage sums.</summary>
public sealed class AdapterTests(PostgresDatabaseFixture fixture) : IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public async Task The_sql_persona_matching_functions_agree_with_the_in_memory_store()
    {
        const int dimensions = 256;
        var options = fixture.Options(dimensions: dimensions);
        var vectors = new PostgresVectorStore(fixture.Open(options), TimeProvider.System);
        var reference = new InMemoryVectorStore();
        var search = Guid.NewGuid();
        var businessPersonas = new[] { "Petrochemical plant operator", "Power station utility", "Desalination contractor" }.Select(t => new VectorRecord(Guid.NewGuid(), TenantIsolationTests.Embed(t, dimensions))).ToList();
        var dmPersonas = new[] { "Head of Procurement", "Plant Manager", "Water Treatment Engineer", "Chief Financial Officer" }.Select(t => new VectorRecord(Guid.NewGuid(), TenantIsolationTests.Embed(t, dimensions))).ToList();
        var businesses = new[] { "Najd Petrochemical Company refinery", "Gulf Power generation station", "Coastal desalination works" }.Select(t => new VectorRecord(Guid.NewGuid(), TenantIsolationTests.Embed(t, dimensions))).ToList();
        var people = new[] { "Procurement Manager at Najd", "Senior Plant Manager", "Water treatment process engineer" }.Select(t => new VectorRecord(Guid.NewGuid(), TenantIsolationTests.Embed(t, dimensions))).ToList();
        foreach (var store in new IVectorStore[] { vectors, reference })
        {
            await store.UpsertAsync(new VectorScope("tenant-a", search, VectorKind.BusinessPersona), businessPersonas);
            await store.UpsertAsync(new VectorScope("tenant-a", search, VectorKind.DecisionMakerPersona), dmPersonas);
            await store.UpsertAsync(new VectorScope("tenant-a", search, VectorKind.Business), businesses);
            await store.UpsertAsync(new VectorScope("tenant-a", search, VectorKind.DecisionMaker), people);
        }

        var expectedBest = await reference.SearchAsync(new VectorScope("tenant-a", search, VectorKind.BusinessPersona), businesses.Select(b => b.Vector).ToList(), 1);
        for (var i = 0; i < businesses.Count; i++)
        {
            var actual = await TenantIsolationTests.MatchAsync(fixture.ConnectionString, options, "match_business_best_persona", "tenant-a", businesses[i].Id);
            Assert.Equal(expectedBest[i].Select(m => m.Id), actual.Select(m => m.Id));
            Assert.Equal(expectedBest[i][0].Score, actual[0].Score, 5);
        }

        var expectedTop2 = await reference.SearchAsync(new VectorScope("tenant-a", search, VectorKind.DecisionMakerPersona), people.Select(p => p.Vector).ToList(), 2);
        for (var i = 0; i < people.Count; i++)
        {
            var actual = await TenantIsolationTests.MatchAsync(fixture.ConnectionString, options, "match_dm_top2_personas", "tenant-a", people[i].Id);
            Assert.Equal(expectedTop2[i].Select(m => m.Id), actual.Select(m => m.Id));
            for (var j = 0; j < 2; j++)
            {
                Assert.Equal(expectedTop2[i][j].Score, actual[j].Score, 5);
            }
        }
    }

    [Fact]
    public async Task A_small_scope_in_a_large_table_is_searched_exactly_and_matched_by_the_sql_functions()
    {
        const int dimensions = 16;
        var options = fixture.Options(dimensions: dimensions);
        var vectors = new PostgresVectorStore(fixture.Open(options), TimeProvider.System);
        var reference = new InMemoryVectorStore();
        var search = Guid.NewGuid();
        var personas = new[] { "Head of Procurement", "Plant Manager", "Chief Financial Officer" }.Select(t => new VectorRecord(Guid.NewGuid(), TenantIsolationTests.Embed(t, dimensions))).ToList();
        var person = new VectorRecord(Guid.NewGuid(), TenantIsolationTests.Embed("Procurement Manager at Najd", dimensions));
        foreach (var store in new IVectorStore[] { vectors, reference })
        {
            await store.UpsertAsync(new VectorScope("tenant-a", search, VectorKind.DecisionMakerPersona), personas);
            await store.UpsertAsync(new VectorScope("tenant-a", search, VectorKind.DecisionMaker), [person]);
        }

        // 4,000 persona vectors of other searches: enough that the planner serves the SQL functions from the HNSW index.
        await using (var connection = new Npgsql.NpgsqlConnection(fixture.ConnectionString))
        {
            await connection.OpenAsync();
            await using var fill = new Npgsql.NpgsqlCommand($"""
                INSERT INTO "{options.Schema}".embeddings
                SELECT 'tenant-a', gen_random_uuid(), 1, gen_random_uuid(), ('[' || array_to_string(array(SELECT random() - 0.5 FROM generate_series(1, {dimensions}) WHERE g > 0), ',') || ']')::vector, now()
                FROM generate_series(1, 4000) g;
                ANALYZE "{options.Schema}".embeddings;
                """, connection);
            await fill.ExecuteNonQueryAsync();
        }

        var scope = new VectorScope("tenant-a", search, VectorKind.DecisionMakerPersona);
        var expected = Assert.Single(await reference.SearchAsync(scope, [person.Vector], 2));
        var actual = Assert.Single(await vectors.SearchAsync(scope, [person.Vector], 2));
        Assert.Equal(expected, actual);
        var matched = await TenantIsolationTests.MatchAsync(fixture.ConnectionString, options, "match_dm_top2_personas", "tenant-a", person.Id);
        Assert.Equal(expected.Select(m => m.Id), matched.Select(m => m.Id));
    }

    [Fact]
    public async Task Vectors_of_the_wrong_dimension_are_refused_naming_the_setting()
    {
        var vectors = new PostgresVectorStore(fixture.Open(fixture.Options(dimensions: 64)), TimeProvider.System);
        var scope = new VectorScope("tenant-a", Guid.NewGuid(), VectorKind.Business);
        var error = await Assert.ThrowsAsync<ArgumentException>(() => vectors.UpsertAsync(scope, [new VectorRecord(Guid.NewGuid(), new float[1536])]));
        Assert.Contains("Leadora:Postgres:VectorDimensions is 64", error.Message);
        await Assert.ThrowsAsync<ArgumentException>(() => vectors.SearchAsync(scope, [new float[32]], 3));
    }

    [Fact]
    public async Task Usage_sums_per_provider_and_operation_like_the_in_memory_ledger()
    {
        var ledger = new PostgresUsageLedger(fixture.Open(fixture.Options()));
        var reference = new InMemoryUsageLedger();
        var search = Guid.NewGuid();
        var entries = new[]
        {
            new UsageEntry { TenantId = "t", SearchId = search, Provider = "openai", Operation = "chat.primary", Model = "gpt-5", InputTokens = 1200, OutputTokens = 300, Items = 1, CostUsd = 0.0045m, At = DateTimeOffset.UtcNow },
            new UsageEntry { TenantId = "t", SearchId = search, Provider = "openai", Operation = "chat.primary", Model = "gpt-5", InputTokens = 800, OutputTokens = 100, Items = 1, CacheHit = true, At = DateTimeOffset.UtcNow },
            new UsageEntry { TenantId = "t", SearchId = search, Provider = "serper", Operation = "places", Items = 20, Fallback = true, CostUsd = 0.001m, At = DateTimeOffset.UtcNow },
            new UsageEntry { TenantId = "t", SearchId = search, Provider = "serper", Operation = "places", Failed = true, At = DateTimeOffset.UtcNow },
            new UsageEntry { TenantId = "t", SearchId = Guid.NewGuid(), Provider = "serper", Operation = "search", At = DateTimeOffset.UtcNow },
        };
        foreach (var entry in entries)
        {
            await ledger.RecordAsync(entry);
            await reference.RecordAsync(entry);
        }

        Assert.Equal(await reference.SummarizeAsync("t", search), await ledger.SummarizeAsync("t", search));
    }
}

/// <summary>Core's <see cref="Jobs.JobSweeper"/> over the Postgres queue and cache, with a driven clock.</summary>
public sealed class SweeperTests(PostgresDatabaseFixture fixture) : IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public async Task A_sweep_requeues_expired_leases_dead_letters_expired_last_attempts_and_purges_the_cache()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
        var jobs = new JobQueueOptions { LeaseDuration = TimeSpan.FromSeconds(30), MaxAttempts = 1 };
        var database = fixture.Open(fixture.Options());
        var queue = fixture.Queue(database, time, jobs);
        var cache = new PostgresResponseCache(database, time);
        var sweeper = new Jobs.JobSweeper(queue, cache, Microsoft.Extensions.Options.Options.Create(new LeadoraOptions { Jobs = jobs }), time, Microsoft.Extensions.Logging.Abstractions.NullLogger<Jobs.JobSweeper>.Instance);
        var search = Guid.NewGuid();
        await queue.EnqueueAsync([new JobRequest("discovery", "t", search, $"{search:N}:last", "{}")]);
        _ = Assert.Single(await queue.ClaimAsync("crashed", 1));
        await cache.SetAsync("t", "k", "serper", "{}", TimeSpan.FromSeconds(10));
        Assert.Equal((0, 0), await sweeper.SweepOnceAsync());

        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal((0, 1), await sweeper.SweepOnceAsync());
        var job = Assert.Single(await queue.ListAsync("t", search));
        Assert.Equal(JobState.DeadLettered, job.State);
        Assert.Equal("The lease expired on the last attempt.", job.LastError);
    }
}
