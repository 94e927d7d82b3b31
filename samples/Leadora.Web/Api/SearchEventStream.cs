using System.Globalization;
using System.Text;
using System.Text.Json;
using Leadora.Web.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Leadora.Web.Api;

/// <summary>
/// Streams a search as Server-Sent Events (<c>text/event-stream</c>): <c>progress</c> events when progress moves,
/// <c>results</c> events with the personas, businesses, decision makers and market report that landed since the previous
/// one (the first carries everything so far; each is read from the store past a cursor, never by re-reading every result), and a final <c>finished</c> event, after which the stream ends. A comment
/// line every <see cref="Hosting.WebHostOptions.SseHeartbeat"/> keeps proxies from closing an idle stream. A client that
/// disconnects stops the stream at once. Reconnecting (with or without <c>Last-Event-ID</c>) starts over from the
/// current state, so clients must treat results as upserts by id.
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
        var sequence = 0;

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
            $"id: {++sequence}\nevent: {name}\ndata: {JsonSerializer.Serialize(data, _json)}\n\n";

        var heartbeat = Task.CompletedTask;
        try
        {
            await WriteAsync("retry: 3000\n: leadora search events\n\n");
            heartbeat = HeartbeatAsync(WriteAsync, stop.Token);
            await foreach (var change in reader.WatchResultsAsync(tenant, searchId, stop.Token))
            {
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
}
