namespace Leadora.Jobs;

/// <summary>The job types of a lead search. Payloads are JSON documents owned by Core.</summary>
public static class JobTypes
{
    /// <summary>Write business and decision-maker personas, embed them, fan out discovery.</summary>
    public const string Personas = "personas";

    /// <summary>Discover businesses for one persona in one country.</summary>
    public const string Discovery = "discovery";

    /// <summary>Find decision makers for a batch of businesses.</summary>
    public const string DecisionMakers = "decision_makers";

    /// <summary>Market research grounded in web search.</summary>
    public const string Market = "market";

    /// <summary>The phase a job type belongs to.</summary>
    public static SearchPhase PhaseOf(string jobType) => jobType switch
    {
        Personas => SearchPhase.Personas,
        Discovery => SearchPhase.Discovery,
        DecisionMakers => SearchPhase.DecisionMakers,
        Market => SearchPhase.Market,
        _ => throw new ArgumentOutOfRangeException(nameof(jobType), jobType, "Unknown job type."),
    };
}
