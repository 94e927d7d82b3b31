using System.Collections.Concurrent;
using Leadora.Embeddings;
using Leadora.Ports;
using Leadora.Resilience;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Leadora.Matching;

/// <summary>
/// Embeds personas and the entities mapped to them, and ranks personas for each entity by cosine similarity. When the
/// embedding provider is unavailable it ranks with local hashing embeddings of both sides (method <see cref="MatchMethod.Heuristic"/>)
/// and raises a warning, so mapping degrades instead of failing.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "The coalescer holds no resources of its own; disposing it would dispose the container-owned embedding generator it wraps.")]
internal sealed partial class PersonaMapper(
    IEmbeddingGenerator<string, Embedding<float>> embedder,
    IVectorStore vectors,
    SearchWarnings warnings,
    IOptions<LeadoraOptions> options,
    ILogger<PersonaMapper> logger)
{
    /// <summary>Jobs of one search that embed at the same time share flushes (see <see cref="CoalescingEmbeddingGenerator"/>).</summary>
    private readonly CoalescingEmbeddingGenerator _embedder = new(embedder, CoalescedBatchSize, Math.Max(1, options.Value.Pipeline.EmbeddingFlushesInFlight));

    /// <summary>Most texts joined into one flush: what one OpenAI embeddings call accepts.</summary>
    internal const int CoalescedBatchSize = 2048;

    /// <summary>
    /// Persona indexings running in this process, so that a job which needs the vectors joins the one call instead of
    /// paying for another. An indexing that failed stays here (as false), so the jobs of that search rank with the heuristic
    /// instead of each trying the failing provider again; one that succeeded leaves, since its vectors are stored.
    /// </summary>
    private readonly ConcurrentDictionary<VectorScope, Task<bool>> _indexing = new();

    /// <summary>Embeds personas of one kind and stores their vectors. Returns false (with a warning) if embedding failed.</summary>
    public Task<bool> IndexPersonasAsync(LeadSearch search, VectorKind kind, IReadOnlyList<(Guid Id, string Text)> personas, CancellationToken cancellationToken)
    {
        if (personas.Count == 0)
        {
            return Task.FromResult(true);
        }

        var scope = new VectorScope(search.TenantId, search.Id, kind);
        var indexing = IndexAsync(scope, personas, cancellationToken);
        _indexing[scope] = indexing;
        _ = indexing.ContinueWith(
            done =>
            {
                // Observed here too: the job that started it may have stopped before awaiting it.
                _ = done.Exception;
                if (!(done.IsCompletedSuccessfully && !done.Result))
                {
                    _indexing.TryRemove(KeyValuePair.Create(scope, done));
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        return indexing;
    }

    /// <summary>
    /// Returns once the personas of one kind have vectors, or their embedding failed (false, with a warning): joins the
    /// indexing if this process is running it, else uses the stored vectors, else indexes them itself (the job that writes
    /// them may run in another process and not have got that far, or have stopped).
    /// </summary>
    public async Task<bool> EnsurePersonasIndexedAsync(LeadSearch search, VectorKind kind, IReadOnlyList<(Guid Id, string Text)> personas, CancellationToken cancellationToken)
    {
        var scope = new VectorScope(search.TenantId, search.Id, kind);
        if (_indexing.TryGetValue(scope, out var running))
        {
            try
            {
                return await running.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The job running it was stopped (its lease, not this job's): fall through and see for ourselves.
            }
        }

        return await vectors.CountAsync(scope, cancellationToken).ConfigureAwait(false) > 0
            || await IndexPersonasAsync(search, kind, personas, cancellationToken).ConfigureAwait(false);
    }

    private async Task<bool> IndexAsync(VectorScope scope, IReadOnlyList<(Guid Id, string Text)> personas, CancellationToken cancellationToken)
    {
        try
        {
            var embeddings = await _embedder.GenerateAsync(personas.Select(p => p.Text), cancellationToken: cancellationToken).ConfigureAwait(false);
            await vectors.UpsertAsync(scope, personas.Select((p, i) => new VectorRecord(p.Id, embeddings[i].Vector)).ToList(), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (FallbackPolicy.CanDegrade(ex, cancellationToken))
        {
            await WarnAsync(ex).ConfigureAwait(false);
            return false;
        }
    }

    /// <summary>For each entity, the <paramref name="top"/> best personas, with the method that ranked them.</summary>
    public async Task<(IReadOnlyList<IReadOnlyList<VectorMatch>> Ranked, MatchMethod Method)> RankAsync(
        LeadSearch search,
        VectorKind entityKind,
        IReadOnlyList<(Guid Id, string Text)> entities,
        VectorKind personaKind,
        IReadOnlyList<(Guid Id, string Text)> personas,
        int top,
        CancellationToken cancellationToken)
    {
        if (entities.Count == 0)
        {
            return ([], MatchMethod.Vector);
        }

        var personaScope = new VectorScope(search.TenantId, search.Id, personaKind);
        try
        {
            if (await vectors.CountAsync(personaScope, cancellationToken).ConfigureAwait(false) > 0)
            {
                var embeddings = await _embedder.GenerateAsync(entities.Select(e => e.Text), cancellationToken: cancellationToken).ConfigureAwait(false);
                await vectors.UpsertAsync(new VectorScope(search.TenantId, search.Id, entityKind),
                    entities.Select((e, i) => new VectorRecord(e.Id, embeddings[i].Vector)).ToList(), cancellationToken).ConfigureAwait(false);
                var ranked = await vectors.SearchAsync(personaScope, embeddings.Select(e => e.Vector).ToList(), top, cancellationToken).ConfigureAwait(false);
                return (ranked, MatchMethod.Vector);
            }
        }
        catch (Exception ex) when (FallbackPolicy.CanDegrade(ex, cancellationToken))
        {
            await WarnAsync(ex).ConfigureAwait(false);
        }

        return (RankLocally(entities, personas, top), MatchMethod.Heuristic);
    }

    private static List<IReadOnlyList<VectorMatch>> RankLocally(IReadOnlyList<(Guid Id, string Text)> entities, IReadOnlyList<(Guid Id, string Text)> personas, int top)
    {
        const int dimensions = 512;
        var personaVectors = personas.Select(p =>
        {
            var vector = new float[dimensions];
            HashingEmbeddingGenerator.Embed(p.Text, vector);
            return (p.Id, (ReadOnlyMemory<float>)vector);
        }).ToList();
        var query = new float[dimensions];
        var ranked = new List<IReadOnlyList<VectorMatch>>(entities.Count);
        foreach (var entity in entities)
        {
            HashingEmbeddingGenerator.Embed(entity.Text, query);
            ranked.Add(VectorMath.TopK(query, personaVectors, top).Select(m => new VectorMatch(m.Id, m.Score)).ToList());
        }

        return ranked;
    }

    private async Task WarnAsync(Exception exception)
    {
        LogEmbeddingsUnavailable(logger, exception.GetType().Name);
        await warnings.AddAsync(WarningCodes.EmbeddingsUnavailable,
            "The embedding provider failed, so some persona matches were ranked with local hashing embeddings (method 'heuristic').",
            "embeddings", CancellationToken.None).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Embedding provider failed ({ErrorType}); ranking personas with local hashing embeddings")]
    private static partial void LogEmbeddingsUnavailable(ILogger logger, string errorType);
}
