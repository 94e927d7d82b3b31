using Leadora.InMemory;
using Leadora.Matching;
using Leadora.Ports;
using Leadora.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Leadora.Core.Tests;

/// <summary>
/// Decision-maker jobs may run before their personas' vectors are stored (the personas job stores the personas first):
/// they join the indexing running in this process, use stored vectors, or index the personas themselves.
/// </summary>
public sealed class PersonaIndexingTests
{
    private static readonly LeadSearch Search = LeadStoreContract.NewSearch();

    private static readonly IReadOnlyList<(Guid Id, string Text)> Personas = [(Guid.NewGuid(), "Plant manager"), (Guid.NewGuid(), "Procurement lead")];

    private static readonly VectorScope Scope = new(Search.TenantId, Search.Id, VectorKind.DecisionMakerPersona);

    [Fact]
    public async Task A_job_that_needs_the_vectors_joins_the_indexing_already_running()
    {
        var embedder = new GatedEmbedder();
        var vectors = new InMemoryVectorStore();
        var mapper = Mapper(embedder, vectors);

        var indexing = mapper.IndexPersonasAsync(Search, VectorKind.DecisionMakerPersona, Personas, CancellationToken.None);
        var waiting = mapper.EnsurePersonasIndexedAsync(Search, VectorKind.DecisionMakerPersona, Personas, CancellationToken.None);
        await embedder.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(waiting.IsCompleted);

        embedder.Release.SetResult();
        Assert.True(await indexing);
        Assert.True(await waiting);
        Assert.Equal(1, embedder.Calls);
        Assert.Equal(2, await vectors.CountAsync(Scope));
    }

    [Fact]
    public async Task A_job_that_finds_no_vectors_and_no_indexing_here_indexes_the_personas_itself_once()
    {
        var embedder = new GatedEmbedder();
        embedder.Release.SetResult();
        var vectors = new InMemoryVectorStore();
        var mapper = Mapper(embedder, vectors);

        // As if the personas job ran in another process and has not embedded them yet.
        Assert.True(await mapper.EnsurePersonasIndexedAsync(Search, VectorKind.DecisionMakerPersona, Personas, CancellationToken.None));
        Assert.Equal(2, await vectors.CountAsync(Scope));
        Assert.True(await mapper.EnsurePersonasIndexedAsync(Search, VectorKind.DecisionMakerPersona, Personas, CancellationToken.None));
        Assert.Equal(1, embedder.Calls);
    }

    [Fact]
    public async Task After_a_failed_indexing_the_jobs_of_the_search_do_not_call_the_failing_provider_again()
    {
        var embedder = new GatedEmbedder { Failure = new HttpRequestException("503") };
        embedder.Release.SetResult();
        var vectors = new InMemoryVectorStore();
        var mapper = Mapper(embedder, vectors);

        Assert.False(await mapper.IndexPersonasAsync(Search, VectorKind.DecisionMakerPersona, Personas, CancellationToken.None));
        Assert.False(await mapper.EnsurePersonasIndexedAsync(Search, VectorKind.DecisionMakerPersona, Personas, CancellationToken.None));
        Assert.Equal(1, embedder.Calls);
        Assert.Equal(0, await vectors.CountAsync(Scope));
    }

    [Fact]
    public async Task When_the_job_running_the_indexing_is_stopped_a_waiting_job_indexes_the_personas_itself()
    {
        var embedder = new GatedEmbedder();
        var vectors = new InMemoryVectorStore();
        var mapper = Mapper(embedder, vectors);
        using var lease = new CancellationTokenSource();

        var indexing = mapper.IndexPersonasAsync(Search, VectorKind.DecisionMakerPersona, Personas, lease.Token);
        await embedder.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var waiting = mapper.EnsurePersonasIndexedAsync(Search, VectorKind.DecisionMakerPersona, Personas, CancellationToken.None);
        await lease.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => indexing);

        embedder.Release.SetResult();
        Assert.True(await waiting);
        Assert.Equal(2, embedder.Calls);
        Assert.Equal(2, await vectors.CountAsync(Scope));
    }

    private static PersonaMapper Mapper(GatedEmbedder embedder, InMemoryVectorStore vectors) =>
        new(embedder, vectors, new SearchWarnings(new InMemoryLeadStore(), TimeProvider.System), Options.Create(new LeadoraOptions()), NullLogger<PersonaMapper>.Instance);

    /// <summary>An embedding provider that waits for <see cref="Release"/> before it answers, and counts its calls.</summary>
    private sealed class GatedEmbedder : IEmbeddingGenerator<string, Embedding<float>>
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Exception? Failure { get; init; }

        public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _calls);
            Started.TrySetResult();
            await Release.Task.WaitAsync(cancellationToken);
            if (Failure is not null)
            {
                throw Failure;
            }

            return new GeneratedEmbeddings<Embedding<float>>(values.Select((v, i) => new Embedding<float>(new float[] { 1, i + 1, v.Length })));
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
