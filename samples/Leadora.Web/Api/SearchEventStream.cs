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
/// one (the first carries everything so far; each is read from the store past a cursor, never by re-reading every result), and a final <c>finished</c> event, after which the stream ends. A comment
/// line every <see cref="Hosting.WebHostOptions.SseHeartbeat"/> keeps proxies from closing an idle stream. A client that
/// disconnects stops the stream at once. Every event's id is a cursor: how many of the search's business personas,
/// decision-maker personas, businesses and decision makers (each in the store's stable, append-only order) and whether the
/// market report have been sent, as <c>r{bp}.{dmp}.{b}.{dm}.{m}</c>. A client that reconnects with <c>Last-Event-ID</c>
/// (browsers' EventSource does so by itself) resumes after it, on any web instance: it receives every result exactly once.
/// Without one, the stream starts from the beginning.
/// </summary>
internal sealed partial class SearchEventStream(SearchReader reader, WebHostOptions options, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, ILogger<SearchEventStream> logger)
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
        var cursor = ParseCursor(context.Request.Headers["Last-Event-ID"].ToString());

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
            $"id: {FormatCursor(cursor ?? ResultsCursor.Start)}\nevent: {name}\ndata: {JsonSerializer.Serialize(data, _json)}\n\n";

        var heartbeat = Task.CompletedTask;
        try
        {
            await WriteAsync("retry: 3000\n: leadora search events\n\n");
            heartbeat = HeartbeatAsync(WriteAsync, stop.Token);
            await foreach (var change in reader.WatchResultsAsync(tenant, searchId, cursor, stop.Token))
            {
                cursor = change.Added?.Next ?? cursor;
                var text = change.Kind switch
                {
                    SearchEventKind.ResultsAdded when change.Added is { } added => Event("results", new ResultsAdded(
                        change.Progress.Counts, added.BusinessPersonas, added.DecisionMakerPersonas, added.Businesses, added.DecisionMakers, added.Market)),
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

    /// <summary>The event id: the cursor after everything this stream (and those before it) sent, <c>r{bp}.{dmp}.{b}.{dm}.{m}</c>.</summary>
    private static string FormatCursor(ResultsCursor c) =>
        string.Create(CultureInfo.InvariantCulture, $"r{c.BusinessPersonas}.{c.DecisionMakerPersonas}.{c.Businesses}.{c.DecisionMakers}.{(c.MarketReport ? 1 : 0)}");

    /// <summary>The cursor in <paramref name="lastEventId"/>; an empty or unreadable id starts from the beginning.</summary>
    private static ResultsCursor? ParseCursor(string? lastEventId)
    {
        if (lastEventId is not ['r', .. var rest])
        {
            return null;
        }

        var parts = rest.Split('.');
        var n = new int[5];
        if (parts.Length != 5 || parts.Where((p, i) => !int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out n[i]) || (i == 4 && n[i] > 1)).Any())
        {
            return null;
        }

        return new ResultsCursor(n[0], n[1], n[2], n[3], n[4] == 1);
    }
}
