namespace Leadora;

/// <summary>Whether a market report rests on retrieved sources.</summary>
public enum EvidenceLevel
{
    /// <summary>Every figure and claim cites at least one source that web search actually returned.</summary>
    Grounded,

    /// <summary>Web search returned nothing usable: the report carries no figures and says so.</summary>
    Insufficient,
}

/// <summary>A source that web search returned for the market research of this search.</summary>
/// <param name="Title">Result title.</param>
/// <param name="Url">Result URL, exactly as returned.</param>
/// <param name="Snippet">Result snippet.</param>
/// <param name="Query">The query that returned it.</param>
/// <param name="Provider">The web-search provider.</param>
public sealed record MarketSource(string Title, string Url, string? Snippet, string Query, string Provider);

/// <summary>A market-size figure (TAM, SAM or SOM).</summary>
public sealed record MarketSize
{
    /// <summary>Value in US dollars, or <see langword="null"/> when the sources do not support a number.</summary>
    public decimal? ValueUsd { get; init; }

    /// <summary>Human-readable value as the sources state it, for example "USD 1.2 billion (2025)".</summary>
    public string Display { get; init; } = "";

    /// <summary>How the figure was derived.</summary>
    public string Method { get; init; } = "";

    /// <summary>URLs of the retrieved sources the figure rests on.</summary>
    public IReadOnlyList<string> SourceUrls { get; init; } = [];
}

/// <summary>A competitor named in a retrieved source.</summary>
public sealed record Competitor
{
    /// <summary>Competitor name.</summary>
    public string Name { get; init; } = "";

    /// <summary>A metric the sources give (share, revenue, footprint).</summary>
    public string Metric { get; init; } = "";

    /// <summary>Notes.</summary>
    public string Notes { get; init; } = "";

    /// <summary>Supporting source URLs.</summary>
    public IReadOnlyList<string> SourceUrls { get; init; } = [];
}

/// <summary>Confidence in a trend.</summary>
public enum TrendConfidence
{
    /// <summary>Low confidence.</summary>
    Low,

    /// <summary>Medium confidence.</summary>
    Medium,

    /// <summary>High confidence.</summary>
    High,
}

/// <summary>A market trend.</summary>
public sealed record MarketTrend
{
    /// <summary>The trend, in one sentence.</summary>
    public string Statement { get; init; } = "";

    /// <summary>Confidence.</summary>
    public TrendConfidence Confidence { get; init; }

    /// <summary>Horizon in years.</summary>
    public int HorizonYears { get; init; }

    /// <summary>Supporting source URLs.</summary>
    public IReadOnlyList<string> SourceUrls { get; init; } = [];
}

/// <summary>An opportunity for the seller (or buyer).</summary>
public sealed record MarketOpportunity
{
    /// <summary>Short title.</summary>
    public string Title { get; init; } = "";

    /// <summary>Description.</summary>
    public string Description { get; init; } = "";

    /// <summary>Supporting source URLs.</summary>
    public IReadOnlyList<string> SourceUrls { get; init; } = [];
}

/// <summary>Market research for a search, grounded in web-search results retrieved for it.</summary>
public sealed record MarketReport
{
    /// <summary>The search.</summary>
    public required Guid SearchId { get; init; }

    /// <summary>Whether the report rests on retrieved sources.</summary>
    public required EvidenceLevel Evidence { get; init; }

    /// <summary>One-paragraph summary. When evidence is insufficient it says so.</summary>
    public required string Summary { get; init; }

    /// <summary>Total addressable market, when sources support it.</summary>
    public MarketSize? Tam { get; init; }

    /// <summary>Serviceable addressable market, when sources support it.</summary>
    public MarketSize? Sam { get; init; }

    /// <summary>Serviceable obtainable market, when sources support it.</summary>
    public MarketSize? Som { get; init; }

    /// <summary>Competitors named in sources.</summary>
    public IReadOnlyList<Competitor> Competitors { get; init; } = [];

    /// <summary>Trends.</summary>
    public IReadOnlyList<MarketTrend> Trends { get; init; } = [];

    /// <summary>Opportunities.</summary>
    public IReadOnlyList<MarketOpportunity> Opportunities { get; init; } = [];

    /// <summary>Assumptions behind the figures.</summary>
    public IReadOnlyList<string> Assumptions { get; init; } = [];

    /// <summary>How the research was done.</summary>
    public string Methodology { get; init; } = "";

    /// <summary>The retrieved sources the report cites; every URL was returned by web search for this search.</summary>
    public IReadOnlyList<MarketSource> Sources { get; init; } = [];

    /// <summary>When the report was written.</summary>
    public DateTimeOffset GeneratedAt { get; init; }
}
