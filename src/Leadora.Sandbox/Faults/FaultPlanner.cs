using System.Collections.Concurrent;
using System.Globalization;
using Leadora.Sandbox.World;

namespace Leadora.Sandbox.Faults;

/// <summary>
/// Decides whether a request gets a fault: a scripted one first, otherwise a random one drawn deterministically from
/// <c>hash(seed, provider, request body, occurrence)</c> — the occurrence counts identical bodies, so a retry of the
/// same request draws again and can succeed, and a fresh server replays the same sequence.
/// </summary>
internal sealed class FaultPlanner
{
    private readonly long _seed;
    private readonly IReadOnlyList<SandboxFaultRate> _rates;
    private readonly SandboxFaultQueue _scripted;
    private readonly ConcurrentDictionary<(string Provider, ulong Body), int> _occurrences = new();

    public FaultPlanner(long seed, IReadOnlyList<SandboxFaultRate> rates, SandboxFaultQueue scripted)
    {
        _seed = seed;
        _rates = rates;
        _scripted = scripted;
    }

    public SandboxFault? Next(string provider, string requestKey, Func<SandboxFaultKind, bool> applies)
    {
        if (_scripted.TryTake(provider, applies) is { } scripted)
        {
            return scripted;
        }

        var rates = _rates.Where(r => r.Provider == provider && r.Rate > 0 && applies(r.Kind)).ToList();
        if (rates.Count == 0)
        {
            return null;
        }

        var bodyHash = StableHash.Of(_seed, provider, requestKey);
        var occurrence = _occurrences.AddOrUpdate((provider, bodyHash), 0, (_, n) => n + 1);
        var draw = StableHash.Unit(_seed, "fault", provider, requestKey, occurrence.ToString(CultureInfo.InvariantCulture));
        var cumulative = 0.0;
        foreach (var rate in rates)
        {
            cumulative += rate.Rate;
            if (draw < cumulative)
            {
                return rate.Kind == SandboxFaultKind.RateLimit ? SandboxFault.RateLimit() : new SandboxFault(rate.Kind);
            }
        }

        return null;
    }
}
