using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Leadora.Cli.Evaluation;

/// <summary>
/// <c>leadora eval</c>: runs every quality evaluation whose data is present (the repository's <c>eval/</c> sets, plus
/// <c>../shared/eval</c> beside the repository when it exists) and prints each figure beside its target. No network, no keys.
/// Exit code 0 when every figure meets its target, 1 when one does not, 2 when no evaluation data was found.
/// </summary>
internal static class EvalRun
{
    /// <summary>Every evaluation the command knows; each returns no figures when its data is absent.</summary>
    public static IReadOnlyList<IQualityEvaluation> Evaluations() => [new LinkedInEvaluation(), new LinkedInLlmEvaluation(), new FitEvaluation(), new DedupeEvaluation()];

    public static async Task<int> RunAsync(string? root, bool json, bool verbose, CancellationToken ct)
    {
        var dataRoot = root is not null ? Path.GetFullPath(root) : FindRepositoryRoot();
        if (dataRoot is null || !Directory.Exists(Path.Combine(dataRoot, "eval")))
        {
            await Console.Error.WriteLineAsync("leadora: no evaluation data found: run from the repository (it has eval/) or pass --root DIR.");
            return ExitCodes.BadInput;
        }

        var shared = Path.GetFullPath(Path.Combine(dataRoot, "..", "shared", "eval"));
        using var loggers = verbose
            ? (ILoggerFactory)LoggerFactory.Create(b => b.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Information))
            : NullLoggerFactory.Instance;
        var context = new EvalContext(dataRoot, Directory.Exists(shared) ? shared : null, loggers);
        var figures = new List<QualityFigure>();
        foreach (var evaluation in Evaluations())
        {
            var found = await evaluation.RunAsync(context, ct);
            if (found.Count > 0 && !json)
            {
                await Console.Out.WriteLineAsync($"{evaluation.Name}:");
                foreach (var figure in found)
                {
                    await Console.Out.WriteLineAsync(Line(figure));
                }
            }

            figures.AddRange(found);
        }

        if (figures.Count == 0)
        {
            await Console.Error.WriteLineAsync($"leadora: no evaluation data found under {Path.Combine(dataRoot, "eval")}.");
            return ExitCodes.BadInput;
        }

        await Console.Out.WriteLineAsync(json ? Json(figures) : Summary(figures));
        return figures.All(f => f.Met) ? ExitCodes.Success : ExitCodes.Failed;
    }

    /// <summary>
    /// The repository root: the nearest directory above the working directory, else above the executable, that holds
    /// <c>eval/</c> and <c>Leadora.sln</c>.
    /// </summary>
    public static string? FindRepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (Directory.Exists(Path.Combine(directory.FullName, "eval")) && File.Exists(Path.Combine(directory.FullName, "Leadora.sln")))
                {
                    return directory.FullName;
                }
            }
        }

        return null;
    }

    /// <summary>One figure as a table row: name, value, direction and target, met, items.</summary>
    public static string Line(QualityFigure figure) => string.Create(
        CultureInfo.InvariantCulture,
        $"  {figure.Name,-54} {Format(figure.Value),8}  {figure.Direction} {Format(figure.Target),-6}  {(figure.Met ? "met" : "NOT MET"),-7}  n={figure.Items}");

    /// <summary>The last line without <c>--json</c>.</summary>
    public static string Summary(IReadOnlyList<QualityFigure> figures)
    {
        var missed = figures.Where(f => !f.Met).Select(f => f.Name).ToList();
        return missed.Count == 0
            ? $"eval: all {figures.Count} figures meet their targets."
            : $"eval: {figures.Count - missed.Count}/{figures.Count} figures meet their targets; not met: {string.Join(", ", missed)}.";
    }

    /// <summary>The last line with <c>--json</c>: exactly one JSON object.</summary>
    public static string Json(IReadOnlyList<QualityFigure> figures)
    {
        var array = new JsonArray();
        foreach (var figure in figures)
        {
            array.Add(new JsonObject
            {
                ["name"] = figure.Name,
                ["value"] = Math.Round(figure.Value, 4),
                ["target"] = figure.Target,
                ["direction"] = figure.Direction,
                ["met"] = figure.Met,
                ["items"] = figure.Items,
            });
        }

        return new JsonObject { ["figures"] = array }.ToJsonString(new JsonSerializerOptions { WriteIndented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    private static string Format(double value) => value == Math.Floor(value) && Math.Abs(value) >= 2
        ? value.ToString("0", CultureInfo.InvariantCulture)
        : value.ToString("0.000", CultureInfo.InvariantCulture);
}
