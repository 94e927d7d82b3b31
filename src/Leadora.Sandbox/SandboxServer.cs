using System.Net;
using System.Text.Json.Nodes;
using Leadora.Sandbox.Faults;
using Leadora.Sandbox.Hosting;
using Leadora.Sandbox.Providers.DeepSeek;
using Leadora.Sandbox.Providers.Gemini;
using Leadora.Sandbox.Providers.GoogleCse;
using Leadora.Sandbox.Providers.GooglePlaces;
using Leadora.Sandbox.Providers.OpenAI;
using Leadora.Sandbox.Providers.Serper;
using Leadora.Sandbox.World;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Leadora.Sandbox;

/// <summary>
/// The Leadora sandbox: a loopback HTTP server that speaks each provider's protocol (OpenAI, Gemini, DeepSeek, Serper,
/// Google Places (New and legacy), Google Custom Search) over a
/// deterministic, seeded synthetic world, with optional latency and faults. Point a production adapter's base URL
/// at <see cref="BaseAddressFor"/> and it talks to the sandbox instead of the real service.
/// </summary>
public sealed class SandboxServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping;
    private readonly IReadOnlyDictionary<string, ProviderEmulator> _emulators;
    private int _disposed;

    private SandboxServer(WebApplication app, CancellationTokenSource stopping, Uri baseAddress, SandboxRequestLog log, SandboxStats stats, SandboxFaultQueue faults, long seed, IReadOnlyDictionary<string, ProviderEmulator> emulators)
    {
        Stats = stats;
        _app = app;
        _stopping = stopping;
        _emulators = emulators;
        BaseAddress = baseAddress;
        RequestLog = log;
        Faults = faults;
        Seed = seed;
    }

    /// <summary>The server's root address, for example <c>http://127.0.0.1:5090/</c> (always ends with '/').</summary>
    public Uri BaseAddress { get; }

    /// <summary>Every request served, with headers, body, status and injected fault.</summary>
    public SandboxRequestLog RequestLog { get; }

    /// <summary>Per provider, the most requests seen in flight at once and the smallest gap between two request starts (also at <c>GET /_sandbox/stats</c>).</summary>
    public SandboxStats Stats { get; }

    /// <summary>Scripted faults: the next request to a provider takes the next fault queued for it.</summary>
    public SandboxFaultQueue Faults { get; }

    /// <summary>The seed of the synthetic world.</summary>
    public long Seed { get; }

    /// <summary>Providers this server emulates (see <see cref="SandboxProviders"/>).</summary>
    public IReadOnlyCollection<string> Providers => _emulators.Keys.ToList();

    /// <summary>
    /// The base URL a provider client should use: <c>{BaseAddress}openai/v1/</c>, <c>gemini/v1beta/</c>, <c>deepseek/</c>,
    /// <c>serper/</c>, <c>places/v1/</c> (Places API (New)), <c>maps/api/place/</c> (legacy Places) and
    /// <c>customsearch/v1</c> (Custom Search, whose endpoint is the base URL itself).
    /// </summary>
    /// <exception cref="ArgumentException">The provider is unknown or not emulated by this version of the sandbox.</exception>
    public Uri BaseAddressFor(string provider)
    {
        var name = SandboxProviders.Require(provider, nameof(provider));
        return _emulators.TryGetValue(name, out var emulator)
            ? new Uri(BaseAddress, emulator.BasePath)
            : throw new ArgumentException($"The sandbox does not emulate '{name}' yet. Emulated: {string.Join(", ", _emulators.Keys)}.", nameof(provider));
    }

    /// <summary>Starts a sandbox on 127.0.0.1 with the given options.</summary>
    /// <exception cref="ArgumentException">The options name an unknown provider or an invalid rate.</exception>
    public static async Task<SandboxServer> StartAsync(SandboxOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var loggerFactory = options.LoggerFactory ?? NullLoggerFactory.Instance;

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ApplicationName = typeof(SandboxServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, options.Port));
        builder.Logging.ClearProviders();
        builder.Services.RemoveAll<ILoggerFactory>();
        builder.Services.AddSingleton(loggerFactory);
        // Embedded in a CLI or a test: never take over the process's Ctrl+C or SIGTERM handling.
        builder.Services.RemoveAll<IHostLifetime>();
        builder.Services.AddSingleton<IHostLifetime, EmbeddedLifetime>();
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(5));

        var app = builder.Build();
        var stopping = new CancellationTokenSource();
        var log = new SandboxRequestLog(options.RequestLogCapacity);
        var stats = new SandboxStats();
        var faults = new SandboxFaultQueue();
        var world = new SyntheticWorld(options.Seed, options.ProfileTitleLength);
        var runner = new SandboxRunner(options, new FaultPlanner(options.Seed, options.FaultRates.Select(r => r with { Provider = SandboxProviders.Require(r.Provider, nameof(options.FaultRates)) }).ToList(), faults), log, stats, loggerFactory.CreateLogger("Leadora.Sandbox"), stopping.Token);

        ProviderEmulator[] emulators =
        [
            new OpenAIEmulator(options.Seed),
            new GeminiEmulator(options.Seed),
            new DeepSeekEmulator(options.Seed),
            new SerperEmulator(world),
            new PlacesNewEmulator(world),
            new PlacesLegacyEmulator(world),
            new CustomSearchEmulator(world),
        ];

        app.Use((context, next) =>
        {
            context.Response.Headers[SandboxJson.HeaderName] = SandboxJson.HeaderValue;
            return next(context);
        });

        foreach (var emulator in emulators)
        {
            foreach (var endpoint in emulator.Endpoints)
            {
                app.MapMethods(endpoint.Pattern, [endpoint.Method], context => runner.RunAsync(emulator, endpoint, context));
            }
        }

        MapControl(app, log, stats, options.Seed, emulators);
        app.MapFallback(runner.RunUnmatchedAsync);

        try
        {
            await app.StartAsync(ct).ConfigureAwait(false);
        }
        catch
        {
            stopping.Dispose();
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("The sandbox started without a listening address.");
        var baseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
        return new SandboxServer(app, stopping, baseAddress, log, stats, faults, options.Seed, emulators.ToDictionary(e => e.Provider, StringComparer.Ordinal));
    }

    /// <summary>Stops the server: hanging (timeout-fault) requests are released first, then Kestrel stops.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            await _app.DisposeAsync().ConfigureAwait(false);
            _stopping.Dispose();
        }
    }

    private static void MapControl(WebApplication app, SandboxRequestLog log, SandboxStats stats, long seed, IReadOnlyList<ProviderEmulator> emulators)
    {
        app.MapGet("/_sandbox/stats", (HttpContext context) => Write(context, StatusCodes.Status200OK, SandboxJson.Labelled(stats.ToJson())));

        app.MapDelete("/_sandbox/stats", (HttpContext context) =>
        {
            stats.Reset();
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return Task.CompletedTask;
        });

        app.MapGet("/_sandbox/health", (HttpContext context) => Write(context, StatusCodes.Status200OK, SandboxJson.Labelled(new JsonObject
        {
            ["status"] = "ok",
            ["seed"] = seed,
            ["providers"] = new JsonArray(emulators.Select(e => (JsonNode?)new JsonObject { ["name"] = e.Provider, ["basePath"] = "/" + e.BasePath }).ToArray()),
        })));

        app.MapGet("/_sandbox/requests", (HttpContext context) => Write(context, StatusCodes.Status200OK, SandboxJson.Labelled(new JsonObject
        {
            ["requests"] = new JsonArray(log.Snapshot().Select(e => (JsonNode?)ToJson(e)).ToArray()),
        })));

        app.MapDelete("/_sandbox/requests", (HttpContext context) =>
        {
            log.Clear();
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return Task.CompletedTask;
        });
    }

    private static Task Write(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(body.ToJsonString(SandboxJson.Indented), context.RequestAborted);
    }

    /// <summary>A log entry over HTTP: API keys are masked there (the in-memory log keeps them for tests).</summary>
    private static JsonObject ToJson(SandboxRequestLogEntry entry)
    {
        var headers = new JsonObject();
        foreach (var (name, value) in entry.Headers)
        {
            headers[name] = IsSecretHeader(name) ? Mask(value) : value;
        }

        return new JsonObject
        {
            ["timestamp"] = entry.Timestamp.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["provider"] = entry.Provider,
            ["method"] = entry.Method,
            ["path"] = entry.Path,
            ["query"] = MaskQuery(entry.QueryString),
            ["headers"] = headers,
            ["body"] = entry.Body,
            ["status"] = entry.StatusCode,
            ["fault"] = entry.Fault is null ? null : SandboxFault.Token(entry.Fault.Kind),
            ["durationMs"] = Math.Round(entry.Duration.TotalMilliseconds, 1),
        };
    }

    private static bool IsSecretHeader(string name) =>
        name.Equals("Authorization", StringComparison.OrdinalIgnoreCase) || name.Equals("X-API-KEY", StringComparison.OrdinalIgnoreCase)
        || name.Equals("x-goog-api-key", StringComparison.OrdinalIgnoreCase) || name.Equals("api-key", StringComparison.OrdinalIgnoreCase);

    private static string Mask(string value) => value.Length <= 8 ? "***" : string.Concat(value.AsSpan(0, 4), "***", value.AsSpan(value.Length - 2));

    private static string MaskQuery(string query)
    {
        if (string.IsNullOrEmpty(query))
        {
            return "";
        }

        var parts = query.TrimStart('?').Split('&').Select(p => p.StartsWith("key=", StringComparison.OrdinalIgnoreCase) ? "key=***" : p);
        return "?" + string.Join('&', parts);
    }

    /// <summary>A host lifetime that leaves the process's signals alone.</summary>
    private sealed class EmbeddedLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
