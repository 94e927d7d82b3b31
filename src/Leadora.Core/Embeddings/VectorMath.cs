using System.Numerics.Tensors;

namespace Leadora.Embeddings;

/// <summary>Cosine similarity and top-k selection over float vectors, SIMD-accelerated through System.Numerics.Tensors.</summary>
public static class VectorMath
{
    /// <summary>Cosine similarity in [-1, 1]; 0 when either vector is all zeros.</summary>
    /// <exception cref="ArgumentException">The vectors differ in length.</exception>
    public static double Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException($"Vectors differ in length ({a.Length} and {b.Length}); were they made by the same embedding model?", nameof(b));
        }

        var normA = TensorPrimitives.Norm(a);
        var normB = TensorPrimitives.Norm(b);
        if (normA == 0 || normB == 0)
        {
            return 0;
        }

        var cosine = TensorPrimitives.Dot(a, b) / ((double)normA * normB);
        return Math.Clamp(cosine, -1.0, 1.0);
    }

    /// <summary>
    /// The <paramref name="top"/> candidates most similar to <paramref name="query"/>, best first; equal scores are ordered by id
    /// so results are deterministic.
    /// </summary>
    public static IReadOnlyList<(Guid Id, double Score)> TopK(ReadOnlySpan<float> query, IReadOnlyList<(Guid Id, ReadOnlyMemory<float> Vector)> candidates, int top)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        if (top <= 0 || candidates.Count == 0)
        {
            return [];
        }

        var best = new List<(Guid Id, double Score)>(Math.Min(top, candidates.Count) + 1);
        foreach (var (id, vector) in candidates)
        {
            var score = Cosine(query, vector.Span);
            var position = best.Count;
            while (position > 0 && IsBetter(score, id, best[position - 1]))
            {
                position--;
            }

            if (position < top)
            {
                best.Insert(position, (id, score));
                if (best.Count > top)
                {
                    best.RemoveAt(best.Count - 1);
                }
            }
        }

        return best;
    }

    private static bool IsBetter(double score, Guid id, (Guid Id, double Score) other) =>
        score > other.Score || (score == other.Score && id.CompareTo(other.Id) < 0);
}
