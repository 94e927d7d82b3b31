using System.Text.RegularExpressions;
using Leadora.Cli.Evaluation;
using Leadora.Testing;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Leadora.Cli.Tests.Evaluation;

/// <summary>The LLM-assisted identity figures of <c>leadora eval</c>: the light tier against the in-process sandbox.</summary>
public sealed partial class LinkedInLlmEvaluationTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Identity_with_the_light_tier_is_measured_on_the_same_pairs_and_reported_apart_from_the_rules()
    {
        var root = FitEvaluationTests.RepoRoot();
        using var capture = new CapturingLoggerProvider();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(capture).SetMinimumLevel(LogLevel.Information));
        var assisted = await new LinkedInLlmEvaluation().RunAsync(new EvalContext(root, null, loggers), CancellationToken.None);
        var items = await LinkedInEvaluation.LoadAsync(Path.Combine(root, LinkedInEvaluation.DataFile), CancellationToken.None);
        var rules = LinkedInEvaluation.Score(items).Figures.ToDictionary(f => f.Name);
        foreach (var figure in assisted)
        {
            output.WriteLine($"{figure.Name} = {figure.Value:0.000} (target {figure.Direction} {figure.Target}, {figure.Items} items)");
        }

        Assert.Equal(6, assisted.Count);
        foreach (var figure in assisted)
        {
            Assert.EndsWith(LinkedInLlmEvaluation.Suffix, figure.Name, StringComparison.Ordinal);
            var ruleOnly = rules[figure.Name[..^LinkedInLlmEvaluation.Suffix.Length]];
            Assert.Equal(ruleOnly.Items, figure.Items);
            Assert.InRange(figure.Value, 0, 1);
            if (figure.Name.StartsWith("dm.identity.recall", StringComparison.Ordinal))
            {
                // The model only ever adds pairs the rules left undecided, so recall cannot fall below the rules' own.
                Assert.True(figure.Value >= ruleOnly.Value, $"{figure.Name}: {figure.Value} < {ruleOnly.Value}");
            }
        }

        // The undecided pairs really went to the light tier (one log line says how many, and how many it confirmed).
        var line = Assert.Single(capture.Lines, l => l.Contains("undecided by the rules", StringComparison.Ordinal));
        output.WriteLine(line);
        var counts = Counts().Match(line);
        Assert.True(counts.Success, line);
        Assert.True(int.Parse(counts.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) > 0, line);
    }

    [GeneratedRegex(@"(\d+) of (\d+) identity pairs")]
    private static partial Regex Counts();
}
