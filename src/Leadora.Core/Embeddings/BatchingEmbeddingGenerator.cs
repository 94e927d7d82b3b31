using Microsoft.Extensions.AI;

namespace Leadora.Embeddings;

/// <summary>Splits large embedding requests into calls of at most <c>maxBatchSize</c> inputs and joins the results in order.</summary>
public sealed class BatchingEmbeddingGenerator : DelegatingEmbeddingGenerator<string, Embedding<float>>
{
    private readonly int _maxBatchSize;

    /// <summary>Wraps <paramref name="innerGenerator"/>.</summary>
    public BatchingEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> innerGenerator, int maxBatchSize)
        : base(innerGenerator)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchSize, 1);
        _maxBatchSize = maxBatchSize;
    }

    /// <inheritdoc />
    public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var inputs = values as IReadOnlyList<string> ?? values.ToList();
        if (inputs.Count <= _maxBatchSize)
        {
            return await base.GenerateAsync(inputs, options, cancellationToken).ConfigureAwait(false);
        }

        var all = new GeneratedEmbeddings<Embedding<float>>(inputs.Count);
        long inputTokens = 0;
        foreach (var chunk in inputs.Chunk(_maxBatchSize))
        {
            var part = await base.GenerateAsync(chunk, options, cancellationToken).ConfigureAwait(false);
            if (part.Count != chunk.Length)
            {
                throw new InvalidOperationException($"The embedding provider returned {part.Count} vectors for {chunk.Length} inputs.");
            }

            all.AddRange(part);
            inputTokens += part.Usage?.InputTokenCount ?? 0;
        }

        all.Usage = new UsageDetails { InputTokenCount = inputTokens, TotalTokenCount = inputTokens };
        return all;
    }
}
