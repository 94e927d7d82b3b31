using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Leadora;

/// <summary>
/// Leadora's telemetry: one <see cref="ActivitySource"/> (a span per job and per provider call) and one <see cref="Meter"/>,
/// both named <c>Leadora</c>. Subscribe with OpenTelemetry (<c>AddSource("Leadora")</c>, <c>AddMeter("Leadora")</c>).
/// Instruments are tagged with <c>leadora.provider</c> and <c>leadora.operation</c>.
/// </summary>
public static class LeadoraTelemetry
{
    /// <summary>The source and meter name.</summary>
    public const string Name = "Leadora";

    /// <summary>Spans: <c>job {type}</c> per job, <c>{provider} {operation}</c> per provider call.</summary>
    public static readonly ActivitySource ActivitySource = new(Name);

    /// <summary>The meter.</summary>
    public static readonly Meter Meter = new(Name);

    /// <summary>Provider calls sent (cache hits excluded).</summary>
    public static readonly Counter<long> Calls = Meter.CreateCounter<long>("leadora.provider.calls", "{call}", "Provider calls sent");

    /// <summary>Provider calls that failed.</summary>
    public static readonly Counter<long> Errors = Meter.CreateCounter<long>("leadora.provider.errors", "{call}", "Provider calls that failed");

    /// <summary>Requests answered from the response cache.</summary>
    public static readonly Counter<long> CacheHits = Meter.CreateCounter<long>("leadora.provider.cache_hits", "{call}", "Requests answered from the response cache");

    /// <summary>Tokens, tagged <c>leadora.token.type</c> = input or output.</summary>
    public static readonly Counter<long> Tokens = Meter.CreateCounter<long>("leadora.provider.tokens", "{token}", "LLM and embedding tokens");

    /// <summary>Estimated cost.</summary>
    public static readonly Counter<double> Cost = Meter.CreateCounter<double>("leadora.provider.cost", "USD", "Estimated cost of provider calls");

    /// <summary>Provider call latency.</summary>
    public static readonly Histogram<double> Duration = Meter.CreateHistogram<double>("leadora.provider.duration", "ms", "Provider call latency");
}
