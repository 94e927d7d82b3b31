using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Leadora.Sandbox.Hosting;

/// <summary>
/// What the sandbox saw of each provider's traffic, for proving client-side limits: the most requests in flight at once and
/// the smallest gap between two request starts. A request is in flight from the moment its handler starts until its
/// response starts (status and headers on their way), which is when a client's permit can be returned at the earliest.
/// Served at <c>GET /_sandbox/stats</c>; <c>DELETE /_sandbox/stats</c> starts over.
/// </summary>
public sealed class SandboxStats
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ProviderStats> _providers = new(StringComparer.Ordinal);

    /// <summary>Counts a request to <paramref name="provider"/> as started; dispose the result when its response starts.</summary>
    internal IDisposable Begin(string provider)
    {
        var now = Stopwatch.GetTimestamp();
        lock (_gate)
        {
            if (!_providers.TryGetValue(provider, out var stats))
            {
                stats = new ProviderStats();
                _providers[provider] = stats;
            }

            stats.Requests++;
            if (stats.LastStart is { } last)
            {
                var gap = Stopwatch.GetElapsedTime(last, now);
                stats.MinStartGap = stats.MinStartGap is { } min && min <= gap ? min : gap;
            }

            stats.LastStart = now;
            stats.InFlight++;
            stats.MaxInFlight = Math.Max(stats.MaxInFlight, stats.InFlight);
            return new Request(this, stats);
        }
    }

    /// <summary>Per provider: requests seen, the most in flight at once, and the smallest gap between two starts.</summary>
    public IReadOnlyDictionary<string, (int Requests, int MaxInFlight, TimeSpan? MinStartGap)> Snapshot()
    {
        lock (_gate)
        {
            return _providers.ToDictionary(p => p.Key, p => (p.Value.Requests, p.Value.MaxInFlight, p.Value.MinStartGap), StringComparer.Ordinal);
        }
    }

    /// <summary>Forgets everything seen so far (requests in flight still end normally).</summary>
    public void Reset()
    {
        lock (_gate)
        {
            foreach (var stats in _providers.Values)
            {
                (stats.Requests, stats.MaxInFlight, stats.MinStartGap, stats.LastStart) = (0, stats.InFlight, null, null);
            }
        }
    }

    /// <summary>The snapshot as the JSON body of <c>GET /_sandbox/stats</c>.</summary>
    internal JsonObject ToJson()
    {
        var providers = new JsonObject();
        foreach (var (name, (requests, maxInFlight, minGap)) in Snapshot().OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            providers[name] = new JsonObject
            {
                ["requests"] = requests,
                ["maxInFlight"] = maxInFlight,
                ["minStartGapMs"] = minGap is { } gap ? Math.Round(gap.TotalMilliseconds, 3) : null,
            };
        }

        return new JsonObject { ["providers"] = providers };
    }

    private sealed class ProviderStats
    {
        public int Requests { get; set; }

        public int InFlight { get; set; }

        public int MaxInFlight { get; set; }

        public TimeSpan? MinStartGap { get; set; }

        public long? LastStart { get; set; }
    }

    private sealed class Request(SandboxStats owner, ProviderStats stats) : IDisposable
    {
        private int _ended;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _ended, 1) != 0)
            {
                return;
            }

            lock (owner._gate)
            {
                stats.InFlight--;
            }
        }
    }
}
