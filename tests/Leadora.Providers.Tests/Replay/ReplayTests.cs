using Leadora.Providers.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Leadora.Providers.Tests.Replay;

/// <summary>
/// Every genuine captured response in <c>Replay/Corpus</c> played to the production adapter over real HTTP: every field
/// the response carries that our model has must arrive, and every error must map to the right retry, fall-through and job
/// decision. The captures of the shared evaluation folder (<c>../shared/eval/api</c>), when it is on this machine, are
/// replayed the same way and counted apart. The summary prints, per provider, how many responses were parsed with every
/// field kept.
/// </summary>
public sealed class ReplayTests(ITestOutputHelper output)
{
    public static IEnumerable<object[]> Captures => ReplayCorpus.Ids;

    [Theory]
    [MemberData(nameof(Captures))]
    public async Task Capture_replays_through_the_production_adapter(string id)
    {
        var report = await ReplayRunner.RunAsync(ReplayCorpus.Get(id));

        output.WriteLine(report.Describe());
        Assert.True(report.Passed, report.Describe());
    }

    public static IEnumerable<object[]> SharedCaptures => ReplayCorpus.SharedIds;

    [EvalTheory]
    [MemberData(nameof(SharedCaptures))]
    public async Task Shared_capture_replays_through_the_production_adapter(string id)
    {
        var report = await ReplayRunner.RunAsync(ReplayCorpus.GetShared(id));

        output.WriteLine(report.Describe());
        Assert.True(report.Passed, report.Describe());
    }

    [EvalFact]
    public void Every_shared_capture_has_an_expectation()
    {
        Assert.NotEmpty(ReplayCorpus.Shared);
        Assert.True(ReplayCorpus.SharedUnlisted.Count == 0, "not replayed, no entry in Replay/SharedEvalApi.json: " + string.Join(", ", ReplayCorpus.SharedUnlisted));
    }

    [Fact]
    public void Corpus_holds_at_least_sixty_sourced_captures()
    {
        var captures = ReplayCorpus.Captures;

        Assert.True(captures.Count >= 60, $"{captures.Count} captures");
        Assert.All(captures, c =>
        {
            var source = c.Sidecar.GetProperty("source");
            Assert.False(string.IsNullOrWhiteSpace(source.GetProperty("repository").GetString()), c.Id);
            Assert.StartsWith("https://github.com/", source.GetProperty("url").GetString(), StringComparison.Ordinal);
            Assert.True(source.TryGetProperty("licence", out _), c.Id);
            Assert.True(source.TryGetProperty("commit", out _) || source.TryGetProperty("issue", out _), $"{c.Id} names neither a commit nor an issue");
            Assert.False(string.IsNullOrWhiteSpace(c.Sidecar.GetProperty("summary").GetString()), c.Id);
            Assert.True(c.Request.TryGetProperty("method", out _), c.Id);
            Assert.Contains(c.Outcome, new[] { "ok", "error", "warning" });
            Assert.True(System.Text.Encoding.UTF8.GetByteCount(c.Body) < 200_000, c.Id);
        });
        Assert.Equal(
            ["deepseek", "gemini", "google_cse", "google_places", "google_places_legacy", "openai", "serper"],
            captures.Select(c => c.Provider).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Summary_per_provider()
    {
        var reports = new List<ReplayReport>();
        foreach (var capture in ReplayCorpus.Captures.Concat(ReplayCorpus.Shared))
        {
            reports.Add(await ReplayRunner.RunAsync(capture));
        }

        var lines = new List<string>();
        foreach (var origin in new[] { ReplayCorpus.Repository, ReplayCorpus.SharedOrigin })
        {
            var ofOrigin = reports.Where(r => r.Capture.Origin == origin).ToList();
            lines.Add(origin == ReplayCorpus.Repository
                ? "repository corpus (Replay/Corpus):"
                : ofOrigin.Count == 0 ? $"shared evaluation folder: absent ({EvalData.Root}), not replayed" : $"shared evaluation folder ({EvalData.Root}), counted apart:");
            if (ofOrigin.Count == 0)
            {
                continue;
            }

            lines.Add("provider              responses  ok  errors/warnings as expected  every field kept  fields kept");
            foreach (var group in ofOrigin.GroupBy(r => r.Capture.Provider).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var ok = group.Where(r => r.Capture.Outcome == "ok").ToList();
                var failures = group.Where(r => r.Capture.Outcome != "ok").ToList();
                lines.Add($"{group.Key,-21} {group.Count(),9}  {ok.Count,2}  {failures.Count(r => r.Passed),12}/{failures.Count,-15} {ok.Count(r => r.Passed),10}/{ok.Count,-6} {group.Sum(r => r.Fields.Count(f => f.Kept)),6}/{group.Sum(r => r.Fields.Count)}");
            }

            lines.Add($"total: {ofOrigin.Count} captured responses, {ofOrigin.Count(r => r.Passed)} replayed as expected, {ofOrigin.Where(r => r.Capture.Outcome == "ok").Count(r => r.Passed)} parsed with every field kept");
        }

        lines.AddRange(ReplayCorpus.SharedUnlisted.Select(f => $"shared capture not replayed (no entry in Replay/SharedEvalApi.json): {f}"));
        lines.AddRange(reports.Where(r => !r.Passed).Select(r => $"[{r.Capture.Origin}] {r.Describe()}"));
        foreach (var line in lines)
        {
            output.WriteLine(line);
        }

        File.WriteAllLines(Path.Combine(AppContext.BaseDirectory, "replay-summary.txt"), lines.Concat(["", "every capture:"]).Concat(reports.Select(r => r.Describe() + "\n  checked: " + string.Join(", ", r.Fields.Select(f => f.Path + "." + f.Field).Distinct().Take(12)))));
        Assert.All(reports, r => Assert.True(r.Passed, r.Describe()));
    }
}
