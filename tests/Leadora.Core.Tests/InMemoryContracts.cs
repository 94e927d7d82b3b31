using Leadora.InMemory;
using Leadora.Ports;
using Leadora.Testing;
using Microsoft.Extensions.Options;

namespace Leadora.Core.Tests;

public sealed class InMemoryJobQueueTests : JobQueueContract
{
    protected override Task<IJobQueue> CreateQueueAsync() =>
        Task.FromResult<IJobQueue>(new InMemoryJobQueue(Microsoft.Extensions.Options.Options.Create(new LeadoraOptions { Jobs = Options }), Time));
}

public sealed class InMemoryLeadStoreTests : LeadStoreContract
{
    protected override Task<ILeadStore> CreateStoreAsync() => Task.FromResult<ILeadStore>(new InMemoryLeadStore());
}

public sealed class InMemoryVectorStoreTests : VectorStoreContract
{
    protected override Task<IVectorStore> CreateStoreAsync(int dimensions) => Task.FromResult<IVectorStore>(new InMemoryVectorStore());
}

public sealed class InMemoryResponseCacheTests : ResponseCacheContract
{
    protected override Task<IResponseCache> CreateCacheAsync() => Task.FromResult<IResponseCache>(new InMemoryResponseCache(Time));
}
