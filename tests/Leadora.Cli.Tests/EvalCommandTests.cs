using System.Text.Json;
using Leadora.Cli.Evaluation;

namespace Leadora.Cli.Tests;

public sealed class EvalCommandTests
{
    private static string Root => EvalRun.FindRepositoryRoot() ?? throw new InvalidOperationException("the tests run inside the repository");

    [Fact]
    public async Task Eval_json_ends_with_one_object_of_figures_and_its_exit_code_says_whether_all_are_met()
    {
        var run = await CliProcess.RunAsync(Root, "eval", "--json");
        var last = run.Stdout.TrimEnd().Split('\n')[^1];
        Assert.Contains("\"direction\":\">=\"", last, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(last);
        var figures = json.RootElement.GetProperty("figures").EnumerateArray().ToList();
        Assert.Single(json.RootElement.EnumerateObject());
        Assert.NotEmpty(figures);
        foreach (var figure in figures)
        {
            Assert.Equal(["name", "value", "target", "direction", "met", "items"], figure.EnumerateObject().Select(p => p.Name));
            Assert.Contains(figure.GetProperty("direction").GetString(), new[] { ">=", "<=" });
            var value = figure.GetProperty("value").GetDouble();
            var target = figure.GetProperty("target").GetDouble();
            var met = figure.GetProperty("direction").GetString() == ">=" ? value >= target : value <= target;
            Assert.Equal(met, figure.GetProperty("met").GetBoolean());
        }

        Assert.Contains(figures, f => f.GetProperty("name").GetString() == "dm.identity.precision");
        Assert.Contains(figures, f => f.GetProperty("name").GetString() == "fit.held_out.precision_kept");
        var allMet = figures.All(f => f.GetProperty("met").GetBoolean());
        Assert.True(run.ExitCode == (allMet ? 0 : 1), run.Stderr);
    }

    [Fact]
    public async Task Eval_prints_each_figure_beside_its_target_and_a_one_line_summary()
    {
        var run = await CliProcess.RunAsync(Root, "eval");
        var lines = run.Stdout.TrimEnd().Split('\n');
        Assert.Contains(lines, l => l.Contains("dm.parse.company_exact", StringComparison.Ordinal) && l.Contains(">= 0.970", StringComparison.Ordinal));
        Assert.StartsWith("eval: ", lines[^1], StringComparison.Ordinal);
        Assert.True(run.ExitCode is 0 or 1, run.Stderr);
    }

    [Fact]
    public async Task Eval_without_data_says_so_and_exits_2()
    {
        var empty = CliProcess.TempDirectory();
        var run = await CliProcess.RunAsync(empty, "eval", "--root", empty);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("no evaluation data", run.Stderr, StringComparison.Ordinal);
        Assert.Equal("", run.Stdout);
    }
}
