using System.Globalization;
using System.Text.RegularExpressions;

namespace Leadora.Sandbox.World;

/// <summary>An organic web result, provider-neutral (Serper and Custom Search both render it).</summary>
internal sealed record OrganicResult(string Title, string Link, string Snippet, string? Date = null);

/// <summary>A parsed <c>site:linkedin.com/in "Company" ("Title" OR "Title")</c> query.</summary>
internal sealed partial record PeopleQuery(string Company, IReadOnlyList<string> Titles)
{
    /// <summary>Parses a LinkedIn profile query, or returns null when the query is something else.</summary>
    public static PeopleQuery? TryParse(string query)
    {
        if (!query.Contains("linkedin.com/in", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var quoted = Quoted().Matches(query).Select(m => m.Groups[1].Value.Trim()).Where(v => v.Length > 0).ToList();
        if (quoted.Count == 0)
        {
            var rest = query[(query.IndexOf("linkedin.com/in", StringComparison.OrdinalIgnoreCase) + "linkedin.com/in".Length)..].Trim();
            return rest.Length == 0 ? null : new PeopleQuery(rest, []);
        }

        return new PeopleQuery(quoted[0], quoted.Skip(1).Distinct(StringComparer.OrdinalIgnoreCase).ToList());
    }

    [GeneratedRegex("\"([^\"]*)\"")]
    private static partial Regex Quoted();
}

/// <summary>
/// People at companies, reachable through LinkedIn-style profile searches. Who holds a role is derived from
/// (seed, company, role), so the same query always finds the same people and overlapping queries agree.
/// </summary>
internal static class People
{
    private static readonly string[] DefaultTitles = ["Procurement Manager", "Operations Director", "General Manager"];

    private static readonly string[] UnrelatedTitles =
    [
        "HR Business Partner", "Software Engineer", "Accountant", "Marketing Specialist", "Sales Executive", "Graduate Trainee", "Legal Counsel", "Executive Assistant",
    ];

    private static readonly string[] VariantPatterns = ["Senior {0}", "Deputy {0}", "{0} - {1}", "Acting {0}", "{0}, {1} Region"];

    public static IReadOnlyList<OrganicResult> Search(long seed, PeopleQuery query, string countryCode, int titleLength = 0)
    {
        var country = Geography.For(countryCode);
        var company = query.Company;
        var companyKey = BusinessPools.CompanyKey(company);
        var titles = query.Titles.Count > 0 ? query.Titles : DefaultTitles;
        var city = BusinessPools.CityFor(seed, country, company);
        var random = DeterministicRandom.For(seed, "people", country.Code, companyKey);

        var results = new List<OrganicResult>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var count = random.Between(2, 5);
        for (var slot = 0; results.Count < count && slot < count + 4; slot++)
        {
            var baseTitle = titles[slot % titles.Count];
            var roll = StableHash.Unit(seed, "person-kind", companyKey, TextUtil.Fold(baseTitle), slot.ToString(CultureInfo.InvariantCulture));
            var reused = slot >= titles.Count;
            var title = roll < 0.65 && !reused ? baseTitle
                : roll < 0.85 || reused ? string.Format(CultureInfo.InvariantCulture, VariantPatterns[(int)(roll * 1000) % VariantPatterns.Length], baseTitle, city)
                : UnrelatedTitles[(int)(roll * 1000) % UnrelatedTitles.Length];
            var roleKey = roll < 0.85 ? TextUtil.Fold(baseTitle) + (slot >= titles.Count ? "#" + slot.ToString(CultureInfo.InvariantCulture) : "") : "u" + slot.ToString(CultureInfo.InvariantCulture);
            var person = Person(seed, country, companyKey, roleKey);
            if (names.Add(person.First + " " + person.Last))
            {
                results.Add(Profile(person, title, company, city, country, titleLength));
            }
        }

        if (random.Chance(0.75))
        {
            var followers = random.Between(120, 25_000);
            results.Add(new OrganicResult(
                $"{company} | LinkedIn",
                $"https://www.linkedin.com/company/{TextUtil.Slug(companyKey)}",
                TextUtil.Inv($"{company} | {followers:N0} followers on LinkedIn. Synthetic sandbox company page. {company} is based in {city}, {country.Name}.")));
        }

        if (random.Chance(0.65))
        {
            var other = OtherCompany(seed, country, companyKey);
            var person = Person(seed, country, TextUtil.Fold(other), "other");
            var title = titles[random.Next(titles.Count)];
            results.Add(new OrganicResult(
                Cut($"{person.First} {person.Last} - {title} - {other} | LinkedIn", titleLength),
                ProfileLink(person),
                $"Location: {BusinessPools.CityFor(seed, country, other)}, {country.Name} · {title} at {other} · Previously at {company} · 500+ connections on LinkedIn. Synthetic sandbox profile."));
        }

        if (random.Chance(0.5))
        {
            var person = Person(seed, country, companyKey, TextUtil.Fold(titles[0]));
            var activity = random.Digits(19);
            results.Add(new OrganicResult(
                $"{person.First} {person.Last} on LinkedIn: Proud of the {company} team this quarter",
                $"https://www.linkedin.com/posts/{person.Slug}_{TextUtil.Slug(companyKey)}-activity-{activity}-{random.Hex(4)}",
                $"Synthetic sandbox post. Proud of what the {company} team delivered this quarter in {city}. #operations #teamwork"));
        }

        // Real result pages interleave profiles and noise; keep it deterministic.
        return DeterministicRandom.For(seed, "people-order", country.Code, companyKey).Shuffle(results);
    }

    private static string OtherCompany(long seed, CountryProfile country, string companyKey)
    {
        var random = DeterministicRandom.For(seed, "other-company", country.Code, companyKey);
        var vocabulary = NameBank.For(country.Style);
        string name;
        do
        {
            name = $"{random.Pick(vocabulary.BusinessPrefixes)} {random.Pick(["Industrial Services", "Engineering", "Trading", "Technical Services", "Projects"])}";
        }
        while (BusinessPools.CompanyKey(name) == companyKey);

        return name;
    }

    private static SyntheticPerson Person(long seed, CountryProfile country, string companyKey, string roleKey)
    {
        var random = DeterministicRandom.For(seed, "person", country.Code, companyKey, roleKey);
        var style = country.Style;
        if (style == NameStyle.Arab && country.Code is not "EG")
        {
            // Gulf workforces are international.
            var roll = random.NextDouble();
            style = roll < 0.22 ? NameStyle.Indian : roll < 0.32 ? NameStyle.Anglo : NameStyle.Arab;
        }

        var vocabulary = NameBank.For(style);
        var first = random.Pick(vocabulary.FirstNames);
        var last = random.Pick(vocabulary.LastNames);
        return new SyntheticPerson(first, last, $"{TextUtil.Slug(first)}-{TextUtil.Slug(last)}-{random.Hex(8)}");
    }

    private static string ProfileLink(SyntheticPerson person) => $"https://www.linkedin.com/in/{person.Slug}";

    private static OrganicResult Profile(SyntheticPerson person, string title, string company, string city, CountryProfile country, int titleLength)
    {
        var connections = StableHash.Of(0, person.Slug) % 5 == 0 ? TextUtil.Inv($"{120 + (int)(StableHash.Of(1, person.Slug) % 380)} connections") : "500+ connections";
        return new OrganicResult(
            Cut($"{person.First} {person.Last} - {title} - {company} | LinkedIn", titleLength),
            ProfileLink(person),
            $"Location: {city}, {country.Name} · {title} at {company} · {connections} on LinkedIn. Synthetic sandbox profile.");
    }

    /// <summary>A title longer than <paramref name="length"/> (when positive) cut at the last word that fits, ending in " ...".</summary>
    private static string Cut(string title, int length)
    {
        if (length <= 0 || title.Length <= length)
        {
            return title;
        }

        var end = title.LastIndexOf(' ', length - 4);
        var kept = (end > 0 ? title[..end] : title[..(length - 4)]).TrimEnd(' ', '-', '|');
        return kept + " ...";
    }

    private sealed record SyntheticPerson(string First, string Last, string Slug);
}
