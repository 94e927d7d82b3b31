using System.Text.Json;
using Leadora.Sandbox;
using Leadora.Testing;

namespace Leadora.Cli.Tests;

public sealed class SearchCommandTests
{
    private static readonly string[] OfflineSearch =
    [
        "search", "--offline", "--json",
        "--product", "Industrial water-treatment chemicals",
        "--industry", "Petrochemicals", "--industry", "Power generation",
        "--country", "Saudi Arabia", "--country", "AE",
        "--type", "customer",
    ];

    [Fact]
    public async Task Offline_json_search_prints_one_grounded_document()
    {
        var directory = CliProcess.TempDirectory();
        var run = await CliProcess.RunAsync(directory, [.. OfflineSearch, "--out", "leads.csv", "--out", "leads.json"]);
        Assert.True(run.ExitCode == 0, run.Stderr);

        using var document = JsonDocument.Parse(run.Stdout);
        var root = document.RootElement;
        Assert.Equal(
            ["search", "businessPersonas", "decisionMakerPersonas", "businesses", "excludedBusinesses", "decisionMakers", "market", "progress", "usage", "warnings", "annotations"],
            root.EnumerateObject().Select(p => p.Name));
        var search = root.GetProperty("search");
        Assert.Equal("completed", search.GetProperty("status").GetString());
        Assert.Equal("customer", search.GetProperty("request").GetProperty("searchType").GetString());
        Assert.Equal(["SA", "AE"], search.GetProperty("request").GetProperty("countries").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(100, root.GetProperty("progress").GetProperty("overall").GetDouble());
        Assert.Equal(["personas", "discovery", "decisionMakers", "market"], root.GetProperty("progress").GetProperty("phases").EnumerateObject().Select(p => p.Name));

        var businesses = root.GetProperty("businesses").EnumerateArray().ToList();
        Assert.True(businesses.Count >= 20);
        Assert.All(businesses, b =>
        {
            var provenance = b.GetProperty("provenance");
            Assert.False(string.IsNullOrEmpty(provenance.GetProperty("provider").GetString()));
            Assert.False(string.IsNullOrEmpty(provenance.GetProperty("query").GetString()));
            AssertCosine(b.GetProperty("personaMatch").GetProperty("score"));
            var fit = b.GetProperty("fit");
            Assert.InRange(fit.GetProperty("score").GetDouble(), 0, 1);
            Assert.False(string.IsNullOrEmpty(fit.GetProperty("reason").GetString()));
            Assert.Contains(fit.GetProperty("method").GetString(), new[] { "category", "embedding", "llm" });
            Assert.False(b.GetProperty("excluded").GetBoolean());
        });
        Assert.All(root.GetProperty("excludedBusinesses").EnumerateArray(), b => Assert.True(b.GetProperty("fit").GetProperty("excluded").GetBoolean()));

        // Every profile URL was in the web-search result recorded in its provenance (the sandbox is deterministic: replay it).
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions());
        var people = root.GetProperty("decisionMakers").EnumerateArray().ToList();
        Assert.NotEmpty(people);
        var businessIds = businesses.Select(b => b.GetProperty("id").GetString()).ToHashSet();
        foreach (var group in people.GroupBy(p => (p.GetProperty("provenance").GetProperty("query").GetString()!, p.GetProperty("provenance").GetProperty("country").GetString()!)))
        {
            var returned = await ResultsReplay.SearchUrlsAsync(sandbox.BaseAddress, group.Key.Item1, group.Key.Item2);
            foreach (var person in group)
            {
                Assert.Contains(person.GetProperty("linkedInUrl").GetString(), returned);
                Assert.Contains(person.GetProperty("businessId").GetString(), businessIds);
                var match = person.GetProperty("personaMatch");
                Assert.False(string.IsNullOrEmpty(match.GetProperty("personaId").GetString()));
                Assert.Contains(match.GetProperty("method").GetString(), new[] { "vector", "llm_refined", "heuristic" });
                AssertCosine(match.GetProperty("score"));
            }
        }

        var market = root.GetProperty("market");
        Assert.Equal("grounded", market.GetProperty("evidence").GetString());
        foreach (var source in market.GetProperty("sources").EnumerateArray())
        {
            var query = source.GetProperty("query").GetString()!;
            var country = query.Contains("Saudi Arabia", StringComparison.Ordinal) ? "SA" : "AE";
            Assert.Contains(source.GetProperty("url").GetString(), await ResultsReplay.SearchUrlsAsync(sandbox.BaseAddress, query, country));
            Assert.False(string.IsNullOrEmpty(source.GetProperty("title").GetString()));
        }

        var usage = root.GetProperty("usage").EnumerateArray().ToList();
        Assert.All(usage, u => Assert.Equal(
            ["provider", "operation", "calls", "inputTokens", "outputTokens", "items", "cacheHits", "fallbacks", "failures", "costUsd"],
            u.EnumerateObject().Select(p => p.Name)));
        var embeddings = usage.Single(u => u.GetProperty("operation").GetString() == "embeddings");
        Assert.True(embeddings.GetProperty("calls").GetInt32() * 5 <= embeddings.GetProperty("items").GetInt32(), embeddings.ToString());

        Assert.StartsWith("business_id,business_name", File.ReadAllText(Path.Combine(directory, "leads.csv")).TrimStart('\uFEFF'), StringComparison.Ordinal);
        using var written = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "leads.json")));
        Assert.Equal(search.GetProperty("id").GetString(), written.RootElement.GetProperty("search").GetProperty("id").GetString());
        Assert.Contains("finished: Completed", run.Stderr, StringComparison.Ordinal);
    }

    private static void AssertCosine(JsonElement score) => Assert.InRange(score.GetDouble(), -1, 1);

    public static TheoryData<string[], string> BadInputs => new()
    {
        { ["search", "--offline", "--product", "", "--industry", "Oil", "--country", "SA"], "--product" },
        { ["search", "--offline", "--product", new string('x', 2000), "--industry", "Oil", "--country", "SA"], "--product" },
        { ["search", "--offline", "--product", "Pumps", "--country", "SA"], "--industry" },
        { ["search", "--offline", "--product", "Pumps", "--industry", "Oil"], "--country" },
        { ["search", "--offline", "--product", "Pumps", "--industry", "Oil", "--country", "SA", "--type", "partner"], "--type" },
        { ["search", "--offline", "--product", "Pumps", "--industry", "Oil", "--country", "Atlantis"], "Atlantis" },
        { ["search", "--offline", "--product", "Pumps", "--industry", "Oil", "--country", "SA", "--faults", "openai:teapot=0.5"], "teapot" },
        { ["search", "--product", "Pumps", "--industry", "Oil", "--country", "SA", "--no-such-flag"], "--no-such-flag" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Bad_input_exits_2_with_one_line_and_creates_nothing(string[] args, string named)
    {
        var directory = CliProcess.TempDirectory();
        var run = await CliProcess.RunAsync(directory, [.. args, "--out", "should-not-exist.json"]);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
        var lines = run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("leadora: ", lines[0], StringComparison.Ordinal);
        Assert.Contains(named, lines[0], StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(directory));
    }

    [Fact]
    public async Task Without_keys_and_without_offline_it_says_what_to_set()
    {
        var run = await CliProcess.RunAsync(CliProcess.TempDirectory(), "search", "--product", "Pumps", "--industry", "Oil", "--country", "SA");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("OPENAI_API_KEY", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("--offline", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_spending_disabled_it_sends_nothing_and_says_why()
    {
        var run = await CliProcess.RunAsync(CliProcess.TempDirectory(), [.. OfflineSearch, "--verbose"], ("CAN_SPEND", "false"));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("leadora: the search failed:", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("CAN_SPEND=false", run.Stderr, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(run.Stdout);
        Assert.Equal("failed", document.RootElement.GetProperty("search").GetProperty("status").GetString());
        Assert.All(document.RootElement.GetProperty("usage").EnumerateArray(), u => Assert.Equal(0, u.GetProperty("calls").GetInt32()));
    }

    [Fact]
    public async Task Ctrl_c_cancels_the_search_and_still_prints_what_was_found()
    {
        var run = await CliProcess.RunAndInterruptAsync(CliProcess.TempDirectory(), "| 10 businesses,",
            "search", "--offline", "--json", "--product", "Pumps", "--industry", "Oil and gas", "--country", "SA", "--latency", "serper=500,openai=300");
        Assert.Equal(130, run.ExitCode);
        Assert.Contains("leadora: cancelled", run.Stderr, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(run.Stdout);
        Assert.Equal("cancelled", document.RootElement.GetProperty("search").GetProperty("status").GetString());
    }
}
