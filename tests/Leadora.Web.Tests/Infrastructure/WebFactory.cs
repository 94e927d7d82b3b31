using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Leadora.Web.Hosting;
using Leadora.Web.Security;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Leadora.Web.Tests.Infrastructure;

/// <summary>
/// The real web app on a TestServer, offline against the in-process sandbox (no provider keys), with a known JWT secret
/// and an API key. Subclasses change settings. Host configuration is passed early (as command-line arguments), so the app
/// reads it exactly as it would from the environment.
/// </summary>
public class WebFactory : WebApplicationFactory<Program>
{
    public const string Secret = "test-secret-for-leadora-web-tests-0123456789abcdef";

    public const string ApiKey = "lk_test_0123456789abcdef0123456789abcdef";

    public const string ApiKeyUser = "service-user";

    public LogCapture Logs { get; } = new();

    protected virtual IDictionary<string, string?> Settings() => new Dictionary<string, string?>
    {
        ["Leadora:Web:Auth:JwtSecret"] = Secret,
        ["Leadora:Web:Auth:ApiKeys:0:Name"] = "tests",
        ["Leadora:Web:Auth:ApiKeys:0:Key"] = ApiKey,
        ["Leadora:Web:Auth:ApiKeys:0:UserId"] = ApiKeyUser,
        ["Leadora:Web:Offline"] = "Always",
        ["Leadora:Web:RateLimit:SearchesPerWindow"] = "1000",
        ["Leadora:Web:SseHeartbeat"] = "00:00:00.250",
        // Whatever the machine's environment says, these tests use in-memory storage.
        ["Leadora:Postgres:ConnectionString"] = "",
        ["Leadora:Pipeline:WatchPollInterval"] = "00:00:00.100",
        ["Leadora:Runner:IdlePollInterval"] = "00:00:00.200",
        ["Logging:LogLevel:Default"] = "Debug",
    };

    protected override IHost CreateHost(IHostBuilder builder)
    {
        builder.ConfigureHostConfiguration(configuration => configuration.AddInMemoryCollection(Settings()));
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        return base.CreateHost(builder);
    }

    /// <summary>A client acting as <paramref name="user"/> (JWT), or anonymous.</summary>
    public HttpClient ClientFor(string? user)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (user is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TokenFor(user));
        }

        return client;
    }

    public static string TokenFor(string user, TimeSpan? lifetime = null, string? issuer = null, string? audience = null, string secret = Secret) =>
        Tokens.Mint(secret, new WebAuthOptions { Issuer = issuer, Audience = audience }, user, lifetime ?? TimeSpan.FromHours(1), DateTimeOffset.UtcNow);

    public T Service<T>()
        where T : notnull => Services.GetRequiredService<T>();
}

/// <summary>A factory whose sandbox answers slowly, so searches take a few seconds (for streams and cancellation).</summary>
public sealed class SlowWebFactory : WebFactory
{
    protected override IDictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Leadora:Web:Sandbox:Latency"] = "openai=400,serper=40";
        // Every search must really call the (slow) providers; a cached answer would finish it at once.
        settings["Leadora:Cache:Enabled"] = "false";
        return settings;
    }
}

/// <summary>Records every log line (message and exception) the app writes.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
    }
}

/// <summary>Helpers for API calls.</summary>
public static class ApiCalls
{
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);

    public static object SmallRequest(string product = "Industrial water-treatment chemicals") => new
    {
        searchType = "customer",
        productService = product,
        industries = new[] { "Petrochemicals" },
        countries = new[] { "Saudi Arabia" },
        limits = new { businessPersonas = 2, decisionMakerPersonas = 2, businessesPerPersona = 4, decisionMakersPerBusiness = 2 },
    };

    public static async Task<Guid> CreateSearchAsync(this HttpClient client, object? request = null)
    {
        using var response = await client.PostAsJsonAsync("/api/searches", request ?? SmallRequest());
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("id").GetGuid();
    }

    /// <summary>Polls progress until the search is finished; returns the final progress document.</summary>
    public static async Task<JsonElement> WaitUntilFinishedAsync(this HttpClient client, Guid id, TimeSpan? timeout = null)
    {
        using var cancellation = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(90));
        while (true)
        {
            var progress = await client.GetFromJsonAsync<JsonElement>($"/api/searches/{id}/progress", cancellation.Token);
            if (progress.GetProperty("status").GetString() is "completed" or "completed_with_warnings" or "failed" or "cancelled")
            {
                return progress;
            }

            await Task.Delay(100, cancellation.Token);
        }
    }

    public static async Task<Guid> CompletedSearchAsync(this HttpClient client, object? request = null)
    {
        var id = await client.CreateSearchAsync(request);
        var progress = await client.WaitUntilFinishedAsync(id);
        Assert.Equal("completed", progress.GetProperty("status").GetString());
        return id;
    }

    public static async Task<JsonElement> ProblemAsync(this HttpResponseMessage response, System.Net.HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.DoesNotContain("   at ", problem.ToString(), StringComparison.Ordinal);
        return problem;
    }

    public static IReadOnlyList<string> ErrorFields(this JsonElement problem) =>
        [.. problem.GetProperty("errors").EnumerateObject().Select(p => p.Name)];
}

/// <summary>A factory with one finished search of <see cref="Owner"/>, made once for a test class.</summary>
public sealed class FinishedSearchFactory : WebFactory, IAsyncLifetime
{
    public const string Owner = "alice";

    public Guid SearchId { get; private set; }

    public async Task InitializeAsync()
    {
        using var client = ClientFor(Owner);
        SearchId = await client.CompletedSearchAsync();
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
}
