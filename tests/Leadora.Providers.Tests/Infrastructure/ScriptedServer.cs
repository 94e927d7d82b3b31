using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Leadora.Providers.Tests.Infrastructure;

/// <summary>A request as the server received it.</summary>
public sealed record RecordedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    /// <summary>The query string, including the leading '?', or empty.</summary>
    public string QueryString { get; init; } = "";

    /// <summary>A query parameter, decoded.</summary>
    public string? Query(string name) => System.Web.HttpUtility.ParseQueryString(QueryString)[name];
}

/// <summary>What the server answers.</summary>
public sealed record ScriptedResponse(int Status, string Body, string ContentType = "application/json")
{
    public Dictionary<string, string> Headers { get; init; } = [];

    public TimeSpan Delay { get; init; }

    public static ScriptedResponse Json(string body, int status = 200) => new(status, body);
}

/// <summary>
/// A Kestrel server on 127.0.0.1 with a random port that records every request and answers with whatever the test
/// scripted. Adapters talk to it over real HTTP, through their production HttpClient pipeline.
/// </summary>
public sealed class ScriptedServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<RecordedRequest> requests = new();
    private int inFlight;
    private int maxInFlight;

    private ScriptedServer(WebApplication app) => this.app = app;

    /// <summary>Answers every request; replace it per test.</summary>
    public Func<RecordedRequest, Task<ScriptedResponse>> Handler { get; set; } = _ => Task.FromResult(new ScriptedResponse(500, """{"error":"not scripted"}"""));

    public Uri BaseAddress { get; private set; } = null!;

    public IReadOnlyList<RecordedRequest> Requests => [.. requests];

    /// <summary>Most requests the server was handling at the same time.</summary>
    public int MaxInFlight => Volatile.Read(ref maxInFlight);

    public void Respond(Func<RecordedRequest, ScriptedResponse> handler) => Handler = r => Task.FromResult(handler(r));

    public void Respond(ScriptedResponse response) => Respond(_ => response);

    public static async Task<ScriptedServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new ScriptedServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        server.BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var now = Interlocked.Increment(ref inFlight);
        try
        {
            int seen;
            while (now > (seen = Volatile.Read(ref maxInFlight)) && Interlocked.CompareExchange(ref maxInFlight, now, seen) != seen)
            {
            }

            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            var request = new RecordedRequest(context.Request.Method, context.Request.Path.Value ?? "", headers, body) { QueryString = context.Request.QueryString.Value ?? "" };
            requests.Enqueue(request);

            var response = await Handler(request);
            if (response.Delay > TimeSpan.Zero)
            {
                await Task.Delay(response.Delay, context.RequestAborted);
            }

            context.Response.StatusCode = response.Status;
            context.Response.ContentType = response.ContentType;
            foreach (var (name, value) in response.Headers)
            {
                context.Response.Headers[name] = value;
            }

            await context.Response.WriteAsync(response.Body, context.RequestAborted);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client gave up (a timeout test); nothing to answer.
        }
        finally
        {
            Interlocked.Decrement(ref inFlight);
        }
    }
}
