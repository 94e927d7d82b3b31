using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Leadora.Sandbox;

/// <summary>How a <see cref="SandboxServer"/> runs: port, seed, latency, fault rates, clock and logging.</summary>
public sealed class SandboxOptions
{
    /// <summary>The "realistic" latency preset: typical response times per provider.</summary>
    public static IReadOnlyDictionary<string, TimeSpan> RealisticLatency { get; } = new Dictionary<string, TimeSpan>(StringComparer.Ordinal)
    {
        [SandboxProviders.OpenAI] = TimeSpan.FromMilliseconds(1500),
        [SandboxProviders.Gemini] = TimeSpan.FromMilliseconds(1200),
        [SandboxProviders.DeepSeek] = TimeSpan.FromMilliseconds(1500),
        [SandboxProviders.Serper] = TimeSpan.FromMilliseconds(600),
        [SandboxProviders.Places] = TimeSpan.FromMilliseconds(400),
        [SandboxProviders.PlacesLegacy] = TimeSpan.FromMilliseconds(400),
        [SandboxProviders.CustomSearch] = TimeSpan.FromMilliseconds(500),
    };

    /// <summary>Loopback port to listen on; 0 (the default) picks a free one.</summary>
    public int Port { get; set; }

    /// <summary>Seed of the synthetic world and of random faults. Default 42.</summary>
    public long Seed { get; set; } = 42;

    /// <summary>Added latency per provider name (see <see cref="SandboxProviders"/>). Empty means none.</summary>
    public IDictionary<string, TimeSpan> Latency { get; } = new Dictionary<string, TimeSpan>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Added latency for requests whose path, relative to the sandbox root, starts with the key (for example
    /// <c>openai/v1/embeddings</c>). The longest matching key wins over <see cref="Latency"/>, so one operation of a
    /// provider can answer faster or slower than the rest of it.
    /// </summary>
    public IDictionary<string, TimeSpan> PathLatency { get; } = new Dictionary<string, TimeSpan>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Random fault rates. The rates of one provider must add up to at most 1.</summary>
    public IList<SandboxFaultRate> FaultRates { get; } = [];

    /// <summary>Clock for log timestamps and latency delays. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Logging (the sandbox and its Kestrel host). Default: none.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>Most request-log entries kept in memory. Default 10,000.</summary>
    public int RequestLogCapacity { get; set; } = 10_000;

    /// <summary>
    /// Longest title of a LinkedIn profile result: a longer one is cut at a word and ends in " ...", as search engines show
    /// them (Google shows about 60 characters), so the company may be cut short. 0 (the default) keeps titles whole.
    /// </summary>
    public int ProfileTitleLength { get; set; }

    /// <summary>How long a <see cref="SandboxFaultKind.Timeout"/> fault hangs before answering 504. Default 100 s.</summary>
    public TimeSpan TimeoutFaultDuration { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>
    /// Parses a latency spec: <c>openai=2000,serper=600</c> (milliseconds per provider) or <c>realistic</c>
    /// (the <see cref="RealisticLatency"/> preset) or <c>none</c>.
    /// </summary>
    /// <exception cref="FormatException">The spec names an unknown provider or is not in that form; the message says which part.</exception>
    public static IReadOnlyDictionary<string, TimeSpan> ParseLatency(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var trimmed = spec.Trim();
        if (trimmed.Equals("none", StringComparison.OrdinalIgnoreCase) || trimmed.Length == 0)
        {
            return new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        }

        if (trimmed.Equals("realistic", StringComparison.OrdinalIgnoreCase))
        {
            return new Dictionary<string, TimeSpan>(RealisticLatency, StringComparer.Ordinal);
        }

        var result = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        foreach (var part in trimmed.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new FormatException($"Latency entry '{part}' is not in the form provider=milliseconds (for example openai=2000).");
            }

            var provider = SandboxProviders.Normalize(part[..equals])
                ?? throw new FormatException($"Unknown provider '{part[..equals].Trim()}' in latency entry '{part}'. Known providers: {string.Join(", ", SandboxProviders.All)}.");
            if (!int.TryParse(part[(equals + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds))
            {
                throw new FormatException($"Latency '{part[(equals + 1)..]}' for {provider} is not a whole number of milliseconds.");
            }

            result[provider] = TimeSpan.FromMilliseconds(milliseconds);
        }

        return result;
    }

    /// <summary>
    /// Parses a fault spec: <c>openai:429=0.3,serper:500=0.2,places:timeout=0.1,gemini:malformed=0.2</c>. Kinds: 429,
    /// 500, 503, timeout, malformed, schema (LLM providers only), credit. Rates are in [0, 1] and add up to at most 1
    /// per provider.
    /// </summary>
    /// <exception cref="FormatException">An entry names an unknown provider or kind, or a rate is out of range; the message says which.</exception>
    public static IReadOnlyList<SandboxFaultRate> ParseFaults(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var result = new List<SandboxFaultRate>();
        foreach (var part in spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = part.IndexOf(':', StringComparison.Ordinal);
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (colon <= 0 || equals <= colon + 1)
            {
                throw new FormatException($"Fault entry '{part}' is not in the form provider:kind=rate (for example openai:429=0.3).");
            }

            var providerText = part[..colon].Trim();
            var kindText = part[(colon + 1)..equals].Trim();
            var rateText = part[(equals + 1)..].Trim();
            var provider = SandboxProviders.Normalize(providerText)
                ?? throw new FormatException($"Unknown provider '{providerText}' in fault entry '{part}'. Known providers: {string.Join(", ", SandboxProviders.All)}.");
            if (!SandboxFault.TryParseKind(kindText, out var kind))
            {
                throw new FormatException($"Unknown fault kind '{kindText}' in fault entry '{part}'. Known kinds: 429, 500, 503, timeout, malformed, schema, credit.");
            }

            if (kind == SandboxFaultKind.SchemaViolation && !SandboxProviders.Llm.Contains(provider))
            {
                throw new FormatException($"Fault kind 'schema' in '{part}' applies only to LLM providers ({string.Join(", ", SandboxProviders.Llm)}).");
            }

            if (!double.TryParse(rateText, NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) || rate < 0 || rate > 1 || double.IsNaN(rate))
            {
                throw new FormatException($"Fault rate '{rateText}' in '{part}' is not a number between 0 and 1.");
            }

            result.Add(new SandboxFaultRate(provider, kind, rate));
        }

        foreach (var group in result.GroupBy(r => r.Provider, StringComparer.Ordinal))
        {
            var total = group.Sum(r => r.Rate);
            if (total > 1 + 1e-9)
            {
                throw new FormatException(FormattableString.Invariant($"Fault rates for {group.Key} add up to {total:0.###}; they must add up to at most 1."));
            }
        }

        return result;
    }

    /// <summary>
    /// Builds options from command-line flags: <c>--port N</c>, <c>--seed N</c>, <c>--latency SPEC</c>,
    /// <c>--faults SPEC</c> (also in <c>--flag=value</c> form).
    /// </summary>
    /// <exception cref="FormatException">A flag is unknown, lacks its value, or its value does not parse.</exception>
    public static SandboxOptions ParseArguments(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new SandboxOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string flag = arg, value;
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            if (arg.StartsWith("--", StringComparison.Ordinal) && equals > 0)
            {
                flag = arg[..equals];
                value = arg[(equals + 1)..];
            }
            else
            {
                if (i + 1 >= args.Count || !arg.StartsWith("--", StringComparison.Ordinal))
                {
                    throw new FormatException(arg.StartsWith("--", StringComparison.Ordinal) ? $"Flag {arg} needs a value." : $"Unexpected argument '{arg}'. Flags: --port, --seed, --latency, --faults.");
                }

                value = args[++i];
            }

            switch (flag.ToLowerInvariant())
            {
                case "--port":
                    options.Port = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535
                        ? port
                        : throw new FormatException($"Port '{value}' is not a number between 0 and 65535.");
                    break;
                case "--seed":
                    options.Seed = long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seed)
                        ? seed
                        : throw new FormatException($"Seed '{value}' is not a whole number.");
                    break;
                case "--latency":
                    foreach (var (provider, latency) in ParseLatency(value))
                    {
                        options.Latency[provider] = latency;
                    }

                    break;
                case "--faults":
                    foreach (var rate in ParseFaults(value))
                    {
                        options.FaultRates.Add(rate);
                    }

                    break;
                default:
                    throw new FormatException($"Unknown flag '{flag}'. Flags: --port, --seed, --latency, --faults.");
            }
        }

        return options;
    }

    /// <summary>Checks the options before a server starts.</summary>
    internal void Validate()
    {
        if (Port is < 0 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(Port), Port, "Port must be between 0 and 65535.");
        }

        foreach (var provider in Latency.Keys)
        {
            SandboxProviders.Require(provider, nameof(Latency));
        }

        foreach (var rate in FaultRates)
        {
            SandboxProviders.Require(rate.Provider, nameof(FaultRates));
            if (rate.Rate is < 0 or > 1 || double.IsNaN(rate.Rate))
            {
                throw new ArgumentOutOfRangeException(nameof(FaultRates), rate.Rate, $"Fault rate for {rate.Provider}:{SandboxFault.Token(rate.Kind)} must be between 0 and 1.");
            }
        }

        ArgumentNullException.ThrowIfNull(TimeProvider);
        ArgumentOutOfRangeException.ThrowIfLessThan(RequestLogCapacity, 1);
        if (ProfileTitleLength is < 0 or > 0 and < 20)
        {
            throw new ArgumentOutOfRangeException(nameof(ProfileTitleLength), ProfileTitleLength, "ProfileTitleLength must be 0 (titles whole) or at least 20.");
        }
    }
}
