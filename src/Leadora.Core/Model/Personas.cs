namespace Leadora;

/// <summary>Who a business persona's companies are.</summary>
public sealed record BusinessDemographics
{
    /// <summary>Industry or niche.</summary>
    public string Industry { get; init; } = "";

    /// <summary>Typical company size, for example "51–500 employees".</summary>
    public string CompanySize { get; init; } = "";

    /// <summary>Geography the persona covers.</summary>
    public string Geography { get; init; } = "";

    /// <summary>Typical annual revenue band.</summary>
    public string Revenue { get; init; } = "";
}

/// <summary>What drives a business persona.</summary>
public sealed record BusinessCharacteristics
{
    /// <summary>Pain points the product addresses.</summary>
    public IReadOnlyList<string> PainPoints { get; init; } = [];

    /// <summary>Motivations to buy.</summary>
    public IReadOnlyList<string> Motivations { get; init; } = [];

    /// <summary>Challenges the companies face.</summary>
    public IReadOnlyList<string> Challenges { get; init; } = [];

    /// <summary>Criteria the companies decide on.</summary>
    public IReadOnlyList<string> DecisionFactors { get; init; } = [];
}

/// <summary>How a business persona buys.</summary>
public sealed record BusinessBehaviors
{
    /// <summary>Typical buying process.</summary>
    public string BuyingProcess { get; init; } = "";

    /// <summary>Typical decision timeline.</summary>
    public string DecisionTimeline { get; init; } = "";

    /// <summary>Typical budget range.</summary>
    public string BudgetRange { get; init; } = "";

    /// <summary>Preferred channels for outreach.</summary>
    public IReadOnlyList<string> PreferredChannels { get; init; } = [];
}

/// <summary>LLM-written market figures for a business persona. Every figure is an estimate, not a measurement.</summary>
public sealed record BusinessMarketPotential
{
    /// <summary>Always <see langword="true"/>: these figures were written by an LLM and are estimates.</summary>
    public bool IsEstimate { get; init; } = true;

    /// <summary>Estimated number of companies matching the persona in the target countries.</summary>
    public int EstimatedCompanies { get; init; }

    /// <summary>Estimated average deal size in US dollars.</summary>
    public decimal EstimatedAverageDealSizeUsd { get; init; }

    /// <summary>Estimated conversion rate, 0–1.</summary>
    public double EstimatedConversionRate { get; init; }
}

/// <summary>An ideal-customer (or ideal-supplier) segment written by the primary LLM tier.</summary>
public sealed record BusinessPersona
{
    /// <summary>Persona id, stable for a given search and rank.</summary>
    public required Guid Id { get; init; }

    /// <summary>The search the persona belongs to.</summary>
    public required Guid SearchId { get; init; }

    /// <summary>1-based rank: 1 is the best fit.</summary>
    public required int Rank { get; init; }

    /// <summary>Company-style title, for example "Mid-market desalination operator (KSA)".</summary>
    public required string Title { get; init; }

    /// <summary>One-paragraph description.</summary>
    public string Description { get; init; } = "";

    /// <summary>Who the companies are.</summary>
    public BusinessDemographics Demographics { get; init; } = new();

    /// <summary>What drives them.</summary>
    public BusinessCharacteristics Characteristics { get; init; } = new();

    /// <summary>How they buy.</summary>
    public BusinessBehaviors Behaviors { get; init; } = new();

    /// <summary>Estimated market potential (labelled estimates).</summary>
    public BusinessMarketPotential MarketPotential { get; init; } = new();

    /// <summary>Countries or regions where the persona is found.</summary>
    public IReadOnlyList<string> Locations { get; init; } = [];

    /// <summary>Phrases used to discover matching businesses through places and web search.</summary>
    public IReadOnlyList<string> SearchPhrases { get; init; } = [];

    /// <summary>Place categories (as used by maps providers) that match the persona.</summary>
    public IReadOnlyList<string> PlaceCategories { get; init; } = [];
}

/// <summary>Who a decision-maker persona is.</summary>
public sealed record DecisionMakerDemographics
{
    /// <summary>Seniority, for example "executive", "director" or "manager".</summary>
    public string Level { get; init; } = "";

    /// <summary>Department.</summary>
    public string Department { get; init; } = "";

    /// <summary>Typical experience.</summary>
    public string Experience { get; init; } = "";

    /// <summary>Geography.</summary>
    public string Geography { get; init; } = "";
}

/// <summary>What drives a decision-maker persona.</summary>
public sealed record DecisionMakerCharacteristics
{
    /// <summary>Responsibilities.</summary>
    public IReadOnlyList<string> Responsibilities { get; init; } = [];

    /// <summary>Pain points.</summary>
    public IReadOnlyList<string> PainPoints { get; init; } = [];

    /// <summary>Motivations.</summary>
    public IReadOnlyList<string> Motivations { get; init; } = [];

    /// <summary>Challenges.</summary>
    public IReadOnlyList<string> Challenges { get; init; } = [];

    /// <summary>Criteria they decide on.</summary>
    public IReadOnlyList<string> DecisionFactors { get; init; } = [];
}

/// <summary>How a decision-maker persona decides and communicates.</summary>
public sealed record DecisionMakerBehaviors
{
    /// <summary>Decision-making style.</summary>
    public string DecisionMaking { get; init; } = "";

    /// <summary>Communication style.</summary>
    public string CommunicationStyle { get; init; } = "";

    /// <summary>Role in the buying process.</summary>
    public string BuyingProcess { get; init; } = "";

    /// <summary>Preferred channels.</summary>
    public IReadOnlyList<string> PreferredChannels { get; init; } = [];
}

/// <summary>LLM-written figures for a decision-maker persona. Every figure is an estimate.</summary>
public sealed record DecisionMakerMarketPotential
{
    /// <summary>Always <see langword="true"/>: these figures were written by an LLM and are estimates.</summary>
    public bool IsEstimate { get; init; } = true;

    /// <summary>Estimated number of people in this role across the target companies.</summary>
    public int EstimatedDecisionMakers { get; init; }

    /// <summary>Estimated influence on the purchase, 0–100.</summary>
    public int EstimatedInfluence { get; init; }

    /// <summary>Estimated conversion rate, 0–1.</summary>
    public double EstimatedConversionRate { get; init; }
}

/// <summary>A buyer role at the target businesses, written by the primary LLM tier.</summary>
public sealed record DecisionMakerPersona
{
    /// <summary>Persona id, stable for a given search and rank.</summary>
    public required Guid Id { get; init; }

    /// <summary>The search the persona belongs to.</summary>
    public required Guid SearchId { get; init; }

    /// <summary>1-based rank.</summary>
    public required int Rank { get; init; }

    /// <summary>Role title, for example "Head of Water Treatment".</summary>
    public required string Title { get; init; }

    /// <summary>One-paragraph description.</summary>
    public string Description { get; init; } = "";

    /// <summary>Who they are.</summary>
    public DecisionMakerDemographics Demographics { get; init; } = new();

    /// <summary>What drives them.</summary>
    public DecisionMakerCharacteristics Characteristics { get; init; } = new();

    /// <summary>How they decide.</summary>
    public DecisionMakerBehaviors Behaviors { get; init; } = new();

    /// <summary>Estimated figures (labelled estimates).</summary>
    public DecisionMakerMarketPotential MarketPotential { get; init; } = new();

    /// <summary>Job titles used to find people in this role through web search.</summary>
    public IReadOnlyList<string> JobTitles { get; init; } = [];
}
