using Leadora.Embeddings;
using Microsoft.Extensions.AI;

namespace Leadora.Core.Tests;

/// <summary>Embedding requests of one search that arrive while a flush is running share the next flush.</summary>
public sealed class CoalescingEmbeddingTests
{
    [Fact]
    public async Task Requests_waiting_behind_a_flush_share_one_call_and_each_gets_its_own_vectors()
    {
        var inner = new GatedEmbedder();
        using var coalescer = new CoalescingEmbeddingGenerator(inner, maxBatchSize: 2048, maxInFlight: 1);
        var search = Guid.NewGuid();
        Task<GeneratedEmbeddings<Embedding<float>>> first, second, third;
        using (SearchContext.Enter("t", search))
        {
            first = coalescer.GenerateAsync(["alpha"]);
            await inner.Started.WaitAsync(TimeSpan.FromSeconds(10));
            second = coalescer.GenerateAsync(["bravo", "charlie"]);
            third = coalescer.GenerateAsync(["delta"]);
        }

        inner.Release();
        await Task.WhenAll(first, second, third).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal([["alpha"], ["bravo", "charlie", "delta"]], inner.Calls);
        Assert.Equal(["alpha"], (await first).Select(Text));
        Assert.Equal(["bravo", "charlie"], (await second).Select(Text));
        Assert.Equal(["delta"], (await third).Select(Text));
        Assert.All(inner.Contexts, c => Assert.Equal(search, c));
    }

    [Fact]
    public async Task Requests_of_different_searches_never_share_a_call()
    {
        var inner = new GatedEmbedder();
        using var coalescer = new CoalescingEmbeddingGenerator(inner, maxBatchSize: 2048, maxInFlight: 1);
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());
        Task<GeneratedEmbeddings<Embedding<float>>> blocker, fromA, fromB, fromA2;
        using (SearchContext.Enter("t", a))
        {
            blocker = coalescer.GenerateAsync(["first"]);
        }

        await inner.Started.WaitAsync(TimeSpan.FromSeconds(10));
        using (SearchContext.Enter("t", a))
        {
            fromA = coalescer.GenerateAsync(["a1"]);
        }

        using (SearchContext.Enter("t", b))
        {
            fromB = coalescer.GenerateAsync(["b1"]);
        }

        using (SearchContext.Enter("t", a))
        {
            fromA2 = coalescer.GenerateAsync(["a2"]);
        }

        inner.Release();
        await Task.WhenAll(blocker, fromA, fromB, fromA2).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal([["first"], ["a1", "a2"], ["b1"]], inner.Calls);
        Assert.Equal([a, a, b], inner.Contexts);
        Assert.Equal(["b1"], (await fromB).Select(Text));
        Assert.Equal(["a2"], (await fromA2).Select(Text));
    }

    [Fact]
    public async Task A_flush_holds_at_most_the_batch_size_and_a_failure_reaches_every_caller_in_it()
    {
        var inner = new GatedEmbedder { FailOn = "boom" };
        using var coalescer = new CoalescingEmbeddingGenerator(inner, maxBatchSize: 3, maxInFlight: 1);
        var blocker = coalescer.GenerateAsync(["first"]);
        await inner.Started.WaitAsync(TimeSpan.FromSeconds(10));
        var one = coalescer.GenerateAsync(["x", "boom"]);
        var two = coalescer.GenerateAsync(["y"]);
        var three = coalescer.GenerateAsync(["z", "w"]);
        inner.Release();

        await blocker.WaitAsync(TimeSpan.FromSeconds(10));
        await Assert.ThrowsAsync<InvalidOperationException>(() => one);
        await Assert.ThrowsAsync<InvalidOperationException>(() => two);
        Assert.Equal(["z", "w"], (await three.WaitAsync(TimeSpan.FromSeconds(10))).Select(Text));
        Assert.Equal([["first"], ["x", "boom", "y"], ["z", "w"]], inner.Calls);
    }

    private static string Text(Embedding<float> embedding) => embedding.ModelId!;

    /// <summary>An inner generator whose first call waits until released; each vector carries its text as model id.</summary>
    private sealed class GatedEmbedder : IEmbeddingGenerator<string, Embedding<float>>
    {
        private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Lock _lock = new();

        public List<List<string>> Calls { get; } = [];

        public List<Guid?> Contexts { get; } = [];

        public string? FailOn { get; init; }

        public Task Started => _started.Task;

        public void Release() => _gate.TrySetResult();

        public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            var texts = values.ToList();
            lock (_lock)
            {
                Calls.Add(texts);
                Contexts.Add(SearchContext.Current?.SearchId);
            }

            _started.TrySetResult();
            await _gate.Task.WaitAsync(cancellationToken);
            if (FailOn is not null && texts.Contains(FailOn))
            {
                throw new InvalidOperationException("The provider failed.");
            }

            return new GeneratedEmbeddings<Embedding<float>>(texts.Select(t => new Embedding<float>(new float[] { t.Length }) { ModelId = t }));
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
