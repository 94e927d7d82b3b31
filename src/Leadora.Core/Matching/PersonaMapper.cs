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

    /// <summary>Embeds personas of one kind and stores their vectors. Returns false (with a warning) if embedding failed.</summary>
    public async Task<bool> IndexPersonasAsync(LeadSearch search, VectorKind kind, IReadOnlyList<(Guid Id, string Text)> personas, CancellationToken cancellationToken)
    {
        if (personas.Count == 0)
        {
            return true;
        }

        try
        {
            var embeddings = await _embedder.GenerateAsync(personas.Select(p => p.Text), cancellationToken: cancellationToken).ConfigureAwait(false);
            await vectors.UpsertAsync(new VectorScope(search.TenantId, search.Id, kind),
                personas.Select((p, i) => new VectorRecord(p.Id, embeddings[i].Vector)).ToList(), cancellationToken).ConfigureAwait(false);
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
