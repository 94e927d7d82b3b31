using Leadora.DecisionMakers;
using Leadora.Sandbox;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Leadora.Cli.Evaluation;

/// <summary>
/// The company identity check with the light-LLM tier, on the same labelled pairs as <see cref="LinkedInEvaluation"/>: the
/// rules decide, and the pairs they answer <see cref="IdentityDecision.Uncertain"/> for go to the light tier through the
/// production pipeline (<c>CompanyIdentityJudge</c>, batched and schema-validated). The model is the offline sandbox, run in
/// process on loopback (no network, no keys), whose stand-in judgement is a documented deterministic rule (the sandbox
/// README, <c>company_identity</c>), so these figures show the tier's plumbing and the sandbox's rule, not a real model's
/// accuracy. They are reported apart from the rule-only figures, their names ending in "(LLM-assisted, sandbox)".
/// </summary>
internal sealed partial class LinkedInLlmEvaluation : IQualityEvaluation
{
    /// <summary>What every figure name of this evaluation ends with.</summary>
    public const string Suffix = " (LLM-assisted, sandbox)";

    public string Name => "decision makers, identity with the light LLM (sandbox)";

    public async Task<IReadOnlyList<QualityFigure>> RunAsync(EvalContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var path = Path.Combine(context.DataRoot, LinkedInEvaluation.DataFile);
        if (!File.Exists(path))
        {
            return [];
        }

        var items = await LinkedInEvaluation.LoadAsync(path, ct).ConfigureAwait(false);
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions(), ct).ConfigureAwait(false);
        var services = new ServiceCollection();
        services.AddSingleton(context.LoggerFactory);
        services.AddLogging();
        services.AddLeadora().UseSandbox(sandbox.BaseAddress);
        await using var provider = services.BuildServiceProvider();
        var judge = provider.GetRequiredService<CompanyIdentityJudge>();
        var figures = await ScoreAsync(items, judge, context.LoggerFactory.CreateLogger<LinkedInLlmEvaluation>(), ct).ConfigureAwait(false);
        return figures;
    }

    /// <summary>Precision and recall of the identity decision with the light tier judging the rules' undecided pairs, per split.</summary>
    internal static async Task<IReadOnlyList<QualityFigure>> ScoreAsync(IReadOnlyList<LabelledResult> items, CompanyIdentityJudge judge, ILogger logger, CancellationToken ct)
    {
        var byId = items.ToDictionary(i => i.Id, StringComparer.Ordinal);
        var rows = LinkedInEvaluation.Pairs(items).Select(pair =>
        {
            var item = byId[pair.ItemId];
            var fields = LinkedInProfiles.Read(item.Raw);
            var decision = fields?.Company is null
                ? IdentityDecision.NoMatch
                : CompanyIdentity.Decide(fields.Company, fields.CompanyTruncated, fields.Location, pair.BusinessName, pair.BusinessCity);
            var question = decision == IdentityDecision.Uncertain
                ? new IdentityQuestion(fields!.Company!, fields.CompanyTruncated, fields.Location, item.Raw.Title, item.Raw.Snippet, pair.BusinessName, pair.BusinessCity, null)
                : null;
            return (Pair: pair, item.Split, Decision: decision, Question: question);
        }).ToList();

        var questions = rows.Where(r => r.Question is not null).Select(r => r.Question!).ToList();
        var confirmed = await judge.ConfirmAsync(questions, ct).ConfigureAwait(false);
        var confirmedPairs = rows.Count(r => r.Question is not null && confirmed.Contains(r.Question));
        LogUndecided(logger, questions.Count, rows.Count, confirmedPairs);

        var figures = new List<QualityFigure>();
        foreach (var (suffix, split) in new[] { ("", (string?)null), (".dev", "dev"), (".heldout", "heldout") })
        {
            var scored = rows.Where(r => split is null || r.Split == split).ToList();
            int tp = 0, fp = 0, fn = 0;
            foreach (var row in scored)
            {
                var match = row.Decision == IdentityDecision.Match || (row.Question is not null && confirmed.Contains(row.Question));
                tp += match && row.Pair.Same ? 1 : 0;
                fp += match && !row.Pair.Same ? 1 : 0;
                fn += !match && row.Pair.Same ? 1 : 0;
            }

            figures.Add(new($"dm.identity.precision{suffix}{Suffix}", Ratio(tp, tp + fp), 0.98, ">=", scored.Count));
            figures.Add(new($"dm.identity.recall{suffix}{Suffix}", Ratio(tp, tp + fn), 0.9, ">=", scored.Count(r => r.Pair.Same)));
        }

        return figures;
    }

    /// <summary>An empty denominator has nothing wrong in it: 1 (as in the rule-only figures).</summary>
    private static double Ratio(int numerator, int denominator) => denominator == 0 ? 1 : (double)numerator / denominator;

    [LoggerMessage(Level = LogLevel.Information, Message = "{Undecided} of {Pairs} identity pairs were undecided by the rules and sent to the light tier; it confirmed {Confirmed}")]
    private static partial void LogUndecided(ILogger logger, int undecided, int pairs, int confirmed);
}
