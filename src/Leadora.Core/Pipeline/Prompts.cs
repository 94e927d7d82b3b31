using System.Globalization;
using System.Text;
using Leadora.DecisionMakers;

namespace Leadora.Pipeline;

/// <summary>
/// Every prompt the pipeline sends. The request is always stated in the same plain lines
/// (<c>Search type:</c>, <c>Product or service:</c>, <c>Industries:</c>, <c>Countries:</c>) so that the offline sandbox
/// can condition its replies on it.
/// </summary>
internal static class Prompts
{
    public const string BusinessPersonasSchema = "business_personas";
    public const string DecisionMakerPersonasSchema = "decision_maker_personas";
    public const string MarketAnalysisSchema = "market_analysis";
    public const string TieBreakSchema = "persona_tiebreak";
    public const string CompanyIdentitySchema = "company_identity";

    public static string RequestBlock(LeadSearch search)
    {
        var countries = string.Join("; ", search.Countries.Select(c => $"{Countries.Get(c).Name} ({c})"));
        return string.Join('\n',
            $"Search type: {(search.SearchType == SearchType.Customer ? "customer" : "supplier")}",
            $"Product or service: {search.ProductService}",
            $"Industries: {string.Join("; ", search.Industries)}",
            $"Countries: {countries}");
    }

    public static (string System, string User) BusinessPersonas(LeadSearch search)
    {
        var audience = search.SearchType == SearchType.Customer
            ? "companies that would BUY the product or service"
            : "companies that SELL, make or distribute the product or service";
        var system = "You are a precise B2B segmentation analyst. You describe types of companies, never specific named companies. " +
                     "Figures you give are rough estimates and will be labelled as such.";
        var user = $"""
            {RequestBlock(search)}

            Write exactly {search.Limits.BusinessPersonas} distinct business personas: segments of {audience}, within the industries and countries above.
            Each persona is a company profile: niche, typical size, geography, revenue band, pain points, motivations, challenges, decision factors,
            buying process, decision timeline, budget range and preferred channels. Give 3 to 5 searchPhrases per persona: short phrases a maps search
            would use to find such companies (the kind of business, e.g. "petrochemical plant"), and matching placeCategories.
            """;
        return (system, user);
    }

    public static (string System, string User) DecisionMakerPersonas(LeadSearch search, IReadOnlyList<BusinessPersona> businessPersonas)
    {
        var role = search.SearchType == SearchType.Customer ? "decide on or influence buying" : "decide on or influence selling and supplying";
        var system = "You are a precise B2B buyer-role analyst. You describe roles, never specific named people. Figures are rough estimates.";
        var user = $"""
            {RequestBlock(search)}
            Business personas: {string.Join("; ", businessPersonas.Select(p => p.Title))}

            Write exactly {search.Limits.DecisionMakerPersonas} distinct decision-maker personas: the roles at these companies who {role} the product or service.
            For each give level, department, experience, geography, responsibilities, pain points, motivations, challenges, decision factors,
            decision-making and communication style, their part in the buying process, preferred channels, and 2 to 4 jobTitles as people
            write them on LinkedIn.
            """;
        return (system, user);
    }

    public static (string System, string User) TieBreak(DecisionMaker person, IReadOnlyList<DecisionMakerPersona> candidates)
    {
        var system = "You map a person's job title to the buyer-role persona that fits it best. Answer with the candidate's id.";
        var builder = new StringBuilder();
        builder.Append("Person: ").Append(person.Title).Append(" at ").Append(person.Company).Append('\n');
        builder.Append("Candidates:\n");
        foreach (var persona in candidates)
        {
            builder.Append("- ").Append(TieBreakId(persona)).Append(": ").Append(persona.Title);
            if (persona.Description.Length > 0)
            {
                builder.Append(" — ").Append(persona.Description);
            }

            builder.Append('\n');
        }

        return (system, builder.ToString());
    }

    /// <summary>
    /// The id a persona goes by in a tie-break prompt: its rank, which is the same for the same request in every search, so
    /// identical tie-breaks are identical prompts (and cacheable), unlike persona GUIDs, which differ per search.
    /// </summary>
    public static string TieBreakId(DecisionMakerPersona persona) => "persona-" + persona.Rank.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The company identity check of profiles the rules could not decide, one block per pair under <c>Pairs:</c>: a <c>- id</c>
    /// line, then <c>Profile company:</c>, <c>Profile headline:</c>, <c>Profile location:</c>, <c>Profile snippet:</c>,
    /// <c>Business:</c>, <c>Business address:</c> and <c>Business website:</c> lines (the ones that are known).
    /// </summary>
    public static (string System, string User) CompanyIdentity(IReadOnlyList<IdentityQuestion> pairs, IReadOnlyList<string> ids)
    {
        var system = "You decide whether the person in each LinkedIn search result works at the given business. Search engines cut long " +
                     "titles short (\"...\") and branch names carry a city, so judge from every fact given: the company shown, the headline, " +
                     "the location and the snippet. Answer same=false when the facts do not show that it is this business: another unit, " +
                     "a parent or a subsidiary, a branch in another city, or too little evidence. Give a reason of at most 12 words.";
        var builder = new StringBuilder("Pairs:\n");
        for (var i = 0; i < pairs.Count; i++)
        {
            var pair = pairs[i];
            builder.Append("- ").Append(ids[i]).Append('\n');
            Line("Profile company", pair.CompanyTruncated ? pair.ProfileCompany + " ... (cut short by the search engine)" : pair.ProfileCompany);
            Line("Profile headline", pair.ProfileHeadline);
            Line("Profile location", pair.ProfileLocation);
            Line("Profile snippet", pair.ProfileSnippet);
            Line("Business", pair.BusinessName);
            Line("Business address", pair.BusinessAddress);
            Line("Business website", pair.BusinessWebsite);
        }

        return (system, builder.ToString());

        void Line(string label, string? value)
        {
            var text = OneLine(value);
            if (text.Length > 0)
            {
                builder.Append("  ").Append(label).Append(": ").Append(text).Append('\n');
            }
        }
    }

    /// <summary>One line of prompt text: line breaks folded to spaces, at most 300 characters.</summary>
    private static string OneLine(string? value)
    {
        var text = string.Join(' ', (value ?? "").Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return text.Length <= 300 ? text : text[..300];
    }

    public static (string System, string User) MarketAnalysis(LeadSearch search, IReadOnlyList<MarketSource> sources, int year)
    {
        var system = "You are a market analyst who only states what the given sources support. Every figure, competitor, trend and " +
                     "opportunity must cite sourceUrls from the list. When the sources give no figure for TAM, SAM or SOM, set valueUsd to null " +
                     "and say in display that the sources do not state it. Never invent numbers, companies or links.";
        var builder = new StringBuilder();
        builder.Append(RequestBlock(search)).Append("\n\n");
        builder.Append(CultureInfo.InvariantCulture, $"Analyse the market for the product or service in the countries above, as of {year}. Use only these sources:\n");
        builder.Append("Sources:\n");
        for (var i = 0; i < sources.Count; i++)
        {
            builder.Append(CultureInfo.InvariantCulture, $"[{i + 1}] {sources[i].Url} | {sources[i].Title}\n");
            builder.Append(sources[i].Snippet ?? "").Append('\n');
        }

        return (system, builder.ToString());
    }

    /// <summary>The web searches behind market research, with the country each runs in, most useful first and alternating countries.</summary>
    public static IReadOnlyList<(string Query, string Country)> MarketQueries(LeadSearch search, int year, int max)
    {
        var product = SearchPhrase(search.ProductService);
        var perCountry = search.Countries.Take(3).Select(code =>
        {
            var country = Countries.Get(code).Name;
            var queries = search.Industries.Take(2).Select(industry => $"{industry} market size {country}").ToList();
            queries.Add($"{product} market {country}");
            queries.Add($"{product} competitors {country}");
            queries.Add($"{search.Industries[0]} industry trends {country} {year}");
            return queries.Select(q => (Query: q, Country: code)).ToList();
        }).ToList();

        var interleaved = new List<(string Query, string Country)>();
        for (var i = 0; perCountry.Any(list => i < list.Count); i++)
        {
            interleaved.AddRange(perCountry.Where(list => i < list.Count).Select(list => list[i]));
        }

        return interleaved.DistinctBy(q => q.Query, StringComparer.OrdinalIgnoreCase).Take(max).ToList();
    }

    /// <summary>A product description cut to what a search engine can use: no parentheses, at most eight words.</summary>
    public static string SearchPhrase(string productService)
    {
        var withoutAsides = System.Text.RegularExpressions.Regex.Replace(productService, @"\([^)]*\)", " ");
        var words = withoutAsides.Split([' ', '\t', '\n', '\r', ','], StringSplitOptions.RemoveEmptyEntries);
        var forIndex = Array.FindIndex(words, w => w.Equals("for", StringComparison.OrdinalIgnoreCase));
        var kept = forIndex >= 2 ? words[..forIndex] : words;
        return string.Join(' ', kept.Take(8));
    }

    /// <summary>A LinkedIn profile search for people with one of <paramref name="titles"/> at <paramref name="company"/>.</summary>
    public static string DecisionMakerQuery(string company, IReadOnlyList<string> titles)
    {
        var name = company.Replace("\"", "", StringComparison.Ordinal).Trim();
        var clean = titles.Select(t => t.Replace("\"", "", StringComparison.Ordinal).Trim()).Where(t => t.Length > 0).ToList();
        return clean.Count == 0
            ? $"site:linkedin.com/in \"{name}\""
            : $"site:linkedin.com/in \"{name}\" ({string.Join(" OR ", clean.Select(t => $"\"{t}\""))})";
    }
}
