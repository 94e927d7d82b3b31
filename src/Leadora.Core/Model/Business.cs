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

    /// <summary>The discovery unit (persona × country) that first found the business.</summary>
    public required string DiscoveredBy { get; init; }

    /// <summary>Best-matching business persona, once mapped.</summary>
    public PersonaMatch? PersonaMatch { get; init; }

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
