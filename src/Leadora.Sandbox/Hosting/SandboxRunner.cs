using System.Text;
using Leadora.Sandbox.Faults;
using Leadora.Sandbox.Llm;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Leadora.Sandbox.Hosting;

/// <summary>
/// Runs every provider request the same way: buffer the body, wait the provider's latency, check the key, draw a
/// fault, call the handler, corrupt content when asked, write the response, record it. One place for the
/// cross-cutting behaviour, whatever the provider.
/// </summary>
internal sealed partial class SandboxRunner
{
    private readonly SandboxOptions _options;
    private readonly FaultPlanner _faults;
    private readonly SandboxRequestLog _log;
    private readonly ILogger _logger;
    private readonly CancellationToken _stopping;
    private readonly SandboxStats _stats;

    public SandboxRunner(SandboxOptions options, FaultPlanner faults, SandboxRequestLog log, SandboxStats stats, ILogger logger, CancellationToken stopping)
    {
        _stats = stats;
        _options = options;
        _faults = faults;
        _log = log;
        _logger = logger;
        _stopping = stopping;
    }

    public async Task RunAsync(ProviderEmulator emulator, SandboxEndpoint endpoint, HttpContext http)
    {
        using var inFlight = _stats.Begin(emulator.Provider);
        http.Response.OnStarting(static state =>
        {
            ((IDisposable)state).Dispose();
            return Task.CompletedTask;
        }, inFlight);
        var time = _options.TimeProvider;
        var arrived = time.GetUtcNow();
        var started = time.GetTimestamp();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, _stopping);
        var token = linked.Token;
        var body = "";
        SandboxFault? fault = null;
        SandboxResponse response;
        try
        {
            body = await ReadBodyAsync(http.Request, token).ConfigureAwait(false);
            if (LatencyFor(emulator.Provider, http.Request.Path) is var latency && latency > TimeSpan.Zero)
            {
                await Task.Delay(latency, time, token).ConfigureAwait(false);
            }

            var probe = new SandboxCall(http, body, null);
            if (emulator.Authenticate(probe) is { } denied)
            {
                response = denied;
            }
            else
            {
                var requestKey = $"{http.Request.Method} {http.Request.Path}{http.Request.QueryString}\n{body}";
                fault = _faults.Next(emulator.Provider, requestKey, kind => kind != SandboxFaultKind.SchemaViolation || endpoint.Traits.HasFlag(EndpointTraits.LlmOutput));
                response = await RespondAsync(emulator, endpoint, new SandboxCall(http, body, fault), token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            Record(emulator.Provider, http, body, StatusCodes.Status499ClientClosedRequest, fault, arrived, started);
            return;
        }

        await WriteAsync(http, response, token).ConfigureAwait(false);
        Record(emulator.Provider, http, body, response.StatusCode, fault, arrived, started);
    }

    /// <summary>The longest <see cref="SandboxOptions.PathLatency"/> prefix of the path, else the provider's <see cref="SandboxOptions.Latency"/>.</summary>
    private TimeSpan LatencyFor(string provider, PathString path)
    {
        var relative = (path.Value ?? "").TrimStart('/');
        var byPath = _options.PathLatency
            .Where(p => relative.StartsWith(p.Key.TrimStart('/'), StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(p => p.Key.Length)
            .Select(p => (TimeSpan?)p.Value)
            .FirstOrDefault();
        return byPath ?? (_options.Latency.TryGetValue(provider, out var latency) ? latency : TimeSpan.Zero);
    }

    /// <summary>Records a request no provider serves (the fallback route).</summary>
    public async Task RunUnmatchedAsync(HttpContext http)
    {
        var arrived = _options.TimeProvider.GetUtcNow();
        var started = _options.TimeProvider.GetTimestamp();
        var body = await ReadBodyAsync(http.Request, http.RequestAborted).ConfigureAwait(false);
        var error = SandboxJson.Labelled(new System.Text.Json.Nodes.JsonObject
        {
            ["error"] = new System.Text.Json.Nodes.JsonObject { ["message"] = $"The Leadora sandbox has no route for {http.Request.Method} {http.Request.Path}.", ["type"] = "not_found" },
        });
        var response = SandboxResponse.Json(StatusCodes.Status404NotFound, error);
        await WriteAsync(http, response, http.RequestAborted).ConfigureAwait(false);
        Record(null, http, body, response.StatusCode, null, arrived, started);
    }

    private async Task<SandboxResponse> RespondAsync(ProviderEmulator emulator, SandboxEndpoint endpoint, SandboxCall call, CancellationToken token)
    {
        switch (call.Fault?.Kind)
        {
            case SandboxFaultKind.Timeout:
                await Task.Delay(_options.TimeoutFaultDuration, _options.TimeProvider, token).ConfigureAwait(false);
                return emulator.FaultResponse(call.Fault, call);
            case SandboxFaultKind.RateLimit or SandboxFaultKind.InternalServerError or SandboxFaultKind.ServiceUnavailable or SandboxFaultKind.OutOfCredit:
                return emulator.FaultResponse(call.Fault, call);
        }

        SandboxResponse response;
        try
        {
            response = endpoint.Handler(call);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogHandlerFailed(_logger, exception, emulator.Provider, call.Http.Request.Path);
            return emulator.InternalError(call);
        }

        // Content faults on non-LLM endpoints corrupt the whole body; LLM endpoints corrupt their output text themselves.
        if (call.Fault?.Kind == SandboxFaultKind.Malformed && !endpoint.Traits.HasFlag(EndpointTraits.LlmOutput) && response.StatusCode == StatusCodes.Status200OK)
        {
            response = response with { Body = Corruption.Malform(response.Body) };
        }

        return response;
    }

    private static async Task<string> ReadBodyAsync(HttpRequest request, CancellationToken token)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
        return await reader.ReadToEndAsync(token).ConfigureAwait(false);
    }

    private static async Task WriteAsync(HttpContext http, SandboxResponse response, CancellationToken token)
    {
        http.Response.StatusCode = response.StatusCode;
        http.Response.ContentType = response.ContentType;
        foreach (var (name, value) in response.Headers)
        {
            http.Response.Headers[name] = value;
        }

        try
        {
            await http.Response.WriteAsync(response.Body, token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // The client went away while we wrote; nothing left to do.
        }
    }

    private void Record(string? provider, HttpContext http, string body, int status, SandboxFault? fault, DateTimeOffset arrived, long started)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in http.Request.Headers)
        {
            headers[name] = values.ToString();
        }

        var duration = _options.TimeProvider.GetElapsedTime(started);
        _log.Add(new SandboxRequestLogEntry
        {
            Timestamp = arrived,
            Provider = provider,
            Method = http.Request.Method,
            Path = http.Request.Path.Value ?? "",
            QueryString = http.Request.QueryString.Value ?? "",
            Headers = headers,
            Body = body,
            StatusCode = status,
            Fault = fault,
            Duration = duration,
        });

        // Never the headers or the query string here: they carry API keys.
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            LogServed(_logger, provider ?? "-", http.Request.Method, http.Request.Path.Value ?? "", status, fault, duration.TotalMilliseconds);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Sandbox {Provider} {Method} {Path} -> {Status} (fault: {Fault}, {ElapsedMs} ms)")]
    private static partial void LogServed(ILogger logger, string provider, string method, string path, int status, SandboxFault? fault, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Sandbox {Provider} handler failed for {Path}")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, string provider, string path);
}
