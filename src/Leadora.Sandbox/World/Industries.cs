using System.Collections.Frozen;

namespace Leadora.Sandbox.World;

/// <summary>An industry the world knows: how queries name it, how its businesses are named and categorised.</summary>
/// <param name="Key">Pool key, for example "petrochemical".</param>
/// <param name="MarketName">How market reports name it, for example "Petrochemicals".</param>
/// <param name="Word">The word a places query uses, for example "petrochemical" (always a trigger of this industry).</param>
/// <param name="Triggers">Folded, singular query words that select this industry.</param>
/// <param name="NameWords">Words used in business names.</param>
/// <param name="Categories">Maps categories.</param>
/// <param name="Related">Keys of industries that share a few businesses with this one.</param>
internal sealed record Industry(
    string Key,
    string MarketName,
    string Word,
    IReadOnlyList<string> Triggers,
    IReadOnlyList<string> NameWords,
    IReadOnlyList<string> Categories,
    IReadOnlyList<string> Related);

/// <summary>The industry lexicon and the mapping from a free-text places query to an industry pool key.</summary>
internal static class Industries
{
    private static readonly Industry[] Known =
    [
        new("petrochemical", "Petrochemicals", "petrochemical", ["petrochemical", "petrochem", "polymer", "olefin", "polyethylene", "polypropylene", "methanol", "ethylene", "aromatic"],
            ["Petrochemical", "Petrochem", "Polymers", "Olefins", "Petrochemical Industries"], ["Petrochemical plant", "Chemical plant", "Chemical manufacturer", "Plastic manufacturer"], ["refinery", "chemical", "plastic"]),
        new("refinery", "Oil refining", "refinery", ["refinery", "refining", "refiner"],
            ["Refining", "Refinery", "Petroleum Refining", "Hydrocarbons"], ["Oil refinery", "Petroleum products company", "Oil and gas company"], ["petrochemical", "oil-gas"]),
        new("oil-gas", "Oil and gas", "oil and gas", ["oil", "gas", "petroleum", "upstream", "oilfield", "lng", "offshore"],
            ["Oil & Gas", "Petroleum Services", "Energy Resources", "Oilfield Services"], ["Oil and gas company", "Oilfield services company", "Gas company"], ["refinery"]),
        new("power-generation", "Power generation", "power generation", ["power", "generation", "electricity", "utility", "ipp", "turbine", "energy"],
            ["Power", "Power Generation", "Energy", "Electric Power", "Power & Water"], ["Power plant", "Electric utility company", "Energy supplier"], ["water", "renewable"]),
        new("renewable", "Renewable energy", "renewable energy", ["renewable", "solar", "wind", "photovoltaic", "hydrogen"],
            ["Solar", "Renewables", "Wind Energy", "Clean Energy"], ["Solar energy company", "Renewable energy company", "Wind farm"], ["power-generation"]),
        new("water", "Water and desalination", "water treatment", ["water", "desalination", "desal", "wastewater", "sewage", "treatment"],
            ["Water", "Desalination", "Water Technologies", "Water Services"], ["Water treatment plant", "Water utility company", "Desalination plant"], ["power-generation"]),
        new("chemical", "Chemicals", "chemical", ["chemical", "specialty", "coating", "adhesive", "solvent", "resin"],
            ["Chemicals", "Chemical Works", "Specialty Chemicals", "Process Chemicals"], ["Chemical manufacturer", "Chemical wholesaler", "Chemical plant"], ["petrochemical", "fertilizer"]),
        new("fertilizer", "Fertilizers", "fertilizer", ["fertilizer", "fertiliser", "ammonia", "urea", "agrochemical"],
            ["Fertilizers", "Agro Nutrients", "Ammonia", "Fertilizer Industries"], ["Fertilizer manufacturer", "Fertilizer supplier", "Chemical plant"], ["chemical", "agriculture"]),
        new("mining", "Mining", "mining", ["mining", "mine", "mineral", "quarry", "gold", "copper", "phosphate"],
            ["Mining", "Minerals", "Resources", "Mining & Metals"], ["Mining company", "Quarry", "Mineral supplier"], ["steel"]),
        new("steel", "Steel and metals", "steel", ["steel", "metal", "aluminium", "aluminum", "foundry", "smelter", "metallurgy"],
            ["Steel", "Metals", "Steel Industries", "Aluminium"], ["Steel mill", "Metal fabricator", "Steel distributor"], ["mining", "construction"]),
        new("cement", "Cement and building materials", "cement", ["cement", "concrete", "aggregate", "gypsum"],
            ["Cement", "Cement Industries", "Building Materials", "Ready Mix"], ["Cement manufacturer", "Concrete contractor", "Building materials supplier"], ["construction"]),
        new("construction", "Construction", "construction", ["construction", "building", "builder", "civil", "infrastructure", "epc", "engineering"],
            ["Construction", "Contracting", "Builders", "Engineering & Construction"], ["Construction company", "General contractor", "Civil engineering company"], ["cement", "steel"]),
        new("food-beverage", "Food and beverage", "food", ["food", "beverage", "dairy", "bakery", "bottling", "drink", "snack", "meat", "poultry", "juice"],
            ["Foods", "Beverages", "Dairy", "Food Industries"], ["Food manufacturer", "Food processing company", "Beverage distributor"], ["packaging", "agriculture"]),
        new("packaging", "Packaging", "packaging", ["packaging", "container", "carton", "label", "bottle", "corrugated"],
            ["Packaging", "Containers", "Pack Solutions", "Packaging Industries"], ["Packaging company", "Packaging supply store", "Plastic fabrication company"], ["food-beverage", "plastic"]),
        new("plastic", "Plastics", "plastic", ["plastic", "injection", "molding", "moulding", "pvc", "extrusion"],
            ["Plastics", "Plastic Industries", "Moulding", "Polymer Products"], ["Plastic products supplier", "Plastic fabrication company", "Plastic manufacturer"], ["packaging", "petrochemical"]),
        new("pharmaceutical", "Pharmaceuticals", "pharmaceutical", ["pharmaceutical", "pharma", "drug", "medicine", "biotech", "biotechnology"],
            ["Pharmaceuticals", "Pharma", "Life Sciences", "Medical Industries"], ["Pharmaceutical company", "Pharmaceutical products wholesaler", "Biotechnology company"], ["healthcare"]),
        new("healthcare", "Healthcare", "hospital", ["hospital", "clinic", "healthcare", "health", "medical"],
            ["Medical Center", "Healthcare", "Hospital", "Clinics"], ["Hospital", "Medical clinic", "Medical Center"], ["pharmaceutical"]),
        new("logistics", "Logistics", "logistics", ["logistics", "shipping", "freight", "transport", "warehouse", "warehousing", "trucking", "courier"],
            ["Logistics", "Freight", "Shipping", "Transport"], ["Logistics service", "Freight forwarding service", "Trucking company", "Warehouse"], []),
        new("automotive", "Automotive", "automotive", ["automotive", "car", "vehicle", "auto", "truck"],
            ["Automotive", "Motors", "Auto Parts", "Vehicle Industries"], ["Car manufacturer", "Auto parts manufacturer", "Car dealer"], ["steel"]),
        new("textile", "Textiles", "textile", ["textile", "garment", "apparel", "fabric", "clothing", "yarn"],
            ["Textiles", "Garments", "Fabrics", "Textile Mills"], ["Textile mill", "Clothing manufacturer", "Fabric wholesaler"], []),
        new("agriculture", "Agriculture", "agriculture", ["agriculture", "farm", "farming", "agribusiness", "crop", "greenhouse", "agricultural"],
            ["Agro", "Farms", "Agriculture", "Agri Ventures"], ["Farm", "Agricultural service", "Greenhouse"], ["fertilizer", "food-beverage"]),
        new("hospitality", "Hospitality", "hotel", ["hotel", "hospitality", "resort", "restaurant"],
            ["Hotels", "Hospitality", "Resorts", "Suites"], ["Hotel", "Resort hotel", "Restaurant"], []),
        new("software", "Software and IT services", "software", ["software", "saas", "it", "technology", "tech", "digital", "cloud"],
            ["Software", "Digital", "Technologies", "Systems"], ["Software company", "IT services", "Computer consultant"], []),
        new("electronics", "Electronics", "electronics", ["electronics", "electronic", "semiconductor", "electrical", "cable"],
            ["Electronics", "Electrical Industries", "Cables", "Electric"], ["Electronics manufacturer", "Electrical supply store", "Electronics company"], []),
        new("paper", "Pulp and paper", "paper", ["paper", "pulp", "tissue"],
            ["Paper", "Paper Mills", "Pulp & Paper", "Tissue"], ["Paper mill", "Paper distributor", "Packaging company"], ["packaging"]),
    ];

    private static readonly FrozenDictionary<string, Industry> ByKey = Known.ToFrozenDictionary(i => i.Key, StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, Industry> ByTrigger = Known
        .SelectMany(i => i.Triggers.Select(t => (t, i)))
        .GroupBy(p => p.t, StringComparer.Ordinal)
        .ToFrozenDictionary(g => g.Key, g => g.First().i, StringComparer.Ordinal);

    /// <summary>Words that describe the kind of organisation, not the industry.</summary>
    private static readonly FrozenSet<string> GenericWords = new[]
    {
        "company", "plant", "service", "supplier", "manufacturer", "firm", "operator", "contractor", "producer", "provider", "industry",
        "business", "factory", "facility", "distributor", "wholesaler", "vendor", "maker", "group", "corporation", "corp", "ltd", "enterprise",
        "organisation", "organization", "top", "best", "leading", "large", "small", "mid", "midsize", "medium", "size", "sized", "list", "major", "local",
        "near", "me", "site", "sector", "center", "centre", "office", "headquarter", "hq", "station", "mill", "work", "solution", "player", "complex",
        "private", "public", "owned", "state", "national", "international", "global", "regional", "b2b", "unit", "project", "contractors",
    }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string> StopWords = new[]
    {
        "in", "of", "the", "and", "for", "at", "on", "with", "to", "a", "an", "by", "from", "or", "near", "around", "inside", "within", "based",
    }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string> WeakTriggers = new[]
    {
        "energy", "treatment", "generation", "engineering", "building", "technology", "tech", "medical", "health", "metal", "auto", "digital", "utility",
    }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly (string Phrase, string Code)[] CountryPhrases = BuildCountryPhrases();

    /// <summary>The industry with this key, if the lexicon knows it.</summary>
    public static Industry? Find(string key) => ByKey.GetValueOrDefault(key);

    /// <summary>The industry selected by a single word (folded, singular), if any.</summary>
    public static Industry? ForWord(string foldedWord) => ByTrigger.GetValueOrDefault(TextUtil.Singular(foldedWord));

    /// <summary>All known industries.</summary>
    public static IReadOnlyList<Industry> All => Known;

    /// <summary>
    /// Maps a places query to an industry: country names, stop words and generic words are dropped, plurals are
    /// singularised, and the last word the lexicon knows picks the industry ("oil refinery" → refinery). Unknown words
    /// make an ad-hoc industry of their own.
    /// </summary>
    public static Industry Resolve(string query)
    {
        var words = StripCountries(TextUtil.Fold(query))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(TextUtil.Singular)
            .Where(w => !StopWords.Contains(w) && !GenericWords.Contains(w) && !w.All(char.IsDigit))
            .ToList();

        // The head noun usually comes last ("oil refinery"), but weak words ("energy", "treatment") defer to a stronger one.
        Industry? weakMatch = null;
        for (var i = words.Count - 1; i >= 0; i--)
        {
            if (ByTrigger.TryGetValue(words[i], out var industry))
            {
                if (!WeakTriggers.Contains(words[i]))
                {
                    return industry;
                }

                weakMatch ??= industry;
            }
        }

        if (weakMatch is not null)
        {
            return weakMatch;
        }

        if (words.Count == 0)
        {
            return AdHoc(["general", "trading"]);
        }

        return AdHoc(words);
    }

    /// <summary>The country code named in a query ("… in Saudi Arabia"), if any.</summary>
    public static string? CountryIn(string query)
    {
        var folded = " " + TextUtil.Fold(query) + " ";
        foreach (var (phrase, code) in CountryPhrases)
        {
            if (folded.Contains(" " + phrase + " ", StringComparison.Ordinal))
            {
                return code;
            }
        }

        return null;
    }

    /// <summary>Removes country names and aliases from a folded query.</summary>
    public static string StripCountries(string folded)
    {
        var padded = " " + folded + " ";
        foreach (var (phrase, _) in CountryPhrases)
        {
            padded = padded.Replace(" " + phrase + " ", " ", StringComparison.Ordinal);
        }

        return padded.Trim();
    }

    private static Industry AdHoc(IReadOnlyList<string> words)
    {
        var key = string.Join('-', words.Take(3));
        var display = TextUtil.TitleCase(string.Join(' ', words.Take(3)));
        var word = string.Join(' ', words.Take(3));
        return new Industry(key, display, word, words.ToArray(), [display, display + " Services", display + " Industries", display + " Trading"],
            [TextUtil.TitleCase(word) + " company", TextUtil.TitleCase(word) + " supplier", "Industrial equipment supplier"], []);
    }

    private static (string, string)[] BuildCountryPhrases()
    {
        var phrases = new List<(string, string)>();
        foreach (var country in Countries.All)
        {
            phrases.Add((TextUtil.Fold(country.Name), country.Code));
        }

        foreach (var (alias, code) in new[] { ("uae", "AE"), ("ksa", "SA"), ("uk", "GB"), ("usa", "US"), ("u s", "US"), ("britain", "GB"), ("great britain", "GB"), ("england", "GB"), ("emirates", "AE"), ("saudi", "SA"), ("holland", "NL"), ("the netherlands", "NL"), ("america", "US"), ("united states of america", "US") })
        {
            phrases.Add((alias, code));
        }

        // Longest first, so "united arab emirates" wins over "emirates".
        return phrases.Where(p => p.Item1.Length > 1).OrderByDescending(p => p.Item1.Length).ToArray();
    }
}
