using BenchmarkDotNet.Attributes;
using Leadora.Embeddings;

namespace Leadora.Benchmarks;

/// <summary>Throughput of the local hashing embedder used offline and by the sandbox.</summary>
[MemoryDiagnoser]
public class EmbeddingBenchmarks
{
    private readonly float[] _destination = new float[HashingEmbeddingGenerator.DefaultDimensions];
    private readonly string[] _texts =
    [
        "Head of Procurement at Najd Petrochemical Services",
        "Mid-market desalination operator (KSA). Operates reverse-osmosis plants serving industrial parks; water treatment chemicals buyer",
        "Senior Plant Manager - Gulf Power Generation Company",
    ];

    [Benchmark]
    public int EmbedThreeTexts()
    {
        var words = 0;
        foreach (var text in _texts)
        {
            words += HashingEmbeddingGenerator.Embed(text, _destination);
        }

        return words;
    }
}
