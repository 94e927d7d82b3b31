using System.ComponentModel;

namespace Leadora.Pipeline;

// The shapes the LLM is asked to return. Their strict JSON schemas are generated from these types.

internal sealed class BusinessPersonasReply
{
    public List<BusinessPersonaDraft> Personas { get; init; } = [];
}

internal sealed class BusinessPersonaDraft
{
    [Description("Company-style segment title, e.g. \"Mid-market desalination operator (KSA)\".")]
    public string Title { get; init; } = "";

    public string Description { get; init; } = "";

    public BusinessDemographics Demographics { get; init; } = new();

    public BusinessCharacteristics Characteristics { get; init; } = new();

    public BusinessBehaviors Behaviors { get; init; } = new();

    [Description("Rough estimates only.")]
    public BusinessPotentialDraft MarketPotential { get; init; } = new();

    public List<string> Locations { get; init; } = [];

    [Description("3 to 5 short phrases a Google Maps search would use to find such businesses, naming the type of business, e.g. \"petrochemical plant\".")]
    public List<string> SearchPhrases { get; init; } = [];

    [Description("Google Maps place categories that fit, e.g. \"Chemical plant\".")]
    public List<string> PlaceCategories { get; init; } = [];
}

internal sealed class BusinessPotentialDraft
{
    public int EstimatedCompanies { get; init; }

    public decimal EstimatedAverageDealSizeUsd { get; init; }

    [Description("Between 0 and 1.")]
    public double EstimatedConversionRate { get; init; }
}

internal sealed class DecisionMakerPersonasReply
{
    public List<DecisionMakerPersonaDraft> Personas { get; init; } = [];
}

internal sealed class DecisionMakerPersonaDraft
{
    [Description("Role title, e.g. \"Head of Procurement\".")]
    public string Title { get; init; } = "";

    public string Description { get; init; } = "";

    public DecisionMakerDemographics Demographics { get; init; } = new();

    public DecisionMakerCharacteristics Characteristics { get; init; } = new();

    public DecisionMakerBehaviors Behaviors { get; init; } = new();

    [Description("Rough estimates only.")]
    public DecisionMakerPotentialDraft MarketPotential { get; init; } = new();

    [Description("2 to 4 concrete job titles as people write them on LinkedIn.")]
    public List<string> JobTitles { get; init; } = [];
}

internal sealed class DecisionMakerPotentialDraft
{
    public int EstimatedDecisionMakers { get; init; }

    [Description("Influence on the purchase, 0 to 100.")]
    public int EstimatedInfluence { get; init; }

    [Description("Between 0 and 1.")]
    public double EstimatedConversionRate { get; init; }
}

internal sealed class MarketAnalysisReply
{
    [Description("One paragraph that states only what the sources support.")]
    public string Summary { get; init; } = "";

    public MarketSize Tam { get; init; } = new();

    public MarketSize Sam { get; init; } = new();

    public MarketSize Som { get; init; } = new();

    public List<Competitor> Competitors { get; init; } = [];

    public List<MarketTrend> Trends { get; init; } = [];

    public List<MarketOpportunity> Opportunities { get; init; } = [];

    public List<string> Assumptions { get; init; } = [];

    public string Methodology { get; init; } = "";
}

internal sealed class TieBreakReply
{
    public string PersonaId { get; init; } = "";

    public string Reason { get; init; } = "";
}
