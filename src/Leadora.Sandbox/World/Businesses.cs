using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace Leadora.Sandbox.World;

/// <summary>A synthetic business. Both /places and /maps rows are rendered from it, with realistic format differences.</summary>
internal sealed record SyntheticBusiness
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    /// <summary>Title shown by /maps; differs from <see cref="Name"/> for a few businesses (legal suffix added or dropped).</summary>
    public required string MapsTitle { get; init; }

    public required string IndustryKey { get; init; }

    public required string CountryCode { get; init; }

    public required string City { get; init; }

    public required string Address { get; init; }

    public required string ShortAddress { get; init; }

    public required double Latitude { get; init; }

    public required double Longitude { get; init; }

    public double? Rating { get; init; }

    public int? RatingCount { get; init; }

    public required string Category { get; init; }

    public required IReadOnlyList<string> Types { get; init; }

    public required string PhoneInternational { get; init; }

    public required string PhoneNational { get; init; }

    /// <summary>Canonical website ("https://slug.example/"), or null when the business has none.</summary>
    public string? Website { get; init; }

    /// <summary>The same website written differently ("https://www.slug.example").</summary>
    public string? WebsiteVariant { get; init; }

    public required string Cid { get; init; }

    public required string Fid { get; init; }

    public required string PlaceId { get; init; }

    /// <summary>Whether /places shows the phone (it often does not).</summary>
    public bool PhoneInPlaces { get; init; }

    /// <summary>Whether /places shows the website.</summary>
    public bool WebsiteInPlaces { get; init; }

    /// <summary>Whether /places shows the place id.</summary>
    public bool PlaceIdInPlaces { get; init; }

    /// <summary>Whether /places writes phone and website in their alternative forms (national phone, www website).</summary>
    public bool FormatVariant { get; init; }

    /// <summary>0 = no opening hours, 1 = office hours, 2 = open 24 hours, 3 = Gulf week (Friday closed).</summary>
    public int HoursKind { get; init; }

    /// <summary>Whether the business also appears in another industry's pool.</summary>
    public bool Shared { get; init; }
}

/// <summary>
/// Pools of businesses per (industry, country): 30–40 each, a few shared with related industries and a few diversified
/// groups that appear in several pools, all derived from the seed.
/// </summary>
internal sealed class BusinessPools
{
    private const int ConglomeratesPerCountry = 6;
    private const int SharedPerPair = 3;

    private readonly long _seed;
    private readonly ConcurrentDictionary<(string Industry, string Country), Lazy<IReadOnlyList<SyntheticBusiness>>> _pools = new();

    public BusinessPools(long seed) => _seed = seed;

    /// <summary>The pool of an industry in a country (cached; a pure function of seed, industry and country).</summary>
    public IReadOnlyList<SyntheticBusiness> Pool(Industry industry, string countryCode) =>
        _pools.GetOrAdd((industry.Key, countryCode.ToUpperInvariant()), key => new Lazy<IReadOnlyList<SyntheticBusiness>>(() => Build(industry, key.Country))).Value;

    /// <summary>A business by its place id, among the pools built so far; null when none has it.</summary>
    public SyntheticBusiness? FindByPlaceId(string placeId)
    {
        foreach (var pool in _pools.Values)
        {
            if (pool.IsValueCreated && pool.Value.FirstOrDefault(b => b.PlaceId == placeId) is { } business)
            {
                return business;
            }
        }

        return null;
    }

    /// <summary>The folded company name without legal suffixes: the key people and cities are derived from.</summary>
    public static string CompanyKey(string name) =>
        string.Join(' ', TextUtil.Words(name).Where(w => !NameBank.IsLegalWord(w)));

    /// <summary>The city a company is in, derived from its name only (so people searches agree with places results).</summary>
    public static string CityFor(long seed, CountryProfile country, string companyName)
    {
        if (!country.HasCities)
        {
            return country.Name;
        }

        var random = DeterministicRandom.For(seed, "city", country.Code, CompanyKey(companyName));
        return random.Pick(country.Cities).Name;
    }

    private List<SyntheticBusiness> Build(Industry industry, string countryCode)
    {
        var country = Geography.For(countryCode);
        var random = DeterministicRandom.For(_seed, "pool", industry.Key, country.Code);
        var pool = new List<SyntheticBusiness>();
        var used = new Used();

        foreach (var related in RelatedKeys(industry))
        {
            var (first, second) = string.CompareOrdinal(industry.Key, related) < 0 ? (industry.Key, related) : (related, industry.Key);
            var owner = Industries.Find(first) ?? industry;
            for (var i = 0; i < SharedPerPair; i++)
            {
                var business = Make(owner, country, DeterministicRandom.For(_seed, "shared", first, second, country.Code, i.ToString(CultureInfo.InvariantCulture)), $"s:{first}+{second}:{i}", null, shared: true);
                business = business with { Types = business.Types.Concat(Industries.Find(second)?.Categories.Take(1) ?? []).Distinct().ToList() };
                pool.Add(used.Claim(business));
            }
        }

        for (var i = 0; i < ConglomeratesPerCountry; i++)
        {
            if (StableHash.Unit(_seed, "conglomerate-member", country.Code, i.ToString(CultureInfo.InvariantCulture), industry.Key) < 0.3)
            {
                var group = Make(industry, country, DeterministicRandom.For(_seed, "conglomerate", country.Code, i.ToString(CultureInfo.InvariantCulture)), $"g:{country.Code}:{i}", "Industrial Group", shared: true);
                var category = DeterministicRandom.For(_seed, "conglomerate-category", country.Code, i.ToString(CultureInfo.InvariantCulture), industry.Key).Pick(industry.Categories);
                pool.Add(used.Claim(group with { Category = "Corporate office", Types = ["Corporate office", category] }));
            }
        }

        var target = random.Between(30, 40);
        for (var i = 0; pool.Count < target; i++)
        {
            var candidate = Make(industry, country, DeterministicRandom.For(_seed, "business", industry.Key, country.Code, i.ToString(CultureInfo.InvariantCulture)), $"b:{industry.Key}:{country.Code}:{i}", null, shared: false);
            if (!used.Collides(candidate))
            {
                pool.Add(used.Claim(candidate));
            }
        }

        return pool;
    }

    private static IEnumerable<string> RelatedKeys(Industry industry) =>
        industry.Related.Concat(Industries.All.Where(i => i.Related.Contains(industry.Key)).Select(i => i.Key))
            .Where(k => k != industry.Key && Industries.Find(k) is not null)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);

    private SyntheticBusiness Make(Industry industry, CountryProfile country, DeterministicRandom random, string id, string? fixedNameWord, bool shared)
    {
        var vocabulary = NameBank.For(country.Style);
        var prefix = random.Pick(vocabulary.BusinessPrefixes);
        var word = fixedNameWord ?? random.Pick(industry.NameWords);
        var suffix = random.Chance(0.7) ? " " + random.Pick(vocabulary.LegalSuffixes) : "";
        var name = $"{prefix} {word}{suffix}";

        var cityName = CityFor(_seed, country, name);
        var city = country.Cities.FirstOrDefault(c => c.Name == cityName);
        var street = random.Pick(vocabulary.Streets);
        var district = random.Pick(vocabulary.Districts);
        var number = random.Between(1, 980).ToString(CultureInfo.InvariantCulture);
        var postcode = Postcode(country.PostcodePattern, random);
        var address = Fill(country.AddressPattern, number, street, district, cityName, city?.State ?? "", postcode, country.Name);
        var shortAddress = country.HasCities ? $"{street}, {cityName}" : $"{district}, {country.Name}";

        var (latitude, longitude) = city is null
            ? (Math.Round(random.Between(-30.0, 50.0), 7), Math.Round(random.Between(-20.0, 120.0), 7))
            : (Math.Round(city.Latitude + random.Between(-0.08, 0.08), 7), Math.Round(city.Longitude + random.Between(-0.08, 0.08), 7));

        var subscriber = random.Next(10_000);
        var (international, national) = Phones.Make(country, city, subscriber);
        var slug = string.Join('-', TextUtil.Words(name).Where(w => !NameBank.IsLegalWord(w)));
        var hasWebsite = random.Chance(0.88);
        var cid = random.NextUInt64();
        var category = random.Chance(0.6) ? industry.Categories[0] : random.Pick(industry.Categories);
        var types = new List<string> { category };
        types.AddRange(industry.Categories.Where(c => c != category && random.Chance(0.35)));

        var hasRating = random.Chance(0.88);
        var titleVariant = random.Chance(0.1);
        var mapsTitle = !titleVariant ? name : suffix.Length > 0 ? $"{prefix} {word}" : $"{name} {vocabulary.LegalSuffixes[0]}";

        return new SyntheticBusiness
        {
            Id = id,
            Name = name,
            MapsTitle = mapsTitle,
            IndustryKey = industry.Key,
            CountryCode = country.Code,
            City = cityName,
            Address = address,
            ShortAddress = shortAddress,
            Latitude = latitude,
            Longitude = longitude,
            Rating = hasRating ? Math.Round(random.Between(3.2, 5.0), 1) : null,
            RatingCount = hasRating ? (int)Math.Round(Math.Pow(random.NextDouble(), 2.2) * 900) + 1 : null,
            Category = category,
            Types = types,
            PhoneInternational = international,
            PhoneNational = national,
            Website = hasWebsite ? $"https://{slug}.example/" : null,
            WebsiteVariant = hasWebsite ? $"https://www.{slug}.example" : null,
            Cid = cid.ToString(CultureInfo.InvariantCulture),
            Fid = TextUtil.Inv($"0x{random.NextUInt64():x16}:0x{cid:x}"),
            PlaceId = "ChIJ" + PlaceIdChars(random, 23),
            PhoneInPlaces = random.Chance(0.45),
            WebsiteInPlaces = hasWebsite && random.Chance(0.35),
            PlaceIdInPlaces = random.Chance(0.2),
            FormatVariant = random.Chance(0.25),
            HoursKind = country.Style == NameStyle.Arab ? (random.Chance(0.8) ? 3 : 0) : random.Pick([0, 1, 1, 1, 2]),
            Shared = shared,
        };
    }

    private static string Fill(string pattern, string number, string street, string district, string city, string state, string postcode, string country)
    {
        var text = pattern.Replace("{num}", number, StringComparison.Ordinal).Replace("{street}", street, StringComparison.Ordinal)
            .Replace("{district}", district, StringComparison.Ordinal).Replace("{city}", city, StringComparison.Ordinal)
            .Replace("{state}", state, StringComparison.Ordinal).Replace("{post}", postcode, StringComparison.Ordinal)
            .Replace("{country}", country, StringComparison.Ordinal);
        while (text.Contains("  ", StringComparison.Ordinal))
        {
            text = text.Replace("  ", " ", StringComparison.Ordinal);
        }

        return text.Replace(" ,", ",", StringComparison.Ordinal).Trim();
    }

    private static string Postcode(string pattern, DeterministicRandom random)
    {
        var builder = new StringBuilder(pattern.Length);
        foreach (var ch in pattern)
        {
            builder.Append(ch switch
            {
                '#' => (char)('0' + random.Next(10)),
                '@' => (char)('A' + random.Next(26)),
                _ => ch,
            });
        }

        return builder.ToString();
    }

    private static string PlaceIdChars(DeterministicRandom random, int length)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
        var builder = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            builder.Append(alphabet[random.Next(alphabet.Length)]);
        }

        return builder.ToString();
    }

    /// <summary>Names, phones and websites already taken in a pool (distinct businesses never share them).</summary>
    private sealed class Used
    {
        private readonly HashSet<string> _keys = new(StringComparer.Ordinal);

        public bool Collides(SyntheticBusiness business) =>
            _keys.Contains("n:" + CompanyKey(business.Name)) || _keys.Contains("p:" + business.PhoneInternational) || (business.Website is not null && _keys.Contains("w:" + business.Website));

        public SyntheticBusiness Claim(SyntheticBusiness business)
        {
            _keys.Add("n:" + CompanyKey(business.Name));
            _keys.Add("p:" + business.PhoneInternational);
            if (business.Website is not null)
            {
                _keys.Add("w:" + business.Website);
            }

            return business;
        }
    }
}
