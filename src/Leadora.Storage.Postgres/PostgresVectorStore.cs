using Leadora.Embeddings;
using Leadora.Ports;
using Pgvector;

namespace Leadora.Storage.Postgres;

/// <summary>
/// The vector store on pgvector. Upserts go in one round trip per batch; a search for many query vectors is one round trip
/// (<c>unnest</c> of the queries and a <c>LATERAL … ORDER BY embedding &lt;=&gt; query</c> per query over the scope's vectors).
/// Search is exact within the scope (a search's personas or entities of one kind), as in memory: pgvector picks a few more
/// candidates than asked (<see cref="CandidateMargin"/>) by cosine distance, and they are ranked with the same SIMD cosine as
/// the in-memory store, so scores (cosine similarity in [-1, 1]) and the order of near-ties are identical to it, ties by id.
/// The HNSW index serves the SQL matching functions and ad-hoc queries across a scope too large to scan.
/// </summary>
public sealed class PostgresVectorStore : IVectorStore
{
    /// <summary>Extra candidates fetched per query beyond <c>top</c>, so single-precision near-ties rank exactly as in memory.</summary>
    public const int CandidateMargin = 4;

    private readonly PostgresDatabase _db;
    private readonly TimeProvider _time;

    /// <summary>Creates the store.</summary>
    public PostgresVectorStore(PostgresDatabase database, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(database);
        _db = database;
        _time = time;
    }

    /// <inheritdoc />
    public async Task UpsertAsync(VectorScope scope, IReadOnlyList<VectorRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        var last = new Dictionary<Guid, ReadOnlyMemory<float>>();
        foreach (var record in records)
        {
            CheckDimensions(record.Vector.Length, $"The embedding of {record.Id}");
            last[record.Id] = record.Vector;
        }

        if (last.Count == 0)
        {
            return;
        }

        await using var command = await _db.CommandAsync(_db.Sql("""
            INSERT INTO {s}.embeddings (tenant_id, search_id, kind, entity_id, embedding, updated_at)
            SELECT @tenant, @search, @kind, v.id, v.embedding, @at FROM unnest(@ids, @vectors) AS v(id, embedding)
            ON CONFLICT (tenant_id, search_id, kind, entity_id) DO UPDATE SET embedding = excluded.embedding, updated_at = excluded.updated_at
            """), cancellationToken).ConfigureAwait(false);
        command.Parameters.AddWithValue("tenant", scope.TenantId);
        command.Parameters.AddWithValue("search", scope.SearchId);
        command.Parameters.AddWithValue("kind", (short)scope.Kind);
        command.Parameters.AddWithValue("ids", last.Keys.ToArray());
        command.Parameters.AddWithValue("vectors", last.Values.Select(v => new Vector(v)).ToArray());
        command.Parameters.AddWithValue("at", Db.Utc(_time.GetUtcNow()));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<IReadOnlyList<VectorMatch>>> SearchAsync(VectorScope scope, IReadOnlyList<ReadOnlyMemory<float>> queries, int top, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(queries);
        foreach (var query in queries)
        {
            CheckDimensions(query.Length, "A query vector");
        }

        if (queries.Count == 0)
        {
            return [];
        }

        if (top <= 0)
        {
            return queries.Select(_ => (IReadOnlyList<VectorMatch>)[]).ToList();
        }

        await using var command = await _db.CommandAsync(_db.Sql("""
            WITH scope AS MATERIALIZED (
                -- Exact search within the scope (one search's vectors of one kind, read by primary key), never the approximate
                -- HNSW index, whose post-filtering could return fewer than top rows for a small scope in a large table.
                SELECT entity_id, embedding FROM {s}.embeddings
                WHERE tenant_id = @tenant AND search_id = @search AND kind = @kind
            )
            SELECT q.ordinal, m.entity_id, m.embedding
            FROM unnest(@queries) WITH ORDINALITY AS q(embedding, ordinal)
            CROSS JOIN LATERAL (
                SELECT s.entity_id, s.embedding FROM scope s
                ORDER BY s.embedding <=> q.embedding
                LIMIT @candidates
            ) m
            """), cancellationToken).ConfigureAwait(false);
        command.Parameters.AddWithValue("tenant", scope.TenantId);
        command.Parameters.AddWithValue("search", scope.SearchId);
        command.Parameters.AddWithValue("kind", (short)scope.Kind);
        command.Parameters.AddWithValue("queries", queries.Select(q => new Vector(q)).ToArray());
        command.Parameters.AddWithValue("candidates", top + CandidateMargin);

        var candidates = queries.Select(_ => new List<(Guid Id, ReadOnlyMemory<float> Vector)>()).ToList();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var ordinal = (int)reader.GetInt64(0) - 1;
                candidates[ordinal].Add((reader.GetGuid(1), reader.GetFieldValue<Vector>(2).Memory));
            }
        }

        return queries
            .Select((query, i) => (IReadOnlyList<VectorMatch>)VectorMath.TopK(query.Span, candidates[i], top).Select(m => new VectorMatch(m.Id, m.Score)).ToList())
            .ToList();
    }

    /// <inheritdoc />
    public async Task<int> CountAsync(VectorScope scope, CancellationToken cancellationToken = default)
    {
        await using var command = await _db.CommandAsync(_db.Sql("""
            SELECT count(*)::int FROM {s}.embeddings WHERE tenant_id = @tenant AND search_id = @search AND kind = @kind
            """), cancellationToken).ConfigureAwait(false);
        command.Parameters.AddWithValue("tenant", scope.TenantId);
        command.Parameters.AddWithValue("search", scope.SearchId);
        command.Parameters.AddWithValue("kind", (short)scope.Kind);
        return (int)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private void CheckDimensions(int length, string what)
    {
        if (length != _db.Options.VectorDimensions)
        {
            throw new ArgumentException(
                $"{what} has {length} dimensions, but Leadora:Postgres:VectorDimensions is {_db.Options.VectorDimensions}. " +
                "Set it to the embedding model's dimensions (text-embedding-3-small: 1536) before the schema is created.");
        }
    }
}
