using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Leadora.Sandbox.World;

namespace Leadora.Sandbox.Llm;

/// <summary>The Leadora task a structured-output request performs.</summary>
internal enum LeadoraTask
{
    Unknown,
    BusinessPersonas,
    DecisionMakerPersonas,
    MarketAnalysis,
    PersonaTiebreak,
    CompanyIdentity,
}

/// <summary>
/// Content for Leadora's own tasks, written as overlays (plain JSON trees of preferred values) that the schema
/// generator fits into whatever schema arrives: business personas whose search phrases find businesses in the
/// world, buyer roles that fit the search, market analyses whose figures and citations come from the prompt's
/// sources, and tie-breaks that pick the closest candidate.
/// </summary>
internal static partial class LeadoraTasks
{
    private static readonly string[] Sizes = ["Large", "Mid-market", "Growing"];

    private static readonly (string Title, string Department, string Level, string[] JobTitles)[] CustomerRoles =
    [
        ("Procurement Manager", "Procurement", "Manager", ["Procurement Manager", "Senior Procurement Manager", "Head of Procurement", "Purchasing Manager"]),
        ("Operations Director", "Operations", "Director", ["Operations Director", "Director of Operations", "Head of Operations"]),
        ("Plant Manager", "Operations", "Manager", ["Plant Manager", "Site Manager", "Production Manager"]),
        ("Technical Services Manager", "Engineering", "Manager", ["Technical Services Manager", "Process Engineering Manager", "Head of Technical Services"]),
        ("Chief Financial Officer", "Finance", "Executive", ["Chief Financial Officer", "Finance Director", "Head of Finance"]),
        ("Maintenance Manager", "Maintenance", "Manager", ["Maintenance Manager", "Reliability Manager", "Head of Maintenance"]),
        ("HSE Manager", "Health, Safety and Environment", "Manager", ["HSE Manager", "Environmental Manager", "Head of HSE"]),
    ];

    private static readonly (string Title, string Department, string Level, string[] JobTitles)[] SupplierRoles =
    [
        ("Sales Director", "Sales", "Director", ["Sales Director", "Head of Sales", "Regional Sales Manager"]),
        ("Business Development Manager", "Business Development", "Manager", ["Business Development Manager", "Senior Business Development Manager", "Head of Business Development"]),
        ("Key Account Manager", "Sales", "Manager", ["Key Account Manager", "Senior Key Account Manager", "Account Director"]),
        ("Commercial Director", "Commercial", "Director", ["Commercial Director", "Chief Commercial Officer"]),
        ("Export Sales Manager", "Sales", "Manager", ["Export Sales Manager", "International Sales Manager"]),
        ("General Manager", "Management", "Executive", ["General Manager", "Managing Director"]),
    ];

    /// <summary>Which task a request performs: by schema name first, then by the schema's shape and the prompt.</summary>
    public static LeadoraTask Detect(string? schemaName, JsonObject? schema, PromptFacts facts)
    {
        var name = TextUtil.Key(schemaName ?? "");
        if (name.Contains("businesspersona", StringComparison.Ordinal))
        {
            return LeadoraTask.BusinessPersonas;
        }

        if (name.Contains("decisionmaker", StringComparison.Ordinal))
        {
            return LeadoraTask.DecisionMakerPersonas;
        }

        if (name.Contains("market", StringComparison.Ordinal))
        {
            return LeadoraTask.MarketAnalysis;
        }

        if (name.Contains("tiebreak", StringComparison.Ordinal))
        {
            return LeadoraTask.PersonaTiebreak;
        }

        if (name.Contains("identity", StringComparison.Ordinal))
        {
            return LeadoraTask.CompanyIdentity;
        }

        if (name.Length > 0 && schema is not null)
        {
            return LeadoraTask.Unknown;
        }

        var text = schema?.ToJsonString() ?? "";
        return text.Contains("searchPhrases", StringComparison.OrdinalIgnoreCase) ? LeadoraTask.BusinessPersonas
            : text.Contains("jobTitles", StringComparison.OrdinalIgnoreCase) ? LeadoraTask.DecisionMakerPersonas
            : text.Contains("sourceUrls", StringComparison.OrdinalIgnoreCase) || facts.Sources.Count > 0 ? LeadoraTask.MarketAnalysis
            : facts.IdentityPairs.Count > 0 ? LeadoraTask.CompanyIdentity
            : facts.Candidates.Count > 0 ? LeadoraTask.PersonaTiebreak
            : LeadoraTask.Unknown;
    }

    /// <summary>The overlay for a task, or null when the generic filler should do everything.</summary>
    public static JsonNode? Overlay(LeadoraTask task, JsonObject? schema, PromptFacts facts, long seed) => task switch
    {
        LeadoraTask.BusinessPersonas => WrapList(schema, BusinessPersonas(facts, seed, ListCount(schema))),
        LeadoraTask.DecisionMakerPersonas => WrapList(schema, DecisionMakerPersonas(facts, seed, ListCount(schema))),
        LeadoraTask.MarketAnalysis => MarketAnalysis(facts),
        LeadoraTask.PersonaTiebreak => Tiebreak(schema, facts, seed),
        LeadoraTask.CompanyIdentity => CompanyIdentity(facts),
        _ => null,
    };

    private static JsonArray BusinessPersonas(PromptFacts facts, long seed, int count)
    {
        var personas = new JsonArray();
        var industries = facts.IndustryNames;
        var codes = facts.Countries.Select(c => c.Code ?? c.Name).ToList();
        var where = codes.Count > 0 ? $" ({string.Join(", ", codes)})" : "";
        for (var i = 0; i < count; i++)
        {
            var industry = industries[i % industries.Count];
            var size = Sizes[i % Sizes.Length];
            var word = RequestFiller.IndustryWord(industry);
            var resolved = Industries.Resolve(word);
            var noun = facts.IsSupplierSearch ? "suppliers" : OperatorNoun(resolved.Key);
            var random = DeterministicRandom.For(seed, "persona", industry, size, facts.ProductOrDefault);
            var title = facts.IsSupplierSearch
                ? $"{size} {word} suppliers of {facts.ProductOrDefault.ToLowerInvariant()}{where}"
                : $"{size} {word} {noun}{where}";
            string[] phrases = facts.IsSupplierSearch
                ? [$"{word} supplier", $"{word} manufacturer", $"{word} distributor", $"{word} company"]
                : [$"{word} company", $"{word} plant", $"{word} {Singular(noun)}", $"{word} manufacturer"];
            var (companies, deal) = size switch
            {
                "Large" => (random.Between(15, 60), TextUtil.RoundTo(random.Between(150_000.0, 600_000.0), 1000)),
                "Mid-market" => (random.Between(40, 150), TextUtil.RoundTo(random.Between(50_000.0, 200_000.0), 1000)),
                _ => (random.Between(80, 300), TextUtil.RoundTo(random.Between(15_000.0, 60_000.0), 1000)),
            };

            personas.Add(new JsonObject
            {
                ["title"] = title,
                ["description"] = facts.IsSupplierSearch
                    ? $"{size} {word} companies in {string.Join(" and ", facts.CountryNames)} that make or distribute {facts.ProductOrDefault.ToLowerInvariant()} and can supply it at scale."
                    : $"{size} {word} {noun} in {string.Join(" and ", facts.CountryNames)} that buy {facts.ProductOrDefault.ToLowerInvariant()} for continuous operations.",
                ["demographics"] = new JsonObject
                {
                    ["industry"] = industry,
                    ["companySize"] = size switch { "Large" => "1,000+ employees", "Mid-market" => "200–1,000 employees", _ => "50–200 employees" },
                    ["geography"] = string.Join(", ", facts.CountryNames),
                    ["revenue"] = size switch { "Large" => "USD 500 million+", "Mid-market" => "USD 50–500 million", _ => "USD 10–50 million" },
                },
                ["marketPotential"] = new JsonObject
                {
                    ["isEstimate"] = true,
                    ["estimatedCompanies"] = companies,
                    ["estimatedAverageDealSizeUsd"] = deal,
                    ["estimatedConversionRate"] = Math.Round(random.Between(0.03, 0.12), 3),
                },
                ["locations"] = new JsonArray(facts.CountryNames.Select(n => (JsonNode?)JsonValue.Create(n)).ToArray()),
                ["searchPhrases"] = new JsonArray(phrases.Select(p => (JsonNode?)JsonValue.Create(p)).ToArray()),
                ["placeCategories"] = new JsonArray(resolved.Categories.Take(3).Select(c => (JsonNode?)JsonValue.Create(c)).ToArray()),
            });
        }

        return personas;
    }

    private static JsonArray DecisionMakerPersonas(PromptFacts facts, long seed, int count)
    {
        var roles = (facts.IsSupplierSearch ? SupplierRoles : CustomerRoles).ToList();
        if (!facts.IsSupplierSearch && ProductRole(facts.ProductOrDefault) is { } productRole)
        {
            roles.Insert(1, productRole);
        }

        var personas = new JsonArray();
        for (var i = 0; i < count; i++)
        {
            var role = roles[i % roles.Count];
            var random = DeterministicRandom.For(seed, "dm-persona", role.Title, facts.ProductOrDefault);
            var title = i < roles.Count ? role.Title : TextUtil.Inv($"{role.Title} ({facts.IndustryNames[i % facts.IndustryNames.Count]})");
            personas.Add(new JsonObject
            {
                ["title"] = title,
                ["description"] = facts.IsSupplierSearch
                    ? $"{role.Title}s at {string.Join(" and ", facts.IndustryNames).ToLowerInvariant()} suppliers in {string.Join(" and ", facts.CountryNames)} who own accounts and quote {facts.ProductOrDefault.ToLowerInvariant()}."
                    : $"{role.Title}s at {string.Join(" and ", facts.IndustryNames).ToLowerInvariant()} companies in {string.Join(" and ", facts.CountryNames)} who evaluate and approve purchases of {facts.ProductOrDefault.ToLowerInvariant()}.",
                ["demographics"] = new JsonObject
                {
                    ["level"] = role.Level,
                    ["department"] = role.Department,
                    ["experience"] = role.Level == "Executive" ? "15+ years" : "8–15 years",
                    ["geography"] = string.Join(", ", facts.CountryNames),
                },
                ["marketPotential"] = new JsonObject
                {
                    ["isEstimate"] = true,
                    ["estimatedDecisionMakers"] = random.Between(20, 400),
                    ["estimatedInfluence"] = random.Between(40, 95),
                    ["estimatedConversionRate"] = Math.Round(random.Between(0.03, 0.15), 3),
                },
                ["jobTitles"] = new JsonArray(role.JobTitles.Take(4).Select(t => (JsonNode?)JsonValue.Create(t)).ToArray()),
            });
        }

        return personas;
    }

    private static (string, string, string, string[])? ProductRole(string product)
    {
        var words = TextUtil.Words(product).Select(TextUtil.Singular).ToHashSet(StringComparer.Ordinal);
        return words.Contains("water") ? ("Utilities Manager", "Utilities", "Manager", ["Utilities Manager", "Water Treatment Manager", "Head of Utilities"])
            : words.Overlaps(["software", "it", "cloud", "digital", "cybersecurity"]) ? ("IT Director", "Information Technology", "Director", ["IT Director", "Chief Information Officer", "Head of IT"])
            : words.Overlaps(["logistic", "shipping", "freight", "transport"]) ? ("Logistics Manager", "Supply Chain", "Manager", ["Logistics Manager", "Supply Chain Manager", "Head of Logistics"])
            : words.Overlaps(["safety", "ppe", "fire"]) ? ("HSE Manager", "Health, Safety and Environment", "Manager", ["HSE Manager", "Safety Manager", "Head of HSE"])
            : words.Overlaps(["packaging", "label"]) ? ("Supply Chain Manager", "Supply Chain", "Manager", ["Supply Chain Manager", "Packaging Manager", "Head of Supply Chain"])
            : null;
    }

    private static JsonObject MarketAnalysis(PromptFacts facts)
    {
        var sources = facts.Sources;
        if (sources.Count == 0)
        {
            return new JsonObject
            {
                ["evidence"] = "insufficient",
                ["summary"] = "Web search returned no usable sources for this market, so no market size, competitors or trends can be stated.",
                ["tam"] = null,
                ["sam"] = null,
                ["som"] = null,
                ["competitors"] = new JsonArray(),
                ["trends"] = new JsonArray(),
                ["opportunities"] = new JsonArray(),
                ["assumptions"] = new JsonArray(),
                ["methodology"] = "No sources were retrieved; no figures were derived.",
            };
        }

        var country = string.Join(" and ", facts.CountryNames);
        var sizes = sources.Select(s => (Source: s, Value: FirstMoney(s.Snippet))).Where(p => p.Value is not null).ToList();
        JsonNode? tam = null, sam = null, som = null;
        var assumptions = new JsonArray();
        if (sizes.Count > 0)
        {
            var ordered = sizes.OrderBy(p => p.Value!.Value).ToList();
            var median = ordered[ordered.Count / 2];
            var tamValue = median.Value!.Value;
            var urls = sizes.Select(p => (JsonNode?)JsonValue.Create(p.Source.Url)).ToArray();
            tam = new JsonObject
            {
                ["valueUsd"] = tamValue,
                ["display"] = TextUtil.Inv($"{Display(tamValue)} (2025)"),
                ["method"] = sizes.Count > 1 ? TextUtil.Inv($"Median of {sizes.Count} reported 2025 market valuations") : "Reported 2025 market valuation",
                ["sourceUrls"] = new JsonArray(urls),
            };

            var share = ShareOfDemand(median.Source.Snippet);
            if (share is { } percent)
            {
                var samValue = TextUtil.RoundTo(tamValue * percent / 100, 100_000);
                sam = new JsonObject
                {
                    ["valueUsd"] = samValue,
                    ["display"] = Display(samValue),
                    ["method"] = TextUtil.Inv($"Industrial end users' reported {percent:0}% share of demand applied to the TAM"),
                    ["sourceUrls"] = new JsonArray(JsonValue.Create(median.Source.Url)),
                };
                var somValue = TextUtil.RoundTo(samValue * 0.05, 100_000);
                som = new JsonObject
                {
                    ["valueUsd"] = somValue,
                    ["display"] = Display(somValue),
                    ["method"] = "Assumed 5% obtainable share of the SAM within three years",
                    ["sourceUrls"] = new JsonArray(JsonValue.Create(median.Source.Url)),
                };
                assumptions.Add("The SOM assumes a 5% obtainable share of the SAM within three years; it is an estimate, not a reported figure.");
            }
        }

        var competitors = new JsonArray();
        var competitorNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var source in sources)
        {
            foreach (Match match in CompetitorShare().Matches(source.Snippet))
            {
                var name = match.Groups[1].Value.Trim();
                if (competitorNames.Add(name))
                {
                    competitors.Add(new JsonObject
                    {
                        ["name"] = name,
                        ["metric"] = $"{match.Groups[2].Value}% market share",
                        ["notes"] = $"Named as a leading supplier in \"{source.Title}\".",
                        ["sourceUrls"] = new JsonArray(JsonValue.Create(source.Url)),
                    });
                }
            }
        }

        var trends = new JsonArray();
        var opportunities = new JsonArray();
        foreach (var source in sources)
        {
            var match = KeyTrends().Match(source.Snippet);
            if (!match.Success)
            {
                continue;
            }

            foreach (var statement in match.Groups[1].Value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (trends.Count >= 5 || trends.Any(t => string.Equals(t!["statement"]!.GetValue<string>(), Capitalise(statement), StringComparison.OrdinalIgnoreCase)))
                {
                    continue;
                }

                trends.Add(new JsonObject
                {
                    ["statement"] = Capitalise(statement),
                    ["confidence"] = sources.Count(s => s.Snippet.Contains(statement, StringComparison.OrdinalIgnoreCase)) > 1 ? "high" : "medium",
                    ["horizonYears"] = 3,
                    ["sourceUrls"] = new JsonArray(JsonValue.Create(source.Url)),
                });
                if (opportunities.Count < 3)
                {
                    opportunities.Add(new JsonObject
                    {
                        ["title"] = $"Position {facts.ProductOrDefault.ToLowerInvariant()} for this shift",
                        ["description"] = $"Because {statement}, offer {facts.ProductOrDefault.ToLowerInvariant()} with terms and support that fit it.",
                        ["sourceUrls"] = new JsonArray(JsonValue.Create(source.Url)),
                    });
                }
            }
        }

        var growth = sources.Select(s => Cagr().Match(s.Snippet)).FirstOrDefault(m => m.Success)?.Groups[1].Value;
        var summary = tam is not null
            ? TextUtil.Inv($"The {facts.ProductOrDefault.ToLowerInvariant()} opportunity in {country} rests on a market reported at {tam["display"]!.GetValue<string>()}") + (growth is null ? "." : $", growing about {growth}% a year.") + TextUtil.Inv($" {competitors.Count} competitors and {trends.Count} trends are named in {sources.Count} retrieved sources.")
            : TextUtil.Inv($"The retrieved sources ({sources.Count}) name {competitors.Count} competitors and {trends.Count} trends but report no market size.");
        return new JsonObject
        {
            ["evidence"] = "grounded",
            ["summary"] = summary,
            ["tam"] = tam,
            ["sam"] = sam,
            ["som"] = som,
            ["competitors"] = competitors,
            ["trends"] = trends,
            ["opportunities"] = opportunities,
            ["assumptions"] = assumptions,
            ["methodology"] = TextUtil.Inv($"Figures and names were taken from {sources.Count} retrieved web sources; the TAM is the median reported valuation, the SAM applies the reported industrial share of demand."),
        };
    }

    private static JsonObject? Tiebreak(JsonObject? schema, PromptFacts facts, long seed)
    {
        var best = facts.BestCandidate(seed);
        if (best is null)
        {
            return null;
        }

        var overlay = new JsonObject();
        if (schema?["properties"] is JsonObject properties)
        {
            foreach (var (name, _) in properties)
            {
                var key = TextUtil.Key(name);
                if (key.EndsWith("id", StringComparison.Ordinal) || key is "persona" or "choice" or "selected" or "best")
                {
                    overlay[name] = best.Id;
                }
                else if (key is "reason" or "rationale" or "justification" or "explanation")
                {
                    overlay[name] = $"The title \"{facts.PersonTitle}\" matches \"{best.Title}\" most closely.";
                }
            }
        }

        return overlay;
    }

    /// <summary>Words of a business name that do not tell whose it is: legal forms and joining words.</summary>
    private static readonly HashSet<string> LegalWords = new(StringComparer.Ordinal)
    {
        "llc", "ltd", "limited", "inc", "incorporated", "co", "company", "corp", "corporation", "gmbh", "ag", "sa", "plc", "kg", "bv",
        "nv", "srl", "spa", "the", "of", "and",
    };

    /// <summary>
    /// A verdict per pair, keyed by its id: the person is at the business when every word of the business's name (legal forms
    /// and joining words aside) appears in what the result shows of the person (company, headline, location, snippet).
    /// Conservative like the rules it stands in for: a cut-short company with nothing else naming the business is not confirmed.
    /// </summary>
    private static JsonObject CompanyIdentity(PromptFacts facts)
    {
        var overlay = new JsonObject();
        foreach (var pair in facts.IdentityPairs)
        {
            var company = CutShortNote().Replace(pair["Profile company"], "");
            var shown = TextUtil.Words(string.Join(' ', company, pair["Profile headline"], pair["Profile location"], pair["Profile snippet"]))
                .ToHashSet(StringComparer.Ordinal);
            var wanted = TextUtil.Words(pair["Business"]).Where(w => !LegalWords.Contains(w)).ToList();
            var missing = wanted.Where(w => !shown.Contains(w)).ToList();
            var same = wanted.Count > 0 && missing.Count == 0;
            overlay[pair.Id] = new JsonObject
            {
                ["reason"] = same
                    ? $"The result names {pair["Business"]}."
                    : wanted.Count == 0 ? "The business name has no distinctive words." : $"The result does not show \"{string.Join(' ', missing)}\".",
                ["same"] = same,
            };
        }

        return overlay;
    }

    /// <summary>The root's list property, so persona overlays land wherever the schema keeps its list.</summary>
    private static JsonNode WrapList(JsonObject? schema, JsonArray items)
    {
        if (ListProperty(schema) is { } name)
        {
            return new JsonObject { [name] = items };
        }

        return SchemaGenerator.Types(schema ?? []).Contains("array") ? items : new JsonObject { ["personas"] = items };
    }

    private static string? ListProperty(JsonObject? schema) =>
        (schema?["properties"] as JsonObject)?.FirstOrDefault(p => p.Value is JsonObject s && (SchemaGenerator.Types(s).Contains("array") || s.ContainsKey("items"))).Key;

    private static int ListCount(JsonObject? schema)
    {
        var list = ListProperty(schema) is { } name ? schema!["properties"]![name] as JsonObject : SchemaGenerator.Types(schema ?? []).Contains("array") ? schema : null;
        var min = list?["minItems"] is JsonValue minValue && minValue.GetValueKind() == JsonValueKind.Number ? (int)minValue.GetValue<double>() : 0;
        var max = list?["maxItems"] is JsonValue maxValue && maxValue.GetValueKind() == JsonValueKind.Number ? (int)maxValue.GetValue<double>() : int.MaxValue;
        return min > 0 ? min : Math.Min(3, max);
    }

    private static string OperatorNoun(string key) => key switch
    {
        "petrochemical" or "chemical" or "fertilizer" => "producers",
        "refinery" => "refiners",
        "power-generation" => "operators",
        "water" => "operators",
        "oil-gas" => "operators",
        "construction" => "contractors",
        "logistics" => "providers",
        _ => "companies",
    };

    private static string Singular(string noun) => noun.EndsWith('s') ? noun[..^1] : noun;

    private static double? FirstMoney(string text)
    {
        var match = Money().Match(text);
        if (!match.Success)
        {
            return null;
        }

        var value = double.Parse(match.Groups[1].Value.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);
        var scale = match.Groups[2].Value.ToLowerInvariant() switch
        {
            "billion" or "bn" or "b" => 1e9,
            "million" or "mn" or "m" => 1e6,
            "thousand" or "k" => 1e3,
            _ => 1,
        };
        return Math.Round(value * scale, 0);
    }

    private static double? ShareOfDemand(string text)
    {
        var match = DemandShare().Match(text);
        return match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : null;
    }

    private static string Display(double usd) =>
        usd >= 1e9 ? TextUtil.Inv($"USD {usd / 1e9:0.0#} billion") : TextUtil.Inv($"USD {usd / 1e6:0.#} million");

    private static string Capitalise(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..].TrimEnd('.');

    [GeneratedRegex(@"(?:USD|US\$|\$)\s?(\d[\d,]*(?:\.\d+)?)\s*(billion|million|thousand|bn|mn|b|m|k)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Money();

    [GeneratedRegex(@"account(?:s|ed)? for (\d+(?:\.\d+)?)% of demand", RegexOptions.IgnoreCase)]
    private static partial Regex DemandShare();

    [GeneratedRegex(@"(?:include |, | and )([A-Z][^,()]+?) \((\d+(?:\.\d+)?)% share\)")]
    private static partial Regex CompetitorShare();

    [GeneratedRegex(@"Key trends: ([^.]+)\.")]
    private static partial Regex KeyTrends();

    [GeneratedRegex(@"\s*(?:\.\.\.|…)?\s*\([^)]*\)\s*$")]
    private static partial Regex CutShortNote();

    [GeneratedRegex(@"CAGR of (\d+(?:\.\d+)?)%", RegexOptions.IgnoreCase)]
    private static partial Regex Cagr();
}
