namespace Leadora;

/// <summary>A real business returned by a places or search provider, de-duplicated within its search.</summary>
public sealed record Business
{
    /// <summary>Business id, stable for a given search and de-duplication key.</summary>
    public required Guid Id { get; init; }

    /// <summary>The search the business belongs to.</summary>
    public required Guid SearchId { get; init; }

    /// <summary>Name as returned by the provider.</summary>
    public required string Name { get; init; }

    /// <summary>Formatted address, when returned.</summary>
    public string? Address { get; init; }

    /// <summary>City: the provider's locality when given, otherwise read from the address.</summary>
    public string? City { get; init; }

    /// <summary>ISO 3166 alpha-2 code of the country searched.</summary>
    public required string Country { get; init; }

    /// <summary>Phone number as returned by the provider.</summary>
    public string? Phone { get; init; }

    /// <summary>Website URL as returned by the provider.</summary>
    public string? Website { get; init; }

    /// <summary>Normalized registrable host of <see cref="Website"/>, for example <c>acme.com</c>.</summary>
    public string? Domain { get; init; }

    /// <summary>Provider category, for example "Water treatment supplier".</summary>
    public string? Category { get; init; }

    /// <summary>Every category or type the provider returned (Google place types, Serper <c>types</c>), in provider order.</summary>
    public IReadOnlyList<string> Types { get; init; } = [];

    /// <summary>Provider rating, when returned.</summary>
    public double? Rating { get; init; }

    /// <summary>Number of ratings, when returned.</summary>
    public int? RatingCount { get; init; }

    /// <summary>Google place id, when returned.</summary>
    public string? PlaceId { get; init; }

    /// <summary>Google customer id (CID), when returned.</summary>
    public string? Cid { get; init; }

    /// <summary>Latitude, when returned.</summary>
    public double? Latitude { get; init; }

    /// <summary>Longitude, when returned.</summary>
    public double? Longitude { get; init; }

    /// <summary>Where the business was first found.</summary>
    public required Provenance Provenance { get; init; }

    /// <summary>Where duplicates merged into this business were found too (another provider, query or page), oldest first.</summary>
    public IReadOnlyList<Provenance> AlsoFoundBy { get; init; } = [];

    /// <summary>The discovery unit (persona × country) that first found the business.</summary>
    public required string DiscoveredBy { get; init; }

    /// <summary>Best-matching business persona, once mapped.</summary>
    public PersonaMatch? PersonaMatch { get; init; }

    /// <summary>How well the business fits what the user sells, once scored; see <see cref="BusinessFit"/>.</summary>
    public BusinessFit? Fit { get; init; }

    /// <summary>Whether the business is kept out of the leads because its fit is below the threshold.</summary>
    public bool Excluded => Fit is { Excluded: true };

    /// <summary>Whether decision-maker enrichment has run for the business.</summary>
    public bool DecisionMakersSearched { get; init; }

    /// <summary>When the business was first stored.</summary>
    public DateTimeOffset FoundAt { get; init; }
}

/// <summary>A person at a business, found in a web-search result (a LinkedIn profile) and checked against the business.</summary>
public sealed record DecisionMaker
{
    /// <summary>Decision-maker id, stable for a given search and profile URL.</summary>
    public required Guid Id { get; init; }

    /// <summary>The search.</summary>
    public required Guid SearchId { get; init; }

    /// <summary>The business the person works at.</summary>
    public required Guid BusinessId { get; init; }

    /// <summary>Name as shown in the search result.</summary>
    public required string Name { get; init; }

    /// <summary>Job title as shown in the search result.</summary>
    public required string Title { get; init; }

    /// <summary>Company name as shown in the search result.</summary>
    public required string Company { get; init; }

    /// <summary>Profile URL exactly as returned by the web search.</summary>
    public required string LinkedInUrl { get; init; }

    /// <summary>Location, when the result showed one.</summary>
    public string? Location { get; init; }

    /// <summary>The search-result snippet.</summary>
    public string? Snippet { get; init; }

    /// <summary>Where the person was found.</summary>
    public required Provenance Provenance { get; init; }

    /// <summary>Best-matching decision-maker persona, once mapped.</summary>
    public PersonaMatch? PersonaMatch { get; init; }

    /// <summary>When the person was first stored.</summary>
    public DateTimeOffset FoundAt { get; init; }
}

/// <summary>How a business's fit was decided.</summary>
public enum FitMethod
{
    /// <summary>The provider's categories or types, and the name, against the personas' place categories.</summary>
    Category,

    /// <summary>No category evidence either way; cosine similarity between the business and its best persona decided.</summary>
    Embedding,

    /// <summary>The rules were unsure; the light LLM tier judged the business against the personas.</summary>
    Llm,
}

/// <summary>How well a business fits what the user sells, with the reason and the method that decided it.</summary>
/// <param name="Score">Fit in [0, 1]; below the threshold the business is excluded.</param>
/// <param name="Reason">A short reason, for example <c>category 'Bar' is not one of: hotel, hostel</c>.</param>
/// <param name="Method">What decided the score.</param>
/// <param name="Excluded">Whether the business is kept out of the leads (no decision-maker search, not exported).</param>
public sealed record BusinessFit(double Score, string Reason, FitMethod Method, bool Excluded);
