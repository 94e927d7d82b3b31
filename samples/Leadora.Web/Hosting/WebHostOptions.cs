using System.Text;
using Leadora.Sandbox;
using Microsoft.Extensions.Configuration;

namespace Leadora.Web.Hosting;

/// <summary>Whether the host uses the in-process sandbox instead of the real providers.</summary>
internal enum OfflineMode
{
    /// <summary>Offline exactly when no provider API key is configured.</summary>
    Auto,

    /// <summary>Always use the sandbox (synthetic data), even when keys are configured.</summary>
    Always,

    /// <summary>Never use the sandbox; start-up fails when a provider is missing.</summary>
    Never,
}

/// <summary>An API key for server-to-server use: every request made with it acts as <see cref="UserId"/>.</summary>
internal sealed class ApiKeyOptions
{
    /// <summary>A label for logs (never the key itself).</summary>
    public string Name { get; set; } = "";

    /// <summary>The key; at least 32 characters, and not shaped like a JWT (no dots).</summary>
    public string Key { get; set; } = "";

    /// <summary>The user (tenant) the key acts as.</summary>
    public string UserId { get; set; } = "";
}

/// <summary>How callers authenticate (section <c>Leadora:Web:Auth</c>).</summary>
internal sealed class WebAuthOptions
{
    /// <summary>HS256 secret of the JWTs (<c>LEADORA_JWT_SECRET</c>, or <c>SUPABASE_JWT_SECRET</c>), at least 32 bytes of UTF-8.</summary>
    public string? JwtSecret { get; set; }

    /// <summary>Required issuer (<c>iss</c>), when set (<c>LEADORA_JWT_ISSUER</c>).</summary>
    public string? Issuer { get; set; }

    /// <summary>Required audience (<c>aud</c>), when set (<c>LEADORA_JWT_AUDIENCE</c>; Supabase uses <c>authenticated</c>).</summary>
    public string? Audience { get; set; }

    /// <summary>Clock skew allowed when checking <c>exp</c> and <c>nbf</c>. Default 30 s.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>API keys for server-to-server use.</summary>
    public List<ApiKeyOptions> ApiKeys { get; set; } = [];
}

/// <summary>Per-user limits on starting searches (section <c>Leadora:Web:RateLimit</c>).</summary>
internal sealed class SearchRateLimitOptions
{
    /// <summary>Searches a user may start per window. Default 10.</summary>
    public int SearchesPerWindow { get; set; } = 10;

    /// <summary>The window. Default one minute.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>The in-process sandbox used offline (section <c>Leadora:Web:Sandbox</c>).</summary>
internal sealed class WebSandboxOptions
{
    /// <summary>Seed of the synthetic world. Default 42.</summary>
    public long Seed { get; set; } = 42;

    /// <summary>Latency per provider, for example <c>openai=800,serper=150</c> or <c>realistic</c>. Default none.</summary>
    public string? Latency { get; set; }

    /// <summary>Fault rates, for example <c>openai:429=0.1</c>. Default none.</summary>
    public string? Faults { get; set; }

    /// <summary>The sandbox options these settings describe.</summary>
    /// <exception cref="FormatException">A spec is malformed.</exception>
    public SandboxOptions ToSandboxOptions()
    {
        var options = new SandboxOptions { Seed = Seed };
        if (!string.IsNullOrWhiteSpace(Latency))
        {
            foreach (var (provider, latency) in SandboxOptions.ParseLatency(Latency))
            {
                options.Latency[provider] = latency;
            }
        }

        if (!string.IsNullOrWhiteSpace(Faults))
        {
            foreach (var fault in SandboxOptions.ParseFaults(Faults))
            {
                options.FaultRates.Add(fault);
            }
        }

        return options;
    }
}

/// <summary>Settings of the web host (configuration section <c>Leadora:Web</c>).</summary>
internal sealed class WebHostOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Leadora:Web";

    /// <summary>
    /// Flat environment variable names accepted for web settings, mapped under <c>Leadora:Web</c>. An explicit
    /// <c>Leadora:Web:…</c> setting wins; earlier names win over later ones.
    /// </summary>
    public static IReadOnlyList<(string Variable, string Path)> Aliases { get; } =
    [
        ("LEADORA_JWT_SECRET", "Auth:JwtSecret"),
        ("SUPABASE_JWT_SECRET", "Auth:JwtSecret"),
        ("LEADORA_JWT_ISSUER", "Auth:Issuer"),
        ("LEADORA_JWT_AUDIENCE", "Auth:Audience"),
        ("LEADORA_WEB_PORT", "Port"),
        ("LEADORA_WEB_OFFLINE", "Offline"),
        ("LEADORA_WEB_RUN_JOBS", "RunJobs"),
        ("LEADORA_SANDBOX_URL", "SandboxUrl"),
    ];

    /// <summary>Loopback port used when no <c>urls</c> (<c>ASPNETCORE_URLS</c>, <c>--urls</c>) are configured. Default 5080.</summary>
    public int Port { get; set; } = 5080;

    /// <summary>Whether to run offline against the in-process sandbox. Default <see cref="OfflineMode.Auto"/>.</summary>
    public OfflineMode Offline { get; set; } = OfflineMode.Auto;

    /// <summary>Run the pipeline's jobs in this process. Turn off when separate workers drain a shared (Postgres) queue. Default on.</summary>
    public bool RunJobs { get; set; } = true;

    /// <summary>
    /// A standalone sandbox (<c>leadora sandbox --port N</c>) shared with the fleet, used as every provider instead of an
    /// in-process one (<c>--sandbox URL</c>, <c>LEADORA_SANDBOX_URL</c>); provider limits such as <c>OPENAI_MAX_CONCURRENT</c>
    /// still apply. Default none.
    /// </summary>
    public string? SandboxUrl { get; set; }

    /// <summary>Largest accepted request body, in bytes. Default 64 KB.</summary>
    public long MaxRequestBodyBytes { get; set; } = 64 * 1024;

    /// <summary>Interval of the keep-alive comments on event streams. Default 15 s.</summary>
    public TimeSpan SseHeartbeat { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Value of the <c>LeadSource</c> column of Salesforce exports. Default <c>Leadora</c>.</summary>
    public string LeadSource { get; set; } = "Leadora";

    /// <summary>Origins allowed to call the API from browsers (CORS). Default none.</summary>
    public List<string> CorsOrigins { get; set; } = [];

    /// <summary>Authentication.</summary>
    public WebAuthOptions Auth { get; set; } = new();

    /// <summary>Rate limits.</summary>
    public SearchRateLimitOptions RateLimit { get; set; } = new();

    /// <summary>The offline sandbox.</summary>
    public WebSandboxOptions Sandbox { get; set; } = new();

    /// <summary>
    /// Reads the settings: applies the flat aliases (<c>LEADORA_JWT_SECRET</c>, <c>SUPABASE_JWT_SECRET</c>, <c>LEADORA_API_KEYS</c>, …),
    /// binds the section and validates it.
    /// </summary>
    /// <exception cref="StartupException">A setting is invalid; the message names every one.</exception>
    public static WebHostOptions Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var mapped = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (variable, path) in Aliases)
        {
            var value = configuration[variable];
            var key = SectionName + ":" + path;
            if (!string.IsNullOrEmpty(value) && string.IsNullOrEmpty(configuration[key]))
            {
                mapped.TryAdd(key, value);
            }
        }

        var offline = mapped.GetValueOrDefault(SectionName + ":Offline") ?? configuration[SectionName + ":Offline"];
        if (offline?.Trim().ToUpperInvariant() is "TRUE" or "1" or "YES" or "FALSE" or "0" or "NO")
        {
            // Booleans read naturally in environment variables: true means always offline, false never.
            mapped[SectionName + ":Offline"] = offline.Trim().ToUpperInvariant() is "TRUE" or "1" or "YES" ? nameof(OfflineMode.Always) : nameof(OfflineMode.Never);
        }

        var layered = new ConfigurationBuilder().AddConfiguration(configuration).AddInMemoryCollection(mapped).Build();
        WebHostOptions options;
        try
        {
            options = layered.GetSection(SectionName).Get<WebHostOptions>() ?? new WebHostOptions();
        }
        catch (InvalidOperationException ex)
        {
            throw new StartupException($"The {SectionName} settings cannot be read: {ex.Message}", ex);
        }

        var problems = new List<string>();
        options.Auth.ApiKeys.AddRange(ParseApiKeys(configuration["LEADORA_API_KEYS"], problems));
        problems.AddRange(options.Validate());
        return problems.Count == 0 ? options : throw new StartupException(string.Join(Environment.NewLine, problems));
    }

    /// <summary>Problems with the settings; empty when they are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Port is < 0 or > 65535)
        {
            problems.Add($"{SectionName}:Port (LEADORA_WEB_PORT) is {Port}; it must be between 0 and 65535.");
        }

        if (MaxRequestBodyBytes < 1024)
        {
            problems.Add($"{SectionName}:MaxRequestBodyBytes is {MaxRequestBodyBytes}; it must be at least 1024.");
        }

        if (SseHeartbeat <= TimeSpan.Zero)
        {
            problems.Add($"{SectionName}:SseHeartbeat must be positive.");
        }

        if (RateLimit.SearchesPerWindow < 1 || RateLimit.Window <= TimeSpan.Zero)
        {
            problems.Add($"{SectionName}:RateLimit needs SearchesPerWindow of at least 1 and a positive Window.");
        }

        if (SandboxUrl is { Length: > 0 } sandbox && (!Uri.TryCreate(sandbox, UriKind.Absolute, out var sandboxUri) || sandboxUri.Scheme is not ("http" or "https")))
        {
            problems.Add($"{SectionName}:SandboxUrl (--sandbox, LEADORA_SANDBOX_URL) must be an http:// URL such as http://127.0.0.1:5090/.");
        }

        if (string.IsNullOrWhiteSpace(LeadSource))
        {
            problems.Add($"{SectionName}:LeadSource must not be empty.");
        }

        if (Auth.JwtSecret is { } secret && Encoding.UTF8.GetByteCount(secret) < 32)
        {
            problems.Add("The JWT secret (LEADORA_JWT_SECRET / SUPABASE_JWT_SECRET) must be at least 32 bytes long for HS256.");
        }

        foreach (var (key, index) in Auth.ApiKeys.Select((k, i) => (k, i)))
        {
            var label = string.IsNullOrWhiteSpace(key.Name) ? $"#{index}" : $"'{key.Name}'";
            if (key.Key.Length < 32 || key.Key.Contains('.', StringComparison.Ordinal) || key.Key.Any(char.IsWhiteSpace))
            {
                problems.Add($"API key {label} must be at least 32 characters without dots or spaces (generate one with: openssl rand -hex 32).");
            }

            if (string.IsNullOrWhiteSpace(key.UserId))
            {
                problems.Add($"API key {label} needs a UserId: the user it acts as.");
            }
        }

        if (Auth.ApiKeys.GroupBy(k => k.Key, StringComparer.Ordinal).Any(g => g.Count() > 1))
        {
            problems.Add("The same API key is configured twice.");
        }

        try
        {
            _ = Sandbox.ToSandboxOptions();
        }
        catch (FormatException ex)
        {
            problems.Add($"{SectionName}:Sandbox: {ex.Message}");
        }

        return problems;
    }

    /// <summary>Parses <c>LEADORA_API_KEYS</c>: <c>user=key</c> pairs separated by <c>;</c> or <c>,</c>.</summary>
    private static IEnumerable<ApiKeyOptions> ParseApiKeys(string? value, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            yield break;
        }

        var index = 0;
        foreach (var entry in value.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            index++;
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || equals == entry.Length - 1)
            {
                problems.Add($"LEADORA_API_KEYS entry {index} is not in the form user=key.");
                continue;
            }

            yield return new ApiKeyOptions { Name = $"LEADORA_API_KEYS[{index}]", UserId = entry[..equals].Trim(), Key = entry[(equals + 1)..].Trim() };
        }
    }
}

/// <summary>The host cannot start with its configuration; the message says what to change.</summary>
internal sealed class StartupException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StartupException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public StartupException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public StartupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
