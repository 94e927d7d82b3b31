using Leadora.Jobs;
using Leadora.Pipeline.Stages;
using Leadora.Ports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Leadora.Pipeline;

/// <summary>The default <see cref="ILeadPipeline"/>: searches live in the lead store, their work on the job queue.</summary>
internal sealed partial class LeadPipeline(
    ILeadStore store,
    IJobQueue queue,
    SearchReader reader,
    IServiceProvider services,
    SearchSignals signals,
    IOptions<LeadoraOptions> options,
    TimeProvider time,
    ILogger<LeadPipeline> logger) : ILeadPipeline
{
    public async Task<LeadSearch> StartAsync(string tenantId, LeadSearchRequest request, CancellationToken cancellationToken = default)
    {
        var search = LeadSearchValidator.Normalize(request, Guid.CreateVersion7(time.GetUtcNow()), tenantId, time.GetUtcNow(), options.Value.Pipeline.DefaultLimits);
        await store.CreateSearchAsync(search, cancellationToken).ConfigureAwait(false);
        await queue.EnqueueAsync(
        [
            new JobRequest(JobTypes.Personas, tenantId, search.Id, PersonasStage.JobKey(search.Id), "{}"),
            new JobRequest(JobTypes.Market, tenantId, search.Id, MarketStage.JobKey(search.Id), "{}"),
        ], cancellationToken).ConfigureAwait(false);
        LogStarted(logger, search.Id, search.SearchType, search.Industries.Count, search.Countries.Count);
        return search;
    }

    public async Task<LeadSearchResult> RunToCompletionAsync(string tenantId, Guid searchId, CancellationToken cancellationToken = default)
    {
        _ = await store.GetSearchAsync(tenantId, searchId, cancellationToken).ConfigureAwait(false)
            ?? throw new KeyNotFoundException($"Search {searchId} does not exist for this tenant.");
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // Resolved here, not injected: a host composed with EnqueueOnly() has no providers for the runner's stages.
        var running = services.GetRequiredService<LeadJobRunner>().RunAsync(stop.Token);
        try
        {
            await foreach (var change in WatchAsync(tenantId, searchId, cancellationToken).ConfigureAwait(false))
            {
                if (change.Kind == SearchEventKind.Finished)
                {
                    break;
                }
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await running.ConfigureAwait(false);
        }

        cancellationToken.ThrowIfCancellationRequested();
        return (await GetResultAsync(tenantId, searchId, CancellationToken.None).ConfigureAwait(false))!;
    }

    public Task<LeadSearchResult?> GetResultAsync(string tenantId, Guid searchId, CancellationToken cancellationToken = default) =>
        reader.GetResultAsync(tenantId, searchId, cancellationToken);

    public Task<SearchProgress?> GetProgressAsync(string tenantId, Guid searchId, CancellationToken cancellationToken = default) =>
        reader.GetProgressAsync(tenantId, searchId, cancellationToken);

    public IAsyncEnumerable<SearchEvent> WatchAsync(string tenantId, Guid searchId, CancellationToken cancellationToken = default) =>
        reader.WatchAsync(tenantId, searchId, cancellationToken);

    public async Task<bool> CancelAsync(string tenantId, Guid searchId, CancellationToken cancellationToken = default)
    {
        if (!await store.SetSearchStatusAsync(tenantId, searchId, SearchStatus.Cancelled, null, time.GetUtcNow(), cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        var cancelled = await queue.CancelSearchAsync(tenantId, searchId, cancellationToken).ConfigureAwait(false);
        LogCancelled(logger, searchId, cancelled);
        signals.Notify(searchId);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Started search {SearchId}: {SearchType}, {IndustryCount} industries, {CountryCount} countries")]
    private static partial void LogStarted(ILogger logger, Guid searchId, SearchType searchType, int industryCount, int countryCount);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cancelled search {SearchId}; {JobCount} unfinished jobs dropped")]
    private static partial void LogCancelled(ILogger logger, Guid searchId, int jobCount);
}
