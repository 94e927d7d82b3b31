using System.Collections.Frozen;
using System.Globalization;

namespace Leadora.Sandbox.World;

/// <summary>
/// Market pages for market-size, competitor and trend queries: research-style results on <c>.example</c> domains whose
/// snippets carry concrete synthetic figures. One (subject, country) has one underlying market, so different queries
/// about it agree within the spread real sources show.
/// </summary>
internal static class MarketPages
{
    private static readonly FrozenSet<string> TopicWords = new[]
    {
        "market", "size", "share", "value", "valuation", "competitor", "competitors", "competition", "key", "player", "players", "leading", "top",
        "trend", "trends", "industry", "outlook", "forecast", "growth", "analysis", "report", "cagr", "company", "companies", "supplier", "suppliers",
        "demand", "revenue", "landscape", "opportunity", "opportunities", "major", "vendor", "vendors", "the", "in", "of", "and", "for", "by", "latest",
    }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly string[] GlobalPublishers =
    [
        "meridian-industry-research.example", "northbridge-analytics.example", "atlas-market-intelligence.example", "clearview-sector-reports.example",
        "bluefin-strategy-partners.example", "industry-pulse-news.example", "harborline-consulting.example", "quantis-market-data.example",
    ];

    private static readonly string[] TrendTemplates =
    [
        "operators are moving {0} purchasing to multi-year framework contracts with performance guarantees",
        "localisation targets are shifting {0} spend towards in-country suppliers and blending facilities",
        "tighter environmental rules are lifting demand for low-toxicity and biodegradable {0} products",
        "capacity expansions announced for 2026–2028 are expected to raise {0} demand",
        "digital monitoring and remote dosing are becoming standard requirements in {0} tenders",
        "price pressure from imports is squeezing margins for mid-size {0} distributors",
        "consolidation among regional {0} suppliers continues as buyers reduce their vendor lists",
    ];

    public static IReadOnlyList<OrganicResult> Search(long seed, string query, string countryCode)
    {
        var country = Geography.For(Industries.CountryIn(query) ?? countryCode);
        var folded = Industries.StripCountries(TextUtil.Fold(query));
        var words = folded.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var subjectWords = words.Where(w => !TopicWords.Contains(w) && !(w.Length == 4 && w.All(char.IsDigit))).ToList();
        if (subjectWords.Count == 0)
        {
            subjectWords = ["industrial", "services"];
        }

        var subject = string.Join(' ', subjectWords);
        var subjectKey = string.Join(' ', subjectWords.Select(TextUtil.Singular));
        var display = TextUtil.TitleCase(subject);
        var topic = words.Any(w => w is "competitor" or "competitors" or "competition" or "player" or "players" or "companies" or "vendors" or "suppliers" or "landscape") ? Topic.Competitors
            : words.Any(w => w is "trend" or "trends" or "outlook" or "forecast" or "opportunity" or "opportunities") ? Topic.Trends
            : Topic.Size;

        var market = Market.For(seed, subjectKey, country);
        var random = DeterministicRandom.For(seed, "market-results", country.Code, TextUtil.Fold(query));
        var count = random.Between(5, 8);
        var publishers = random.Shuffle(Publishers(country));
        var results = new List<OrganicResult>();
        for (var i = 0; i < count; i++)
        {
            // Mostly pages on the asked topic, with some neighbouring coverage as real result pages have.
            var kind = i < 3 ? topic : (Topic)random.Next(3);
            var publisher = publishers[i % publishers.Count];
            results.Add(kind switch
            {
                Topic.Competitors => CompetitorPage(market, display, subject, country, publisher, random, i),
                Topic.Trends => TrendPage(market, display, subject, country, publisher, random, i),
                _ => SizePage(market, display, subject, country, publisher, random, i),
            });
        }

        return results;
    }

    private static List<string> Publishers(CountryProfile country)
    {
        var regional = country.Style switch
        {
            NameStyle.Arab => new[] { "gulf-market-insights.example", "arabian-industry-review.example" },
            NameStyle.German or NameStyle.French or NameStyle.Dutch or NameStyle.Italian or NameStyle.Spanish when country.Code is not "MX" => ["euro-sector-monitor.example", "continental-industry-watch.example"],
            NameStyle.Japanese or NameStyle.Chinese or NameStyle.Indian => ["asia-pacific-market-watch.example", "eastern-industry-digest.example"],
            NameStyle.African => ["africa-markets-digest.example", "savanna-business-review.example"],
            _ => ["americas-industry-outlook.example", "commonwealth-market-review.example"],
        };
        return [.. regional, .. GlobalPublishers];
    }

    private static OrganicResult SizePage(Market market, string display, string subject, CountryProfile country, string publisher, DeterministicRandom random, int index)
    {
        var size = market.SizeBillions * random.Between(0.92, 1.08);
        var cagr = Math.Max(0.8, market.Cagr + random.Between(-0.5, 0.5));
        var horizon = random.Pick([2030, 2031, 2032]);
        var projected = size * Math.Pow(1 + (cagr / 100), horizon - 2025);
        var share = market.IndustrialShare + random.Between(-3.0, 3.0);
        return new OrganicResult(
            TextUtil.Inv($"{country.Name} {display} Market Size, Share & Forecast 2025–{horizon}"),
            $"https://{publisher}/reports/{TextUtil.Slug(subject)}-market-{TextUtil.Slug(country.Name)}" + (index > 0 ? TextUtil.Inv($"-{index}") : ""),
            TextUtil.Inv($"Synthetic sandbox. The {country.Name} {subject} market was valued at {Usd(size)} in 2025 and is projected to grow at a CAGR of {cagr:0.0}% to reach {Usd(projected)} by {horizon}. Industrial end users account for {share:0}% of demand."),
            DateFor(random));
    }

    private static OrganicResult CompetitorPage(Market market, string display, string subject, CountryProfile country, string publisher, DeterministicRandom random, int index)
    {
        var named = random.Shuffle(market.Competitors).Take(3).OrderByDescending(c => c.Share).ToList();
        var list = string.Join(", ", named.Take(2).Select(c => TextUtil.Inv($"{c.Name} ({c.Share:0.#}% share)"))) + TextUtil.Inv($" and {named[2].Name} ({named[2].Share:0.#}% share)");
        return new OrganicResult(
            TextUtil.Inv($"Top {display} Companies in {country.Name} ({2025 + (index % 2)})"),
            $"https://{publisher}/insights/top-{TextUtil.Slug(subject)}-companies-{TextUtil.Slug(country.Name)}" + (index > 0 ? TextUtil.Inv($"-{index}") : ""),
            TextUtil.Inv($"Synthetic sandbox. Leading suppliers include {list}. The top five players hold about {market.TopFiveShare:0}% of the {country.Name} {subject} market."),
            DateFor(random));
    }

    private static OrganicResult TrendPage(Market market, string display, string subject, CountryProfile country, string publisher, DeterministicRandom random, int index)
    {
        var trends = random.Shuffle(Enumerable.Range(0, TrendTemplates.Length)).Take(2).Select(i => string.Format(CultureInfo.InvariantCulture, TrendTemplates[i], subject)).ToList();
        return new OrganicResult(
            TextUtil.Inv($"{display} Industry Trends in {country.Name} 2026: What Buyers Should Know"),
            $"https://{publisher}/news/{TextUtil.Slug(subject)}-trends-{TextUtil.Slug(country.Name)}-2026" + (index > 0 ? TextUtil.Inv($"-{index}") : ""),
            TextUtil.Inv($"Synthetic sandbox. Key trends: {trends[0]}; {trends[1]}. Demand is expected to grow {market.Cagr:0.0}% a year through 2030."),
            DateFor(random));
    }

    private static string Usd(double billions) =>
        billions >= 1 ? TextUtil.Inv($"USD {billions:0.0} billion") : TextUtil.Inv($"USD {billions * 1000:0} million");

    private static string DateFor(DeterministicRandom random) =>
        new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddDays(random.Next(500)).ToString("MMM d, yyyy", CultureInfo.InvariantCulture);

    private enum Topic
    {
        Size,
        Competitors,
        Trends,
    }

    private sealed record Competitor(string Name, double Share);

    private sealed record Market(double SizeBillions, double Cagr, double IndustrialShare, double TopFiveShare, IReadOnlyList<Competitor> Competitors)
    {
        public static Market For(long seed, string subjectKey, CountryProfile country)
        {
            var random = DeterministicRandom.For(seed, "market", country.Code, subjectKey);
            var size = Math.Exp(random.Between(Math.Log(0.3), Math.Log(40)));
            var industry = Industries.Resolve(subjectKey);
            var vocabulary = NameBank.For(country.Style);
            var competitors = new List<Competitor>();
            var names = new HashSet<string>(StringComparer.Ordinal);
            while (competitors.Count < 6)
            {
                var name = $"{random.Pick(vocabulary.BusinessPrefixes)} {random.Pick(industry.NameWords)}";
                if (names.Add(name))
                {
                    competitors.Add(new Competitor(name, Math.Round(random.Between(4.0, 21.0), 1)));
                }
            }

            return new Market(size, Math.Round(random.Between(2.5, 9.5), 1), Math.Round(random.Between(28.0, 62.0)), Math.Round(random.Between(40.0, 70.0)), competitors);
        }
    }
}
