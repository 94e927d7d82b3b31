namespace Leadora.Ports;

/// <summary>A text query for places (businesses on a map) in one country.</summary>
/// <param name="Text">Query text, for example "water treatment plant".</param>
/// <param name="Country">ISO 3166-1 alpha-2 country code.</param>
/// <param name="Page">1-based page number.</param>
/// <param name="Language">Optional language code for results, for example <c>en</c>.</param>
public sealed record PlacesQuery(string Text, string Country, int Page = 1, string? Language = null);

/// <summary>A place as a provider returned it. Every field but the name may be absent.</summary>
public sealed record Place
{
    /// <summary>Business name.</summary>
    public required string Name { get; init; }

    /// <summary>Formatted address.</summary>
    public string? Address { get; init; }

    /// <summary>City (locality), when the provider gives it separately.</summary>
    public string? City { get; init; }

    /// <summary>Phone number.</summary>
    public string? Phone { get; init; }

    /// <summary>Website URL.</summary>
    public string? Website { get; init; }

    /// <summary>Google place id.</summary>
    public string? PlaceId { get; init; }

    /// <summary>Google customer id (CID).</summary>
    public string? Cid { get; init; }

    /// <summary>Latitude.</summary>
    public double? Latitude { get; init; }

    /// <summary>Longitude.</summary>
    public double? Longitude { get; init; }

    /// <summary>Rating.</summary>
    public double? Rating { get; init; }

    /// <summary>Number of ratings.</summary>
    public int? RatingCount { get; init; }

    /// <summary>Primary category.</summary>
    public string? Category { get; init; }

    /// <summary>All categories or types, when returned.</summary>
    public IReadOnlyList<string> Types { get; init; } = [];
}

/// <summary>One page of places.</summary>
/// <param name="Places">The places, in provider order.</param>
/// <param name="Provider">Provider that answered, for example <c>serper</c>.</param>
/// <param name="HasMore">Whether a further page may hold more results.</param>
public sealed record PlacesPage(IReadOnlyList<Place> Places, string Provider, bool HasMore);

/// <summary>Port: text search for places in a country.</summary>
public interface IPlacesSearch
{
    /// <summary>Searches places.</summary>
    /// <param name="query">The query.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<PlacesPage> SearchAsync(PlacesQuery query, CancellationToken cancellationToken = default);
}

/// <summary>A web search query in one country.</summary>
/// <param name="Text">Query text; may use operators such as <c>site:</c>.</param>
/// <param name="Country">ISO 3166-1 alpha-2 country code.</param>
/// <param name="Count">Results wanted (providers cap this at 10 per page).</param>
/// <param name="Page">1-based page.</param>
/// <param name="Language">Optional language code.</param>
public sealed record WebSearchQuery(string Text, string Country, int Count = 10, int Page = 1, string? Language = null);

/// <summary>An organic web-search result.</summary>
/// <param name="Title">Result title.</param>
/// <param name="Url">Result URL.</param>
/// <param name="Snippet">Result snippet.</param>
/// <param name="Position">1-based position.</param>
public sealed record WebResult(string Title, string Url, string? Snippet, int Position);

/// <summary>One page of web results.</summary>
/// <param name="Results">Organic results.</param>
/// <param name="Provider">Provider that answered.</param>
public sealed record WebSearchPage(IReadOnlyList<WebResult> Results, string Provider);

/// <summary>Port: web search.</summary>
public interface IWebSearch
{
    /// <summary>Searches the web.</summary>
    /// <param name="query">The query.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<WebSearchPage> SearchAsync(WebSearchQuery query, CancellationToken cancellationToken = default);
}
