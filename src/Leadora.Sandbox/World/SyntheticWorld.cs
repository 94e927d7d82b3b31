namespace Leadora.Sandbox.World;

/// <summary>
/// The deterministic synthetic world every provider emulator renders from: businesses per (industry, country), people
/// at companies, and market pages. Provider-neutral and thread-safe; answers depend only on the seed and the request.
/// </summary>
internal sealed class SyntheticWorld
{
    /// <summary>The word that makes any query come back empty (tests use it for the "no evidence" path).</summary>
    public const string NothingFoundWord = "nothingfound";

    public SyntheticWorld(long seed, int profileTitleLength = 0)
    {
        Seed = seed;
        ProfileTitleLength = profileTitleLength;
        Businesses = new BusinessPools(seed);
    }

    public long Seed { get; }

    /// <summary>Longest profile result title (see <see cref="SandboxOptions.ProfileTitleLength"/>); 0 keeps titles whole.</summary>
    public int ProfileTitleLength { get; }

    public BusinessPools Businesses { get; }

    /// <summary>Whether a query asks for the empty result.</summary>
    public static bool IsNothingFound(string? query) => query?.Contains(NothingFoundWord, StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>
    /// One page of businesses for a places query. The pool comes from the query's industry and the country; the order
    /// comes from the whole query, so different phrasings of one industry overlap partially. Businesses shared with
    /// other industries and businesses in a city the query names rank higher.
    /// </summary>
    public IReadOnlyList<SyntheticBusiness> SearchPlaces(string query, string countryCode, string? location, int page, int pageSize)
    {
        if (IsNothingFound(query) || page < 1 || pageSize < 1)
        {
            return [];
        }

        var country = !string.IsNullOrWhiteSpace(countryCode) ? countryCode : Industries.CountryIn(query) ?? "US";
        var industry = Industries.Resolve(query);
        var pool = Businesses.Pool(industry, country);
        var foldedQuery = TextUtil.Fold(query + " " + location);
        var orderKey = TextUtil.Fold(query);
        return pool
            .Select(b => (Business: b, Score: StableHash.Unit(Seed, "rank", orderKey, b.Id) - (b.Shared ? 0.25 : 0) - (Mentions(foldedQuery, b.City) ? 0.5 : 0)))
            .OrderBy(p => p.Score)
            .ThenBy(p => p.Business.Id, StringComparer.Ordinal)
            .Skip((page - 1) * pageSize)
            .Take(pageSize)
            .Select(p => p.Business)
            .ToList();
    }

    /// <summary>Organic web results: LinkedIn-style people for profile queries, market pages otherwise.</summary>
    public IReadOnlyList<OrganicResult> SearchWeb(string query, string countryCode, int page, int num) =>
        page < 1 || num < 1 ? [] : SearchWebRange(query, countryCode, (page - 1) * num, num);

    /// <summary>
    /// The same organic results as <see cref="SearchWeb"/>, by offset: <paramref name="count"/> results after the first
    /// <paramref name="offset"/> (Custom Search pages by a 1-based <c>start</c>, not by page).
    /// </summary>
    public IReadOnlyList<OrganicResult> SearchWebRange(string query, string countryCode, int offset, int count)
    {
        if (IsNothingFound(query) || offset < 0 || count < 1)
        {
            return [];
        }

        return AllWebResults(query, countryCode).Skip(offset).Take(count).ToList();
    }

    /// <summary>How many organic results a query has in all.</summary>
    public int CountWebResults(string query, string countryCode) => IsNothingFound(query) ? 0 : AllWebResults(query, countryCode).Count;

    /// <summary>A business by its place id, among the pools built so far (a Details call follows the search that found it).</summary>
    public SyntheticBusiness? FindByPlaceId(string placeId) => Businesses.FindByPlaceId(placeId);

    private IReadOnlyList<OrganicResult> AllWebResults(string query, string countryCode) =>
        PeopleQuery.TryParse(query) is { } people
            ? People.Search(Seed, people, countryCode, ProfileTitleLength)
            : MarketPages.Search(Seed, query, countryCode);

    private static bool Mentions(string foldedQuery, string city)
    {
        var foldedCity = TextUtil.Fold(city);
        return foldedCity.Length > 0 && (" " + foldedQuery + " ").Contains(" " + foldedCity + " ", StringComparison.Ordinal);
    }
}
