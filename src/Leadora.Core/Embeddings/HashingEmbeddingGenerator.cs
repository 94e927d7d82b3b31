using System.Numerics.Tensors;
using Microsoft.Extensions.AI;

namespace Leadora.Embeddings;

/// <summary>
/// A deterministic local embedder: feature hashing of words, word pairs and character trigrams into a fixed number
/// of dimensions, L2-normalized. It needs no network, gives the same vector for the same text on every machine,
/// and puts texts that share vocabulary close together. Used for offline runs, by the sandbox's embeddings endpoint,
/// and as the heuristic fallback when provider embeddings are unavailable.
/// </summary>
public sealed class HashingEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>Model id reported in metadata and usage.</summary>
    public const string ModelId = "leadora-hashing-v1";

    /// <summary>Provider name reported in metadata and usage.</summary>
    public const string ProviderName = "local";

    /// <summary>Default dimensions, equal to OpenAI text-embedding-3-small's.</summary>
    public const int DefaultDimensions = 1536;

    private const float WordWeight = 1.0f;
    private const float PairWeight = 0.5f;
    private const float TrigramWeight = 0.25f;

    private readonly EmbeddingGeneratorMetadata _metadata;

    /// <summary>Creates an embedder with <paramref name="dimensions"/> dimensions.</summary>
    public HashingEmbeddingGenerator(int dimensions = DefaultDimensions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 8);
        Dimensions = dimensions;
        _metadata = new EmbeddingGeneratorMetadata(ProviderName, null, ModelId, dimensions);
    }

    /// <summary>Number of dimensions of every vector.</summary>
    public int Dimensions { get; }

    /// <inheritdoc />
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var dimensions = options?.Dimensions ?? Dimensions;
        var result = new GeneratedEmbeddings<Embedding<float>>();
        long tokens = 0;
        foreach (var value in values)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var vector = new float[dimensions];
            tokens += Embed(value, vector);
            result.Add(new Embedding<float>(vector) { ModelId = ModelId });
        }

        result.Usage = new UsageDetails { InputTokenCount = tokens, TotalTokenCount = tokens };
        return Task.FromResult(result);
    }

    /// <summary>Embeds one text into <paramref name="destination"/> (cleared first). Returns the number of words seen.</summary>
    public static int Embed(string? text, Span<float> destination)
    {
        destination.Clear();
        if (string.IsNullOrWhiteSpace(text))
        {
            return 0;
        }

        var words = TextFolding.Words(text);
        for (var i = 0; i < words.Count; i++)
        {
            Add(destination, words[i], WordWeight);
            if (i + 1 < words.Count)
            {
                Add(destination, string.Concat(words[i], " ", words[i + 1]), PairWeight);
            }

            var padded = string.Concat("#", words[i], "#");
            for (var j = 0; j + 3 <= padded.Length; j++)
            {
                Add(destination, padded.AsSpan(j, 3), TrigramWeight);
            }
        }

        var norm = TensorPrimitives.Norm(destination);
        if (norm > 0)
        {
            TensorPrimitives.Divide(destination, norm, destination);
        }

        return words.Count;
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is null && serviceType.IsInstanceOfType(this) ? this
            : serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata
            : null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private static void Add(Span<float> vector, ReadOnlySpan<char> feature, float weight)
    {
        var hash = Fnv1a(feature);
        var index = (int)(hash % (ulong)vector.Length);
        vector[index] += (hash >> 63) == 0 ? weight : -weight;
    }

    private static ulong Fnv1a(ReadOnlySpan<char> value)
    {
        var hash = 14695981039346656037UL;
        foreach (var ch in value)
        {
            hash = (hash ^ (byte)ch) * 1099511628211UL;
            hash = (hash ^ (byte)(ch >> 8)) * 1099511628211UL;
        }

        // Final avalanche so that the sign bit depends on every input bit.
        hash ^= hash >> 33;
        hash *= 0xff51afd7ed558ccdUL;
        hash ^= hash >> 33;
        return hash;
    }
}
