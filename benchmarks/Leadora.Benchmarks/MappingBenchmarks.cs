using BenchmarkDotNet.Attributes;
using Leadora.Embeddings;
using Leadora.InMemory;
using Leadora.Matching;
using Leadora.Ports;

namespace Leadora.Benchmarks;

/// <summary>
/// Decision-maker mapping at scale: 10,000 decision makers against 6 personas in 1,536 dimensions (text-embedding-3-small's
/// size), top-2 per person plus the ε rule. Measures the SIMD cosine path and the in-memory vector store's batch search.
/// </summary>
[MemoryDiagnoser]
public class MappingBenchmarks
{
    private const int Dimensions = 1536;
    private const int People = 10_000;
    private const int Personas = 6;

    private List<(Guid Id, ReadOnlyMemory<float> Vector)> _personas = [];
    private List<ReadOnlyMemory<float>> _people = [];
    private InMemoryVectorStore _store = new();
    private VectorScope _scope;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var random = new Random(42);
        float[] RandomUnit()
        {
            var v = new float[Dimensions];
            for (var i = 0; i < v.Length; i++)
            {
                v[i] = (float)(random.NextDouble() * 2 - 1);
            }

            var norm = System.Numerics.Tensors.TensorPrimitives.Norm(v);
            System.Numerics.Tensors.TensorPrimitives.Divide(v, norm, v);
            return v;
        }

        _personas = Enumerable.Range(0, Personas).Select(_ => (Guid.NewGuid(), (ReadOnlyMemory<float>)RandomUnit())).ToList();
        _people = Enumerable.Range(0, People).Select(_ => (ReadOnlyMemory<float>)RandomUnit()).ToList();
        _store = new InMemoryVectorStore();
        _scope = new VectorScope("bench", Guid.NewGuid(), VectorKind.DecisionMakerPersona);
        await _store.UpsertAsync(_scope, _personas.Select(p => new VectorRecord(p.Id, p.Vector)).ToList());
    }

    /// <summary>Top-2 and the ε decision for every person, straight through <see cref="VectorMath"/>.</summary>
    [Benchmark(Baseline = true)]
    public int Top2WithEpsilonRule()
    {
        var tieBreaks = 0;
        foreach (var person in _people)
        {
            var top = VectorMath.TopK(person.Span, _personas, 2);
            var decision = PersonaMatching.Top2(top.Select(t => new VectorMatch(t.Id, t.Score)).ToList(), 0.03);
            if (decision!.NeedsTieBreak)
            {
                tieBreaks++;
            }
        }

        return tieBreaks;
    }

    /// <summary>The same through the in-memory vector store's batch search (what the pipeline calls).</summary>
    [Benchmark]
    public async Task<int> VectorStoreBatchSearch()
    {
        var ranked = await _store.SearchAsync(_scope, _people, 2);
        return ranked.Count;
    }
}
