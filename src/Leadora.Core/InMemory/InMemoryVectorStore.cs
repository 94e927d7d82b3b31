using System.Collections.Concurrent;
using Leadora.Embeddings;
using Leadora.Ports;

namespace Leadora.InMemory;

/// <summary>The embedded vector store: exact top-k cosine search with SIMD, per scope.</summary>
public sealed class InMemoryVectorStore : IVectorStore
{
    private readonly ConcurrentDictionary<VectorScope, ConcurrentDictionary<Guid, ReadOnlyMemory<float>>> _scopes = new();

    /// <inheritdoc />
    public Task UpsertAsync(VectorScope scope, IReadOnlyList<VectorRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        var vectors = _scopes.GetOrAdd(scope, _ => new ConcurrentDictionary<Guid, ReadOnlyMemory<float>>());
        foreach (var record in records)
        {
            vectors[record.Id] = record.Vector.ToArray();
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<IReadOnlyList<VectorMatch>>> SearchAsync(VectorScope scope, IReadOnlyList<ReadOnlyMemory<float>> queries, int top, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(queries);
        var candidates = _scopes.TryGetValue(scope, out var vectors)
            ? vectors.Select(kv => (kv.Key, kv.Value)).ToList()
            : [];
        IReadOnlyList<IReadOnlyList<VectorMatch>> results = queries
            .Select(q => (IReadOnlyList<VectorMatch>)VectorMath.TopK(q.Span, candidates, top).Select(m => new VectorMatch(m.Id, m.Score)).ToList())
            .ToList();
        return Task.FromResult(results);
    }

    /// <inheritdoc />
    public Task<int> CountAsync(VectorScope scope, CancellationToken cancellationToken = default) =>
        Task.FromResult(_scopes.TryGetValue(scope, out var vectors) ? vectors.Count : 0);
}
