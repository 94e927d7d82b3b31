using System.Text.Json;

namespace Leadora.Cli.Tests;

/// <summary>
/// Issue acceptance: with 30 % faults on every provider at once, an offline search still finishes every phase, shows the
/// fallbacks it took, and finds exactly what a fault-free run of the same search finds.
/// </summary>
public sealed class FaultToleranceTests
{
    private static readonly string[] Search =
    [
        "search", "--offline", "--json",
        "--product", "Industrial water-treatment chemicals",
        "--industry", "Petrochemicals", "--industry", "Power generation",
        "--country", "SA", "--country", "AE",
    ];

    /// <summary>
    /// 30 % per provider, spread over every fault kind the sandbox has. Out-of-credit faults are never retried, so those on
    /// the primary providers force fallbacks; the others are mostly absorbed by retries.
    /// </summary>
    private const string Faults =
        "openai:429=0.1,openai:credit=0.1,openai:schema=0.1," +
        "gemini:429=0.1,gemini:503=0.1,gemini:malformed=0.1," +
        "deepseek:credit=0.1,deepseek:500=0.1,deepseek:schema=0.1," +
        "serper:500=0.1,serper:credit=0.1,serper:timeout=0.1," +
        "places:429=0.1,places:503=0.1,places:credit=0.1," +
        "places_legacy:429=0.15,places_legacy:500=0.15," +
        "cse:429=0.15,cse:500=0.15";

    [Fact]
    public async Task Thirty_percent_faults_on_every_provider_lose_and_duplicate_nothing()
    {
        var clean = await RunAsync(Search);
        var faulty = await RunAsync([.. Search, "--faults", Faults]);

        using var cleanDocument = JsonDocument.Parse(clean);
        using var faultyDocument = JsonDocument.Parse(faulty);
        var expected = cleanDocument.RootElement;
        var actual = faultyDocument.RootElement;

        Assert.Contains(actual.GetProperty("search").GetProperty("status").GetString(), new[] { "completed", "completed_with_warnings" });
        foreach (var phase in actual.GetProperty("progress").GetProperty("phases").EnumerateObject())
        {
            Assert.True(phase.Value.GetProperty("percent").GetDouble() == 100, $"{phase.Name} did not finish");
            Assert.Contains(phase.Value.GetProperty("status").GetString(), new[] { "completed", "completed_with_warnings" });
        }

        Assert.Equal(Titles(expected, "businessPersonas"), Titles(actual, "businessPersonas"));
        Assert.Equal(Titles(expected, "decisionMakerPersonas"), Titles(actual, "decisionMakerPersonas"));
        Assert.Equal(Set(expected, "businesses", b => $"{b.GetProperty("name").GetString()}|{b.GetProperty("country").GetString()}"),
                     Set(actual, "businesses", b => $"{b.GetProperty("name").GetString()}|{b.GetProperty("country").GetString()}"));
        Assert.Equal(Set(expected, "decisionMakers", d => d.GetProperty("linkedInUrl").GetString()!),
                     Set(actual, "decisionMakers", d => d.GetProperty("linkedInUrl").GetString()!));
        AssertNoDuplicates(actual, "businesses", b => b.GetProperty("id").GetString()!);
        AssertNoDuplicates(actual, "decisionMakers", d => d.GetProperty("linkedInUrl").GetString()!);
        Assert.Equal(
            expected.GetProperty("market").GetProperty("sources").EnumerateArray().Select(s => s.GetProperty("url").GetString()).Order(),
            actual.GetProperty("market").GetProperty("sources").EnumerateArray().Select(s => s.GetProperty("url").GetString()).Order());

        var warnings = actual.GetProperty("warnings").EnumerateArray().Select(w => w.GetProperty("code").GetString()).ToList();
        Assert.Contains("fallback_used", warnings);
        var usage = actual.GetProperty("usage").EnumerateArray().ToList();
        Assert.Contains(usage, u => u.GetProperty("fallbacks").GetInt32() > 0);
        Assert.Contains(usage, u => u.GetProperty("failures").GetInt32() > 0);
        Assert.True(usage.Select(u => u.GetProperty("provider").GetString()).Distinct().Count() > 2, "no fallback provider shows in usage");
    }

    private static async Task<string> RunAsync(string[] args)
    {
        var run = await CliProcess.RunAsync(CliProcess.TempDirectory(), args);
        Assert.True(run.ExitCode == 0, run.Stderr);
        return run.Stdout;
    }

    private static List<string?> Titles(JsonElement root, string property) =>
        root.GetProperty(property).EnumerateArray().Select(p => p.GetProperty("title").GetString()).ToList();

    private static SortedSet<string> Set(JsonElement root, string property, Func<JsonElement, string> key) =>
        new(root.GetProperty(property).EnumerateArray().Select(key), StringComparer.Ordinal);

    private static void AssertNoDuplicates(JsonElement root, string property, Func<JsonElement, string> key)
    {
        var keys = root.GetProperty(property).EnumerateArray().Select(key).ToList();
        Assert.Equal(keys.Count, keys.Distinct(StringComparer.Ordinal).Count());
    }
}
