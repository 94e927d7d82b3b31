using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Leadora;

/// <summary>
/// Leadora's telemetry: one <see cref="ActivitySource"/> (a span per job and per provider call) and one <see cref="Meter"/>,
/// both named <c>Leadora</c>. Subscribe with OpenTelemetry (<c>AddSource("Leadora")</c>, <c>AddMeter("Leadora")</c>).
/// Instruments are tagged with <c>leadora.provider</c> and <c>leadora.operation</c>. LLM and embedding calls also follow the
/// OpenTelemetry GenAI semantic conventions: their spans carry <c>gen_ai.operation.name</c>, <c>gen_ai.provider.name</c>
/// (and the older <c>gen_ai.system</c>), <c>gen_ai.request.model</c>, <c>gen_ai.response.model</c>,
/// <c>gen_ai.usage.input_tokens</c>, <c>gen_ai.usage.output_tokens</c> and <c>error.type</c>, and they are measured by
/// <see cref="GenAiTokenUsage"/> and <see cref="GenAiOperationDuration"/>.
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

    /// <summary>
    /// GenAI semantic convention <c>gen_ai.client.token.usage</c>: tokens per LLM or embedding call, tagged
    /// <c>gen_ai.token.type</c> = input or output, <c>gen_ai.operation.name</c>, <c>gen_ai.provider.name</c> and the models.
    /// </summary>
    public static readonly Histogram<long> GenAiTokenUsage = Meter.CreateHistogram(
        "gen_ai.client.token.usage", "{token}", "Number of input and output tokens used",
        tags: null,
        advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864] });

    /// <summary>GenAI semantic convention <c>gen_ai.client.operation.duration</c>: seconds per LLM or embedding call, with <c>error.type</c> on failure.</summary>
    public static readonly Histogram<double> GenAiOperationDuration = Meter.CreateHistogram(
        "gen_ai.client.operation.duration", "s", "GenAI operation duration",
        tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92] });
}
