using Leadora.Jobs;
using Leadora.Ports;
using Leadora.Testing;

namespace Leadora.Core.Tests;

public sealed class ProgressTests
{
    private static JobTypeCounts C(string type, int pending = 0, int running = 0, int completed = 0, int dead = 0, int cancelled = 0, double runningProgress = 0) =>
        new(type, pending, running, completed, dead, cancelled, runningProgress);

    private static SearchProgress Compute(SearchStatus status, params JobTypeCounts[] jobs) =>
        ProgressCalculator.Compute(LeadStoreContract.NewSearch() with { Status = status }, jobs, SearchCounts.Empty);

    [Fact]
    public void A_new_search_is_at_zero_with_pending_phases()
    {
        var progress = Compute(SearchStatus.Pending, C(JobTypes.Personas, pending: 1), C(JobTypes.Market, pending: 1));
        Assert.Equal(0, progress.Overall);
        Assert.Equal(PhaseStatus.Running, progress[SearchPhase.Personas].Status);
        Assert.Equal(PhaseStatus.Pending, progress[SearchPhase.Discovery].Status);
    }

    [Fact]
    public void Phases_move_with_finished_units_and_running_fractions()
    {
        var progress = Compute(SearchStatus.Running,
            C(JobTypes.Personas, completed: 1),
            C(JobTypes.Discovery, running: 2, completed: 2, runningProgress: 1.0),
            C(JobTypes.Market, running: 1, runningProgress: 0.5));
        Assert.Equal(100, progress[SearchPhase.Personas].Percent);
        Assert.Equal(75, progress[SearchPhase.Discovery].Percent);
        Assert.Equal(0, progress[SearchPhase.DecisionMakers].Percent);
        Assert.Equal(50, progress[SearchPhase.Market].Percent);
        Assert.Equal(25 + 0.75 * 35 + 0.5 * 20, progress.Overall, 1);
        Assert.Equal((2, 4), (progress[SearchPhase.Discovery].CompletedUnits, progress[SearchPhase.Discovery].TotalUnits));
    }

    [Fact]
    public void Decision_makers_are_scaled_by_discovery_until_discovery_closes()
    {
        var open = Compute(SearchStatus.Running, C(JobTypes.Personas, completed: 1), C(JobTypes.Discovery, running: 1, completed: 1), C(JobTypes.DecisionMakers, completed: 4));
        Assert.Equal(50, open[SearchPhase.DecisionMakers].Percent);
        Assert.Equal(PhaseStatus.Running, open[SearchPhase.DecisionMakers].Status);

        var closed = Compute(SearchStatus.Running, C(JobTypes.Personas, completed: 1), C(JobTypes.Discovery, completed: 2), C(JobTypes.DecisionMakers, completed: 4));
        Assert.Equal(100, closed[SearchPhase.DecisionMakers].Percent);
        Assert.Equal(PhaseStatus.Completed, closed[SearchPhase.DecisionMakers].Status);
    }

    [Fact]
    public void Decision_makers_stay_open_while_the_personas_job_can_still_fan_them_out()
    {
        // Discovery finished before the decision-maker personas were stored: the personas job has their batches to enqueue.
        var waiting = Compute(SearchStatus.Running, C(JobTypes.Personas, running: 1, runningProgress: 0.85), C(JobTypes.Discovery, completed: 4), C(JobTypes.Market, completed: 1));
        Assert.Equal(PhaseStatus.Pending, waiting[SearchPhase.DecisionMakers].Status);
        Assert.Equal(0, waiting[SearchPhase.DecisionMakers].Percent);

        var enqueued = Compute(SearchStatus.Running, C(JobTypes.Personas, completed: 1), C(JobTypes.Discovery, completed: 4), C(JobTypes.DecisionMakers, pending: 6, completed: 2), C(JobTypes.Market, completed: 1));
        Assert.True(enqueued.Overall > waiting.Overall);
        Assert.Equal(25, enqueued[SearchPhase.DecisionMakers].Percent);
    }

    [Fact]
    public void No_businesses_means_the_decision_maker_phase_is_complete_once_discovery_is()
    {
        var progress = Compute(SearchStatus.Running, C(JobTypes.Personas, completed: 1), C(JobTypes.Discovery, completed: 6), C(JobTypes.Market, running: 1));
        Assert.Equal(PhaseStatus.Completed, progress[SearchPhase.DecisionMakers].Status);
        Assert.Equal(80, progress.Overall);
    }

    [Fact]
    public void Dead_letters_show_as_warnings_or_failure_and_completion_is_100()
    {
        var progress = Compute(SearchStatus.CompletedWithWarnings,
            C(JobTypes.Personas, completed: 1), C(JobTypes.Discovery, completed: 5, dead: 1), C(JobTypes.DecisionMakers, completed: 3), C(JobTypes.Market, dead: 1));
        Assert.Equal(100, progress.Overall);
        Assert.Equal(PhaseStatus.CompletedWithWarnings, progress[SearchPhase.Discovery].Status);
        Assert.Equal(PhaseStatus.Failed, progress[SearchPhase.Market].Status);
    }

    [Fact]
    public void A_cancelled_search_marks_unfinished_phases_cancelled()
    {
        var progress = Compute(SearchStatus.Cancelled, C(JobTypes.Personas, completed: 1), C(JobTypes.Discovery, completed: 1, cancelled: 5), C(JobTypes.Market, cancelled: 1));
        Assert.Equal(PhaseStatus.Completed, progress[SearchPhase.Personas].Status);
        Assert.Equal(PhaseStatus.Cancelled, progress[SearchPhase.Discovery].Status);
        Assert.Equal(PhaseStatus.Cancelled, progress[SearchPhase.DecisionMakers].Status);
        Assert.True(progress.Overall < 100);
    }

    [Fact]
    public void Weights_are_the_seeds_and_sum_to_100()
    {
        Assert.Equal(25, ProgressCalculator.Weights[SearchPhase.Personas]);
        Assert.Equal(35, ProgressCalculator.Weights[SearchPhase.Discovery]);
        Assert.Equal(20, ProgressCalculator.Weights[SearchPhase.DecisionMakers]);
        Assert.Equal(20, ProgressCalculator.Weights[SearchPhase.Market]);
        Assert.Equal(100, ProgressCalculator.Weights.Values.Sum());
    }
}
