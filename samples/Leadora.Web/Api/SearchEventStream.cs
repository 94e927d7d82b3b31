using System.Globalization;
using System.Text;
using System.Text.Json;
using Leadora.Ports;
using Leadora.Web.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Leadora.Web.Api;

/// <summary>
/// Streams a search as Server-Sent Events (<c>text/event-stream</c>): <c>progress</c> events when progress moves,
/// <c>results</c> events with the personas, businesses, decision makers and market report that landed since the previous
/// one (the first carries everything so far), and a final <c>finished</c> event, after which the stream ends. A comment
/// line every <see cref="Hosting.WebHostOptions.SseHeartbeat"/> keeps proxies from closing an idle stream. A client that
/// disconnects stops the stream at once. Every event's id is a cursor: how many of the search's business personas,
/// decision-maker personas, businesses and decision makers (each in the store's stable, append-only order) and whether the
/// market report have been sent, as <c>r{bp}.{dmp}.{b}.{dm}.{m}</c>. A client that reconnects with <c>Last-Event-ID</c>
/// (browsers' EventSource does so by itself) resumes after it, on any web instance: it receives every result exactly once.
/// Without one, the stream starts from the beginning.
/// </summary>
internal sealed partial class SearchEventStream(ILeadPipeline pipeline, ILeadStore store, WebHostOptions options, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, ILogger<SearchEventStream> logger)
{
    private readonly JsonSerializerOptions _json = json.Value.SerializerOptions;

    /// <summary>Streams search <paramref name="searchId"/> of <paramref name="tenant"/> to the response until it finishes or the client leaves.</summary>
    public async Task StreamAsync(HttpContext context, string tenant, Guid searchId)
    {
        var aborted = context.RequestAborted;
        var response = context.Response;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache, no-store, no-transform";
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        using var writeLock = new SemaphoreSlim(1, 1);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        var sent = SentResults.Parse(context.Request.Headers["Last-Event-ID"].ToString());

        async Task WriteAsync(string text)
        {
            await writeLock.WaitAsync(stop.Token);
            try
            {
                await response.WriteAsync(text, Encoding.UTF8, stop.Token);
                await response.Body.FlushAsync(stop.Token);
            }
            finally
            {
                writeLock.Release();
            }
        }

        string Event(string name, object data) =>
            $"id: {sent.Cursor}\nevent: {name}\ndata: {JsonSerializer.Serialize(data, _json)}\n\n";

        var heartbeat = Task.CompletedTask;
        try
        {
            await WriteAsync("retry: 3000\n: leadora search events\n\n");
            heartbeat = HeartbeatAsync(WriteAsync, stop.Token);
            await foreach (var change in pipeline.WatchAsync(tenant, searchId, stop.Token))
            {
                var text = change.Kind switch
                {
                    SearchEventKind.ResultsAdded => Event("results", await sent.NextAsync(store, tenant, searchId, change.Progress.Counts, stop.Token)),
                    SearchEventKind.Finished => Event("finished", ProgressView.From(change.Progress)),
                    _ => Event("progress", ProgressView.From(change.Progress)),
                };
                await WriteAsync(text);
            }
        }
        catch (Exception ex) when (aborted.IsCancellationRequested && ex is OperationCanceledException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The client left; whatever the write or wait threw, there is nobody to answer.
        }
        finally
        {
            await stop.CancelAsync();
            await heartbeat.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            if (aborted.IsCancellationRequested)
            {
                LogDisconnected(logger, searchId);
            }
        }
    }

    private async Task HeartbeatAsync(Func<string, Task> write, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.SseHeartbeat);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            await write(": keep-alive " + DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) + "\n\n");
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Event stream of search {SearchId} closed by the client")]
    private static partial void LogDisconnected(ILogger logger, Guid searchId);

    /// <summary>
    /// What a stream (and the streams before it, through <c>Last-Event-ID</c>) has already sent, as counts in the store's
    /// append-only order, so each <c>results</c> event carries only what is new.
    /// </summary>
    private sealed class SentResults
    {
        private int _businessPersonas;
        private int _decisionMakerPersonas;
        private int _businesses;
        private int _decisionMakers;
        private bool _market;

        /// <summary>The cursor sent as each event's id.</summary>
        public string Cursor => string.Create(CultureInfo.InvariantCulture, $"r{_businessPersonas}.{_decisionMakerPersonas}.{_businesses}.{_decisionMakers}.{(_market ? 1 : 0)}");

        /// <summary>Resumes after <paramref name="lastEventId"/>; an empty or unreadable id starts from the beginning.</summary>
        public static SentResults Parse(string? lastEventId)
        {
            var sent = new SentResults();
            if (lastEventId is not ['r', .. var rest])
            {
                return sent;
            }

            var parts = rest.Split('.');
            if (parts.Length != 5 || !parts.All(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
            {
                return sent;
            }

            var n = parts.Select(p => int.Parse(p, NumberStyles.None, CultureInfo.InvariantCulture)).ToArray();
            (sent._businessPersonas, sent._decisionMakerPersonas, sent._businesses, sent._decisionMakers, sent._market) = (n[0], n[1], n[2], n[3], n[4] == 1);
            return sent;
        }

        public async Task<ResultsAdded> NextAsync(ILeadStore store, string tenant, Guid searchId, SearchCounts counts, CancellationToken cancellationToken)
        {
            var businessPersonas = counts.BusinessPersonas > _businessPersonas
                ? After(await store.GetBusinessPersonasAsync(tenant, searchId, cancellationToken), ref _businessPersonas)
                : [];
            var decisionMakerPersonas = counts.DecisionMakerPersonas > _decisionMakerPersonas
                ? After(await store.GetDecisionMakerPersonasAsync(tenant, searchId, cancellationToken), ref _decisionMakerPersonas)
                : [];
            var businesses = counts.Businesses > _businesses
                ? After(await store.GetBusinessesAsync(tenant, searchId, cancellationToken: cancellationToken), ref _businesses)
                : [];
            var decisionMakers = counts.DecisionMakers > _decisionMakers
                ? After(await store.GetDecisionMakersAsync(tenant, searchId, cancellationToken), ref _decisionMakers)
                : [];
            MarketReport? market = null;
            if (counts.HasMarketReport && !_market)
            {
                market = await store.GetMarketReportAsync(tenant, searchId, cancellationToken);
                _market = market is not null;
            }

            return new ResultsAdded(counts, businessPersonas, decisionMakerPersonas, businesses, decisionMakers, market);
        }

        /// <summary>The items after the first <paramref name="sent"/>, which then counts them too.</summary>
        private static List<T> After<T>(IReadOnlyList<T> items, ref int sent)
        {
            var next = items.Skip(sent).ToList();
            sent = Math.Max(sent, items.Count);
            return next;
        }
    }
}
