using Leadora.Ports;

namespace Leadora.Matching;

/// <summary>The outcome of the top-2 rule for one decision maker.</summary>
/// <param name="Best">Best vector match.</param>
/// <param name="RunnerUp">Second-best vector match, when there is one.</param>
/// <param name="NeedsTieBreak">Whether the two are within ε, so the light LLM should decide.</param>
internal sealed record Top2Decision(VectorMatch Best, VectorMatch? RunnerUp, bool NeedsTieBreak);

/// <summary>Embedding-first persona mapping rules.</summary>
internal static class PersonaMatching
{
    /// <summary>The business rule: the single best cosine match, or <see langword="null"/> when there are no personas.</summary>
    public static PersonaMatch? Best(IReadOnlyList<VectorMatch> ranked, MatchMethod method = MatchMethod.Vector)
    {
        ArgumentNullException.ThrowIfNull(ranked);
        return ranked.Count == 0 ? null : new PersonaMatch(ranked[0].Id, ranked[0].Score, method);
    }

    /// <summary>
    /// The decision-maker rule: take the top two matches; when their scores differ by less than <paramref name="epsilon"/>
    /// a tie-break is needed, otherwise the best is accepted. <see langword="null"/> when there are no personas.
    /// </summary>
    public static Top2Decision? Top2(IReadOnlyList<VectorMatch> ranked, double epsilon)
    {
        ArgumentNullException.ThrowIfNull(ranked);
        if (ranked.Count == 0)
        {
            return null;
        }

        if (ranked.Count == 1)
        {
            return new Top2Decision(ranked[0], null, false);
        }

        var needsTieBreak = Math.Abs(ranked[0].Score - ranked[1].Score) < epsilon;
        return new Top2Decision(ranked[0], ranked[1], needsTieBreak);
    }

    /// <summary>The persona match for a decision: the chosen persona's own score, the other as runner-up.</summary>
    public static PersonaMatch Resolve(Top2Decision decision, Guid? chosenByLlm)
    {
        ArgumentNullException.ThrowIfNull(decision);
        if (chosenByLlm is { } chosen && decision.RunnerUp is { } runnerUp && chosen == runnerUp.Id)
        {
            return new PersonaMatch(runnerUp.Id, runnerUp.Score, MatchMethod.LlmRefined, decision.Best.Id, decision.Best.Score);
        }

        var method = chosenByLlm is not null ? MatchMethod.LlmRefined : MatchMethod.Vector;
        return new PersonaMatch(decision.Best.Id, decision.Best.Score, method, decision.RunnerUp?.Id, decision.RunnerUp?.Score);
    }
}
