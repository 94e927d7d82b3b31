using Leadora.Embeddings;
using Leadora.InMemory;
using Leadora.Ports;
using Leadora.Storage.Postgres.Tests.Infrastructure;
using Npgsql;

namespace Leadora.Storage.Postgres.Tests;

/// <summary>
/// Acceptance 5: a query with another tenant's id returns nothing, on every read path. The lead store's and the queue's read
/// paths are checked by the shared contracts (run against PostgreSQL in <see cref="PostgresLeadStoreContractTests"/> and
/// <see cref="PostgresJobQueueContractTests"/>); this covers the rest: vectors, usage, the response cache and the SQL functions.
/// </summary>
public sealed class TenantIsolationTests(PostgresDatabaseFixture fixture) : IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public async Task Vectors_usage_cache_and_sql_functions_are_scoped_by_tenant()
    {
        var options = fixture.Options(dimensions: 64);
        var database = fixture.Open(options);
        var vectors = new PostgresVectorStore(database, TimeProvider.System);
        var usage = new PostgresUsageLedger(database);
        var cache = new PostgresResponseCache(database, TimeProvider.System);
        var search = Guid.NewGuid();
        var persona = Guid.NewGuid();
        var business = Guid.NewGuid();
        var person = Guid.NewGuid();
        var vector = Embed("petrochemical plant", 64);
        foreach (var (kind, id) in new[] { (VectorKind.BusinessPersona, persona), (VectorKind.DecisionMakerPersona, persona), (VectorKind.Business, business), (VectorKind.DecisionMaker, person) })
        {
            await vectors.UpsertAsync(new VectorScope("tenant-a", search, kind), [new VectorRecord(id, vector)]);
        }

        await usage.RecordAsync(new UsageEntry { TenantId = "tenant-a", SearchId = search, Provider = "serper", Operation = "places", At = DateTimeOffset.UtcNow, CostUsd = 0.001m });
        await cache.SetAsync("tenant-a", "serper:places:q", "serper", "{}", TimeSpan.FromHours(1));
        Assert.NotNull(await cache.GetAsync("tenant-a", "serper:places:q"));

        // The owner sees everything…
        Assert.Single(Assert.Single(await vectors.SearchAsync(new VectorScope("tenant-a", search, VectorKind.Business), [vector], 5)));
        Assert.Single(await usage.SummarizeAsync("tenant-a", search));
        Assert.Single(await QueryIdsAsync(options, "match_business_best_persona", "tenant-a", business));
        Assert.Single(await QueryIdsAsync(options, "match_dm_top2_personas", "tenant-a", person));

        // …another tenant with the same search and entity ids sees nothing.
        foreach (var kind in Enum.GetValues<VectorKind>())
        {
            var scope = new VectorScope("tenant-b", search, kind);
            Assert.Equal(0, await vectors.CountAsync(scope));
            Assert.Empty(Assert.Single(await vectors.SearchAsync(scope, [vector], 5)));
        }

        Assert.Empty(await usage.SummarizeAsync("tenant-b", search));
        Assert.Null(await cache.GetAsync("tenant-b", "serper:places:q"));

        Assert.Null(await cache.GetAsync(Leadora.Usage.UsageRecorder.SystemTenant, "serper:places:q"));
        Assert.Empty(await QueryIdsAsync(options, "match_business_best_persona", "tenant-b", business));
        Assert.Empty(await QueryIdsAsync(options, "match_dm_top2_personas", "tenant-b", person));
    }

    internal static float[] Embed(string text, int dimensions)
    {
        var vector = new float[dimensions];
        HashingEmbeddingGenerator.Embed(text, vector);
        return vector;
    }

    private async Task<List<Guid>> QueryIdsAsync(PostgresStorageOptions options, string function, string tenant, Guid id) =>
        (await QueryAsync(options, function, tenant, id)).Select(m => m.Id).ToList();

    private Task<List<VectorMatch>> QueryAsync(PostgresStorageOptions options, string function, string tenant, Guid id) => MatchAsync(fixture.ConnectionString, options, function, tenant, id);

    internal static async Task<List<VectorMatch>> MatchAsync(string database, PostgresStorageOptions options, string function, string tenant, Guid id)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT persona_id, similarity FROM \"{options.Schema}\".{function}(@tenant, @id)", connection);
        command.Parameters.AddWithValue("tenant", tenant);
        command.Parameters.AddWithValue("id", id);
        var matches = new List<VectorMatch>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            matches.Add(new VectorMatch(reader.GetGuid(0), reader.GetDouble(1)));
        }

        return matches;
    }
}
