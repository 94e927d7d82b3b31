namespace Leadora.Sandbox;

/// <summary>One request the sandbox served.</summary>
public sealed record SandboxRequestLogEntry
{
    /// <summary>When the request arrived (from the sandbox's <see cref="TimeProvider"/>).</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>Provider name (see <see cref="SandboxProviders"/>), or null for a path no provider serves.</summary>
    public string? Provider { get; init; }

    /// <summary>HTTP method.</summary>
    public required string Method { get; init; }

    /// <summary>Request path.</summary>
    public required string Path { get; init; }

    /// <summary>Query string including the leading '?', or empty.</summary>
    public string QueryString { get; init; } = "";

    /// <summary>Request headers, in full (API keys included: the log stays in memory; keys are never written to a logger).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>Request body as text.</summary>
    public string Body { get; init; } = "";

    /// <summary>Response status code; 499 when the client gave up first.</summary>
    public int StatusCode { get; init; }

    /// <summary>The fault injected into the response, if any.</summary>
    public SandboxFault? Fault { get; init; }

    /// <summary>Time from arrival to response, including injected latency.</summary>
    public TimeSpan Duration { get; init; }
}

/// <summary>The sandbox's record of requests: thread-safe, bounded (oldest entries drop first).</summary>
public sealed class SandboxRequestLog
{
    private readonly Queue<SandboxRequestLogEntry> _entries = new();
    private readonly Lock _lock = new();
    private readonly int _capacity;

    /// <summary>Creates a log keeping at most <paramref name="capacity"/> entries.</summary>
    public SandboxRequestLog(int capacity = 10_000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
    }

    /// <summary>Number of entries.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>A snapshot of the entries, oldest first.</summary>
    public IReadOnlyList<SandboxRequestLogEntry> Snapshot()
    {
        lock (_lock)
        {
            return [.. _entries];
        }
    }

    /// <summary>A snapshot of the entries for one provider, oldest first.</summary>
    public IReadOnlyList<SandboxRequestLogEntry> ForProvider(string provider) =>
        Snapshot().Where(e => string.Equals(e.Provider, provider, StringComparison.OrdinalIgnoreCase)).ToList();

    /// <summary>Removes every entry.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _entries.Clear();
        }
    }

    internal void Add(SandboxRequestLogEntry entry)
    {
        lock (_lock)
        {
            _entries.Enqueue(entry);
            while (_entries.Count > _capacity)
            {
                _entries.Dequeue();
            }
        }
    }
}
