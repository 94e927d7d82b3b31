using Spectre.Console;

namespace Leadora.Cli.Rendering;

/// <summary>Shows a search's progress on stderr: live bars per phase on a terminal, plain lines when stderr is redirected.</summary>
internal static class ProgressView
{
    private static readonly (SearchPhase Phase, string Label)[] Phases =
    [
        (SearchPhase.Personas, "Personas"),
        (SearchPhase.Discovery, "Discovery"),
        (SearchPhase.DecisionMakers, "Decision makers"),
        (SearchPhase.Market, "Market research"),
    ];

    public static async Task FollowAsync(IAsyncEnumerable<SearchEvent> events, Guid searchId)
    {
        if (Console.IsErrorRedirected)
        {
            await FollowPlainAsync(events, searchId);
            return;
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        await console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var tasks = Phases.ToDictionary(p => p.Phase, p => context.AddTask(p.Label, maxValue: 100));
                await foreach (var change in events)
                {
                    foreach (var phase in change.Progress.Phases)
                    {
                        var task = tasks[phase.Phase];
                        task.Value = phase.Percent;
                        task.Description = $"{Label(phase.Phase)} {Units(phase)}";
                        if (phase.Status is PhaseStatus.Completed or PhaseStatus.CompletedWithWarnings or PhaseStatus.Failed or PhaseStatus.Cancelled)
                        {
                            task.StopTask();
                        }
                    }
                }
            });
    }

    private static async Task FollowPlainAsync(IAsyncEnumerable<SearchEvent> events, Guid searchId)
    {
        await Console.Error.WriteLineAsync($"Search {searchId} started.");
        string? last = null;
        await foreach (var change in events)
        {
            if (change.Kind != SearchEventKind.Progress && change.Kind != SearchEventKind.Finished)
            {
                continue;
            }

            var p = change.Progress;
            var line = $"[{p.Overall,5:0.0}%] " + string.Join(" | ", p.Phases.Select(ph => $"{Label(ph.Phase)} {ph.Percent:0}% {Units(ph)}")) +
                       $" | {p.Counts.Businesses} businesses, {p.Counts.DecisionMakers} decision makers";
            if (line != last)
            {
                await Console.Error.WriteLineAsync(line);
                last = line;
            }

            if (change.Kind == SearchEventKind.Finished)
            {
                await Console.Error.WriteLineAsync($"Search {searchId} finished: {p.Status}.");
            }
        }
    }

    private static string Label(SearchPhase phase) => Phases.First(p => p.Phase == phase).Label;

    private static string Units(PhaseProgress phase) => phase.TotalUnits > 0 ? $"({phase.CompletedUnits}/{phase.TotalUnits})" : "";
}
