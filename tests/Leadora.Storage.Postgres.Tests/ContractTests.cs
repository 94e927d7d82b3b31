using Leadora.Ports;
using Leadora.Storage.Postgres.Tests.Infrastructure;
using Leadora.Testing;

namespace Leadora.Storage.Postgres.Tests;

/// <summary>The job-queue contract (the same suite the in-memory queue passes), on PostgreSQL with the contract's fake clock.</summary>
public sealed class PostgresJobQueueContractTests(PostgresDatabaseFixture fixture) : JobQueueContract, IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private PostgresJobQueue? _queue;

    protected override Task<IJobQueue> CreateQueueAsync()
    {
        _queue = fixture.Queue(fixture.Open(fixture.Options()), Time, Options);
        return Task.FromResult<IJobQueue>(_queue);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_queue is not null)
        {
            await _queue.DisposeAsync();
        }
    }
}

/// <summary>The lead-store contract on PostgreSQL.</summary>
public sealed class PostgresLeadStoreContractTests(PostgresDatabaseFixture fixture) : LeadStoreContract, IClassFixture<PostgresDatabaseFixture>
{
    protected override Task<ILeadStore> CreateStoreAsync() => Task.FromResult<ILeadStore>(new PostgresLeadStore(fixture.Open(fixture.Options())));
}

/// <summary>The vector-store contract on pgvector: top-k equal to the in-memory store's, with the same scores.</summary>
public sealed class PostgresVectorStoreContractTests(PostgresDatabaseFixture fixture) : VectorStoreContract, IClassFixture<PostgresDatabaseFixture>
{
    protected override Task<IVectorStore> CreateStoreAsync(int dimensions) =>
        Task.FromResult<IVectorStore>(new PostgresVectorStore(fixture.Open(fixture.Options(dimensions: dimensions)), TimeProvider.System));
}

/// <summary>The response-cache contract on PostgreSQL: per-tenant entries, expiry, purge and batched reads and writes.</summary>
public sealed class PostgresResponseCacheContractTests(PostgresDatabaseFixture fixture) : ResponseCacheContract, IClassFixture<PostgresDatabaseFixture>
{
    protected override Task<IResponseCache> CreateCacheAsync() => Task.FromResult<IResponseCache>(new PostgresResponseCache(fixture.Open(fixture.Options()), Time));
}
