using Microsoft.Extensions.AI;

namespace Leadora.Embeddings;

/// <summary>
/// Joins embedding requests that arrive while earlier ones are in flight into one flush, so jobs running side by side
/// share calls instead of each waiting its turn under the provider's pacing. A request never waits for a timer: when
/// fewer than <c>maxInFlight</c> flushes are running it is sent at once; otherwise it joins the next flush, which
/// starts as soon as one finishes and carries every waiting request up to <c>maxBatchSize</c> texts (a single larger
/// request goes alone, and the inner generator splits it). Results are handed back to each caller in its own order.
/// Only requests of the same search (<see cref="SearchContext"/>) share a flush, and the flush runs in that search's
/// context, so usage, cost and budgets stay attributed to it. A failed flush fails every request in it. Requests with
/// options pass straight through.
/// </summary>
public sealed class CoalescingEmbeddingGenerator : DelegatingEmbeddingGenerator<string, Embedding<float>>
{
    private readonly int _maxBatchSize;
    private readonly int _maxInFlight;
    private readonly Lock _gate = new();
    private readonly List<Pending> _waiting = [];
    private int _inFlight;

    /// <summary>Wraps <paramref name="innerGenerator"/>.</summary>
    /// <param name="innerGenerator">The generator flushes are sent to.</param>
    /// <param name="maxBatchSize">Most texts joined into one flush.</param>
    /// <param name="maxInFlight">Flushes running at once.</param>
    public CoalescingEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> innerGenerator, int maxBatchSize, int maxInFlight)
        : base(innerGenerator)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxInFlight, 1);
        _maxBatchSize = maxBatchSize;
        _maxInFlight = maxInFlight;
    }

    /// <inheritdoc />
    public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var texts = values as IReadOnlyList<string> ?? values.ToList();
        if (options is not null || texts.Count == 0)
        {
            return await base.GenerateAsync(texts, options, cancellationToken).ConfigureAwait(false);
        }

        var pending = new Pending(texts, SearchContext.Current);
        lock (_gate)
        {
            _waiting.Add(pending);
        }

        StartFlushes();
        using var registration = cancellationToken.Register(static state => ((Pending)state!).Result.TrySetCanceled(), pending);
        return await pending.Result.Task.ConfigureAwait(false);
    }

    private void StartFlushes()
    {
        while (true)
        {
            List<Pending> batch;
            lock (_gate)
            {
                if (_inFlight >= _maxInFlight)
                {
                    return;
                }

                _waiting.RemoveAll(p => p.Result.Task.IsCompleted);
                if (_waiting.Count == 0)
                {
                    return;
                }

                var first = _waiting[0];
                batch = [first];
                var size = first.Texts.Count;
                foreach (var next in _waiting.Skip(1))
                {
                    if (next.SameSearch(first) && size + next.Texts.Count <= _maxBatchSize)
                    {
                        batch.Add(next);
                        size += next.Texts.Count;
                    }
                }

                _waiting.RemoveAll(batch.Contains);

                _inFlight++;
            }

            _ = FlushAsync(batch);
        }
    }

    private async Task FlushAsync(List<Pending> batch)
    {
        try
        {
            await Task.Yield();
            using var scope = batch[0].Context is { } context ? SearchContext.Enter(context.TenantId, context.SearchId, context.JobKey) : null;
            var texts = batch.Count == 1 ? batch[0].Texts : batch.SelectMany(p => p.Texts).ToList();

            // Every caller of this flush may be cancelled but one; the flush runs for whoever is left.
            using var cancel = new CancellationTokenSource();
            var live = batch.Count;
            foreach (var pending in batch)
            {
                _ = pending.Result.Task.ContinueWith(
                    _ =>
                    {
                        if (Interlocked.Decrement(ref live) == 0)
                        {
                            cancel.Cancel();
                        }
                    },
                    CancellationToken.None,
                    TaskContinuationOptions.ExecuteSynchronously | TaskContinuationOptions.OnlyOnCanceled,
                    TaskScheduler.Default);
            }

            GeneratedEmbeddings<Embedding<float>> result;
            try
            {
                result = await base.GenerateAsync(texts, null, cancel.Token).ConfigureAwait(false);
                if (result.Count != texts.Count)
                {
                    throw new InvalidOperationException($"The embedding provider returned {result.Count} vectors for {texts.Count} inputs.");
                }
            }
            catch (Exception ex)
            {
                foreach (var pending in batch)
                {
                    pending.Result.TrySetException(ex);
                }

                return;
            }

            var offset = 0;
            foreach (var pending in batch)
            {
                var part = new GeneratedEmbeddings<Embedding<float>>(pending.Texts.Count);
                for (var i = 0; i < pending.Texts.Count; i++)
                {
                    part.Add(result[offset + i]);
                }

                if (batch.Count == 1)
                {
                    part.Usage = result.Usage;
                }

                offset += pending.Texts.Count;
                pending.Result.TrySetResult(part);
            }
        }
        finally
        {
            lock (_gate)
            {
                _inFlight--;
            }

            StartFlushes();
        }
    }

    private sealed class Pending(IReadOnlyList<string> texts, SearchContext? context)
    {
        public IReadOnlyList<string> Texts { get; } = texts;

        public SearchContext? Context { get; } = context;

        public bool SameSearch(Pending other) =>
            Context?.TenantId == other.Context?.TenantId && Context?.SearchId == other.Context?.SearchId;

        public TaskCompletionSource<GeneratedEmbeddings<Embedding<float>>> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
