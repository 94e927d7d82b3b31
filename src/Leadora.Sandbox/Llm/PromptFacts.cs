using System.Text.RegularExpressions;
using Leadora.Sandbox.World;

namespace Leadora.Sandbox.Llm;

/// <summary>A retrieved source listed in a market prompt.</summary>
internal sealed record PromptSource(int Number, string Url, string Title, string Snippet);

/// <summary>A persona candidate listed in a tie-break prompt.</summary>
internal sealed record PromptCandidate(string Id, string Title);

/// <summary>
/// A profile/business pair of a company identity prompt: a <c>- id</c> line under <c>Pairs:</c>, then its
/// <c>Profile company:</c>, <c>Profile headline:</c>, <c>Profile location:</c>, <c>Profile snippet:</c>, <c>Business:</c>,
/// <c>Business address:</c> and <c>Business website:</c> lines.
/// </summary>
internal sealed record PromptIdentityPair(string Id, IReadOnlyDictionary<string, string> Fields)
{
    /// <summary>A field by its label ("Profile company"), or "".</summary>
    public string this[string label] => Fields.TryGetValue(label, out var value) ? value : "";
}

/// <summary>A country line entry: "Saudi Arabia (SA)".</summary>
internal sealed record PromptCountry(string Name, string? Code);

/// <summary>
/// The request facts Leadora's prompts carry as plain lines ("Search type: customer", "Industries: A; B", a
/// "Sources:" section, "Person: … at …", "Candidates:" lines). Unknown prompts simply yield empty facts.
/// </summary>
internal sealed partial class PromptFacts
{
    public string SearchType { get; private init; } = "customer";

    public string Product { get; private init; } = "";

    public IReadOnlyList<string> Industries { get; private init; } = [];

    public IReadOnlyList<PromptCountry> Countries { get; private init; } = [];

    public IReadOnlyList<string> BusinessPersonas { get; private init; } = [];

    public IReadOnlyList<PromptSource> Sources { get; private init; } = [];

    public string? PersonTitle { get; private init; }

    public string? PersonCompany { get; private init; }

    public IReadOnlyList<PromptCandidate> Candidates { get; private init; } = [];

    public IReadOnlyList<PromptIdentityPair> IdentityPairs { get; private init; } = [];

    /// <summary>Whether a later message asks to repair a reply that did not match the schema.</summary>
    public bool IsRepair { get; private init; }

    /// <summary>All prompt text, for word-based fallbacks.</summary>
    public string AllText { get; private init; } = "";

    public bool IsSupplierSearch => SearchType.StartsWith("supplier", StringComparison.OrdinalIgnoreCase);

    /// <summary>Country names, or a neutral phrase when the prompt names none.</summary>
    public IReadOnlyList<string> CountryNames => Countries.Count > 0 ? Countries.Select(c => c.Name).ToList() : ["the target markets"];

    public IReadOnlyList<string> IndustryNames => Industries.Count > 0 ? Industries : ["industrial"];

    public string ProductOrDefault => Product.Length > 0 ? Product : "the product";

    public static PromptFacts Parse(IEnumerable<string> texts)
    {
        var all = string.Join("\n", texts);
        var lines = all.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        string? searchType = null, product = null, industries = null, countries = null, personas = null, person = null;
        var sources = new List<PromptSource>();
        var candidates = new List<PromptCandidate>();
        var pairs = new List<PromptIdentityPair>();
        Dictionary<string, string>? pairFields = null;
        var inCandidates = false;
        var inPairs = false;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i].Trim();
            searchType ??= Value(line, "Search type:");
            product ??= Value(line, "Product or service:");
            industries ??= Value(line, "Industries:");
            countries ??= Value(line, "Countries:");
            personas ??= Value(line, "Business personas:");
            person ??= Value(line, "Person:");

            if (line.StartsWith("Pairs:", StringComparison.OrdinalIgnoreCase))
            {
                inPairs = true;
                continue;
            }

            if (inPairs && PairStart().Match(line) is { Success: true } pairStart)
            {
                pairFields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                pairs.Add(new PromptIdentityPair(pairStart.Groups[1].Value, pairFields));
                continue;
            }

            if (inPairs && pairFields is not null && PairField().Match(line) is { Success: true } field)
            {
                pairFields[field.Groups[1].Value] = field.Groups[2].Value.Trim();
                continue;
            }

            if (line.StartsWith("Candidates:", StringComparison.OrdinalIgnoreCase))
            {
                inCandidates = true;
                continue;
            }

            if (inCandidates && CandidateLine().Match(line) is { Success: true } candidate)
            {
                candidates.Add(new PromptCandidate(candidate.Groups[1].Value.Trim(), candidate.Groups[2].Value.Trim()));
                continue;
            }

            if (inCandidates && line.Length > 0 && !line.StartsWith('-'))
            {
                inCandidates = false;
            }

            if (SourceLine().Match(line) is { Success: true } source)
            {
                var snippet = i + 1 < lines.Count && !SourceLine().IsMatch(lines[i + 1].Trim()) ? lines[i + 1].Trim() : "";
                var number = int.Parse(source.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                if (sources.All(s => s.Url != source.Groups[2].Value))
                {
                    sources.Add(new PromptSource(number, source.Groups[2].Value.Trim(), source.Groups[3].Value.Trim(), snippet));
                }
            }
        }

        string? personTitle = null, personCompany = null;
        if (person is not null)
        {
            var at = person.LastIndexOf(" at ", StringComparison.OrdinalIgnoreCase);
            (personTitle, personCompany) = at > 0 ? (person[..at].Trim(), person[(at + 4)..].Trim()) : (person, null);
        }

        return new PromptFacts
        {
            SearchType = searchType?.Trim() ?? "customer",
            Product = product?.Trim() ?? "",
            Industries = SplitList(industries),
            Countries = SplitList(countries).Select(ParseCountry).ToList(),
            BusinessPersonas = SplitList(personas),
            Sources = sources,
            PersonTitle = personTitle,
            PersonCompany = personCompany,
            Candidates = candidates,
            IdentityPairs = pairs,
            IsRepair = all.Contains("Your previous reply did not match the JSON schema", StringComparison.OrdinalIgnoreCase),
            AllText = all,
        };
    }

    /// <summary>The candidate whose persona title shares most words with the person's title (ties broken by the seed).</summary>
    public PromptCandidate? BestCandidate(long seed)
    {
        if (Candidates.Count == 0)
        {
            return null;
        }

        var titleWords = TextUtil.Words(PersonTitle).Select(TextUtil.Singular).ToHashSet(StringComparer.Ordinal);
        return Candidates
            .Select(c => (Candidate: c, Score: TextUtil.Words(c.Title).Select(TextUtil.Singular).Count(titleWords.Contains), Tie: StableHash.Unit(seed, "tiebreak", PersonTitle, c.Id)))
            .OrderByDescending(p => p.Score)
            .ThenBy(p => p.Tie)
            .First().Candidate;
    }

    private static string? Value(string line, string label) =>
        line.StartsWith(label, StringComparison.OrdinalIgnoreCase) ? line[label.Length..].Trim() : null;

    private static List<string> SplitList(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return [];
        }

        var separator = value.Contains(';', StringComparison.Ordinal) ? ';' : ',';
        return value.Split(separator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
    }

    private static PromptCountry ParseCountry(string entry)
    {
        var match = CountryEntry().Match(entry);
        return match.Success ? new PromptCountry(match.Groups[1].Value.Trim(), match.Groups[2].Value.ToUpperInvariant()) : new PromptCountry(entry, null);
    }

    [GeneratedRegex(@"^\[(\d+)\]\s+(\S+)\s*\|\s*(.*)$")]
    private static partial Regex SourceLine();

    [GeneratedRegex(@"^-\s*([^:\s]+)\s*:\s*(.+)$")]
    private static partial Regex CandidateLine();

    [GeneratedRegex(@"^-\s*([A-Za-z0-9_-]+)$")]
    private static partial Regex PairStart();

    [GeneratedRegex(@"^((?:Profile|Business)(?: [a-z]+)?):\s*(.*)$")]
    private static partial Regex PairField();

    [GeneratedRegex(@"^(.*?)\s*\(([A-Za-z]{2})\)$")]
    private static partial Regex CountryEntry();
}
