using System.CommandLine;
using Leadora.Sandbox;

namespace Leadora.Cli;

/// <summary>The sandbox settings a command was given.</summary>
internal sealed class SandboxSettings
{
    public long Seed { get; init; } = 42;

    public IReadOnlyDictionary<string, TimeSpan> Latency { get; init; } = new Dictionary<string, TimeSpan>();

    public IReadOnlyList<SandboxFaultRate> Faults { get; init; } = [];

    /// <summary>Whether any setting differs from the default.</summary>
    public bool Changed => Seed != 42 || Latency.Count > 0 || Faults.Count > 0;

    /// <summary>Configuration sections of the providers each sandbox provider name emulates.</summary>
    private static readonly (string Provider, string Section)[] Sections =
    [
        ("openai", "OpenAI"), ("gemini", "Gemini"), ("deepseek", "DeepSeek"), ("serper", "Serper"),
        ("places", "GooglePlaces"), ("places_legacy", "GooglePlaces"), ("cse", "GoogleCse"),
    ];

    /// <summary>
    /// Settings for running the providers against this sandbox: each attempt may take twice the provider's configured
    /// latency plus five seconds, so a "timeout" fault costs seconds rather than a production-sized attempt timeout.
    /// </summary>
    public IReadOnlyDictionary<string, string?> ProviderSettings() =>
        Sections.GroupBy(s => s.Section).ToDictionary(
            g => $"Leadora:{g.Key}:TimeoutSeconds",
            g => (string?)((int)Math.Ceiling(2 * g.Max(s => Latency.TryGetValue(s.Provider, out var l) ? l.TotalSeconds : 0)) + 5)
                .ToString(System.Globalization.CultureInfo.InvariantCulture));

    public SandboxOptions ToOptions()
    {
        var options = new SandboxOptions { Seed = Seed };
        foreach (var (provider, latency) in Latency)
        {
            options.Latency[provider] = latency;
        }

        foreach (var fault in Faults)
        {
            options.FaultRates.Add(fault);
        }

        return options;
    }
}

/// <summary>Options shared by the commands that can run against the sandbox.</summary>
internal sealed class OfflineOptions
{
    public Option<string> Latency { get; } = new("--latency") { Description = "Sandbox latency per provider in ms, e.g. openai=2000,serper=600, or 'realistic'." };

    public Option<string> Faults { get; } = new("--faults") { Description = "Sandbox fault rates, e.g. openai:429=0.3,serper:500=0.2,places:timeout=0.1." };

    public Option<long> Seed { get; } = new("--seed") { Description = "Seed of the sandbox's synthetic world.", DefaultValueFactory = _ => 42 };

    public Option<bool> Verbose { get; } = new("--verbose") { Description = "Log more detail to stderr." };

    public void AddTo(Command command)
    {
        command.Options.Add(Latency);
        command.Options.Add(Faults);
        command.Options.Add(Seed);
        command.Options.Add(Verbose);
    }

    public bool TryRead(ParseResult parse, out SandboxSettings settings, out string error)
    {
        settings = new SandboxSettings();
        error = "";
        try
        {
            settings = new SandboxSettings
            {
                Seed = parse.GetValue(Seed),
                Latency = parse.GetValue(Latency) is { Length: > 0 } latency ? SandboxOptions.ParseLatency(latency) : new Dictionary<string, TimeSpan>(),
                Faults = parse.GetValue(Faults) is { Length: > 0 } faults ? SandboxOptions.ParseFaults(faults) : [],
            };
            return true;
        }
        catch (FormatException ex)
        {
            error = ex.Message;
            return false;
        }
    }
}
