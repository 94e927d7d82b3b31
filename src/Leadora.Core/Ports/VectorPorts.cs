namespace Leadora.Ports;

/// <summary>What a stored vector embeds.</summary>
public enum VectorKind
{
    /// <summary>A business persona.</summary>
    BusinessPersona,

    /// <summary>A decision-maker persona.</summary>
    DecisionMakerPersona,

    /// <summary>A business.</summary>
    Business,

    /// <summary>A decision maker.</summary>
    DecisionMaker,
}

/// <summary>A set of vectors searched together: one kind, in one search, of one tenant.</summary>
/// <param name="TenantId">Tenant.</param>
/// <param name="SearchId">Search.</param>
/// <param name="Kind">Kind of entity embedded.</param>
public readonly record struct VectorScope(string TenantId, Guid SearchId, VectorKind Kind);

/// <summary>A vector for an entity.</summary>
/// <param name="Id">Entity id.</param>
/// <param name="Vector">Embedding.</param>
public sealed record VectorRecord(Guid Id, ReadOnlyMemory<float> Vector);

/// <summary>A search hit.</summary>
/// <param name="Id">Entity id.</param>
/// <param name="Score">Cosine similarity in [-1, 1].</param>
public readonly record struct VectorMatch(Guid Id, double Score);

/// <summary>Port: vector storage with top-k cosine search.</summary>
public interface IVectorStore
{
    /// <summary>Inserts or replaces vectors by entity id.</summary>
    Task UpsertAsync(VectorScope scope, IReadOnlyList<VectorRecord> records, CancellationToken cancellationToken = default);

    /// <summary>For each query vector, the <paramref name="top"/> most similar vectors in the scope, best first (ties by id).</summary>
    Task<IReadOnlyList<IReadOnlyList<VectorMatch>>> SearchAsync(VectorScope scope, IReadOnlyList<ReadOnlyMemory<float>> queries, int top, CancellationToken cancellationToken = default);

    /// <summary>Number of vectors in the scope.</summary>
    Task<int> CountAsync(VectorScope scope, CancellationToken cancellationToken = default);
}
