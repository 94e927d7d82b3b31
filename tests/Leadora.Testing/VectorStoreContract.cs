using Leadora.Embeddings;
using Leadora.InMemory;
using Leadora.Ports;

namespace Leadora.Testing;

/// <summary>Behaviour every <see cref="IVectorStore"/> adapter must have, checked against exact in-memory search.</summary>
public abstract class VectorStoreContract
{
    /// <summary>A new, empty store for vectors of <paramref name="dimensions"/> dimensions.</summary>
    protected abstract Task<IVectorStore> CreateStoreAsync(int dimensions);

    private static float[] Embed(string text, int dimensions)
    {
        var vector = new float[dimensions];
        HashingEmbeddingGenerator.Embed(text, vector);
        return vector;
    }

    [Fact]
    public async Task Top_k_equals_the_in_memory_store_and_scores_are_cosines()
    {
        const int dimensions = 256;
        var store = await CreateStoreAsync(dimensions);
        var reference = new InMemoryVectorStore();
        var scope = new VectorScope("tenant-a", Guid.NewGuid(), VectorKind.DecisionMakerPersona);
        var texts = new[] { "Head of Procurement", "Plant Manager", "Operations Director", "Chief Financial Officer", "Water treatment engineer", "Sales director" };
        var records = texts.Select(t => new VectorRecord(Guid.NewGuid(), Embed(t, dimensions))).ToList();
        await store.UpsertAsync(scope, records);
        await reference.UpsertAsync(scope, records);

        var queries = new[] { "Procurement Manager at Najd", "Senior Plant Manager", "CFO", "Operations and maintenance director" }
            .Select(q => (ReadOnlyMemory<float>)Embed(q, dimensions)).ToList();
        var actual = await store.SearchAsync(scope, queries, 3);
        var expected = await reference.SearchAsync(scope, queries, 3);
        Assert.Equal(queries.Count, actual.Count);
        for (var i = 0; i < queries.Count; i++)
        {
            Assert.Equal(expected[i].Select(m => m.Id), actual[i].Select(m => m.Id));
            for (var j = 0; j < expected[i].Count; j++)
            {
                Assert.Equal(expected[i][j].Score, actual[i][j].Score, 4);
                Assert.InRange(actual[i][j].Score, -1, 1);
            }
        }
    }

    [Fact]
    public async Task Upsert_replaces_and_scopes_do_not_mix()
    {
        const int dimensions = 64;
        var store = await CreateStoreAsync(dimensions);
        var search = Guid.NewGuid();
        var scope = new VectorScope("tenant-a", search, VectorKind.BusinessPersona);
        var otherKind = scope with { Kind = VectorKind.DecisionMakerPersona };
        var otherTenant = scope with { TenantId = "tenant-b" };
        var id = Guid.NewGuid();
        await store.UpsertAsync(scope, [new VectorRecord(id, Embed("petrochemical plant", dimensions))]);
        await store.UpsertAsync(scope, [new VectorRecord(id, Embed("power station", dimensions))]);
        await store.UpsertAsync(otherKind, [new VectorRecord(Guid.NewGuid(), Embed("power station", dimensions))]);
        Assert.Equal(1, await store.CountAsync(scope));
        Assert.Equal(0, await store.CountAsync(otherTenant));
        var hit = Assert.Single(Assert.Single(await store.SearchAsync(scope, [Embed("power station", dimensions)], 5)));
        Assert.Equal(id, hit.Id);
        Assert.Equal(1.0, hit.Score, 4);
        Assert.Empty(Assert.Single(await store.SearchAsync(otherTenant, [Embed("power station", dimensions)], 5)));
    }
}
