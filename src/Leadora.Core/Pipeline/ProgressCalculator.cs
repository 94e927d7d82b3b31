using Leadora.Jobs;
using Leadora.Ports;

namespace Leadora;

/// <summary>
/// Progress arithmetic. Each phase moves with its finished units (completed or dead-lettered jobs, plus the reported
/// fraction of running ones); overall progress weights the phases 25/35/20/20. Decision-maker jobs keep arriving while
/// discovery runs (and when the personas job stores the decision-maker personas), so until both are done that phase's
/// share is scaled by their own progress.
/// </summary>
public static class ProgressCalculator
{
    /// <summary>Phase weights (sum 100).</summary>
    public static IReadOnlyDictionary<SearchPhase, double> Weights { get; } = new Dictionary<SearchPhase, double>
    {
        [SearchPhase.Personas] = 25,
        [SearchPhase.Discovery] = 35,
        [SearchPhase.DecisionMakers] = 20,
        [SearchPhase.Market] = 20,
    };

    /// <summary>Computes progress from a search's status, its job counts, what it has found and (optionally) its usage.</summary>
    public static SearchProgress Compute(LeadSearch search, IReadOnlyList<JobTypeCounts> jobs, SearchCounts counts, IReadOnlyList<UsageSummaryRow>? usage = null)
    {
        ArgumentNullException.ThrowIfNull(search);
        ArgumentNullException.ThrowIfNull(jobs);
        JobTypeCounts? Of(string type) => jobs.FirstOrDefault(j => j.Type == type);

        var personas = Of(JobTypes.Personas);
        var discovery = Of(JobTypes.Discovery);
        var decisionMakers = Of(JobTypes.DecisionMakers);
        var market = Of(JobTypes.Market);
        var discoveryClosed = IsClosed(discovery);

        // Decision-maker jobs are fanned out by discovery and, once the decision-maker personas are stored, by the
        // personas job: the phase's size is known only when both are closed.
        var decisionMakersKnown = discoveryClosed && IsClosed(personas);
        var discoveryDone = decisionMakersKnown && discovery!.Cancelled == 0;
        var decisionMakerFraction = discoveryDone
            ? (decisionMakers is null || decisionMakers.Total == 0 ? 1 : Fraction(decisionMakers))
            : Fraction(decisionMakers) * Fraction(discovery) * Fraction(personas);

        var phases = new List<PhaseProgress>
        {
            Phase(SearchPhase.Personas, personas, Fraction(personas), closed: IsClosed(personas), search),
            Phase(SearchPhase.Discovery, discovery, Fraction(discovery), discoveryClosed, search),
            Phase(SearchPhase.DecisionMakers, decisionMakers, decisionMakerFraction, decisionMakersKnown && (decisionMakers is null || IsClosed(decisionMakers)), search),
            Phase(SearchPhase.Market, market, Fraction(market), IsClosed(market), search),
        };

        var overall = search.Status is SearchStatus.Completed or SearchStatus.CompletedWithWarnings
            ? 100
            : Math.Round(phases.Sum(p => Weights[p.Phase] * p.Percent / 100), 1);
        return new SearchProgress(search.Id, search.Status, Math.Clamp(overall, 0, 100), phases, counts, usage is null ? null : UsageTotals.Of(usage));
    }

    /// <summary>Share of a phase's units done: completed or dead-lettered units, plus running units' reported fractions. Cancelled units did no work.</summary>
    private static double Fraction(JobTypeCounts? counts) =>
        counts is null || counts.Total == 0 ? 0 : Math.Clamp((counts.Completed + counts.DeadLettered + counts.RunningProgress) / counts.Total, 0, 1);

    private static bool IsClosed(JobTypeCounts? counts) => counts is not null && counts.Total > 0 && counts.Pending + counts.Running == 0;

    private static PhaseProgress Phase(SearchPhase phase, JobTypeCounts? counts, double fraction, bool closed, LeadSearch search)
    {
        var total = counts?.Total ?? 0;
        var finished = (counts?.Completed ?? 0) + (counts?.DeadLettered ?? 0);
        var finishedCleanly = closed && counts is not null && counts.Cancelled == 0;
        PhaseStatus status;
        if (search.Status == SearchStatus.Cancelled && !finishedCleanly)
        {
            status = PhaseStatus.Cancelled;
        }
        else if (closed)
        {
            status = counts is null || counts.DeadLettered == 0 ? (counts?.Cancelled > 0 ? PhaseStatus.Cancelled : PhaseStatus.Completed)
                : counts.DeadLettered == counts.Total ? PhaseStatus.Failed
                : PhaseStatus.CompletedWithWarnings;
        }
        else if (search.Status.IsTerminal())
        {
            status = search.Status == SearchStatus.Failed ? PhaseStatus.Failed : PhaseStatus.Completed;
        }
        else
        {
            status = total == 0 ? PhaseStatus.Pending : PhaseStatus.Running;
        }

        var percent = status is PhaseStatus.Completed or PhaseStatus.CompletedWithWarnings && closed ? 100 : Math.Round(fraction * 100, 1);
        return new PhaseProgress(phase, status, percent, finished, total);
    }
}
