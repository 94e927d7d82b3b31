using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Leadora.DecisionMakers;
using Leadora.Ports;
using Microsoft.Extensions.Logging;

namespace Leadora.Cli.Evaluation;

/// <summary>One labelled LinkedIn search result from <c>eval/linkedin/results.jsonl</c>.</summary>
internal sealed record LabelledResult(
    string Id, string Language, string Split, WebResult Raw, bool IsPerson, string? Name, string? Title, string? Company, string? Location);

/// <summary>A derived identity pair: a parsed profile against a business name that is (or is not) its company.</summary>
internal sealed record IdentityPair(string ItemId, string Kind, string BusinessName, string? BusinessCity, bool Same);

/// <summary>A labelled item the rules got wrong, for the report and for test failure messages.</summary>
internal sealed record EvaluationMiss(string ItemId, string Split, string Figure, string Expected, string Actual);

/// <summary>
/// Decision makers from real search results: parsing (name, title, company) and the company identity check, rule-only,
/// on the hand-labelled set in <c>eval/linkedin/results.jsonl</c>, for the whole set and for its held-out split.
/// </summary>
internal sealed partial class LinkedInEvaluation : IQualityEvaluation
{
    /// <summary>The labelled set, relative to the repository root.</summary>
    public const string DataFile = "eval/linkedin/results.jsonl";

    private static readonly string[] LegalForms = ["GmbH", "Inc.", "S.A.", "Ltd", "LLC"];
    private static readonly string[] OtherWords = ["Logistics", "Energy", "Foods", "Realty", "Capital", "Pharma"];
    private static readonly string[] SiblingUnits = ["Assurances", "Leasing", "Ventures", "Labs"];
    private static readonly string[] OtherCities = ["Riyadh", "Lagos", "Osaka", "Lima", "Oslo"];

    public string Name => "decision makers (LinkedIn results)";

    public async Task<IReadOnlyList<QualityFigure>> RunAsync(EvalContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var path = Path.Combine(context.DataRoot, DataFile);
        if (!File.Exists(path))
        {
            return [];
        }

        var items = await LoadAsync(path, ct).ConfigureAwait(false);
        var logger = context.LoggerFactory.CreateLogger<LinkedInEvaluation>();
        var (figures, misses) = Score(items);
        // Held-out misses are counted, not shown: rules are developed on the dev split only.
        foreach (var miss in misses.Where(m => m.Split != "heldout"))
        {
            LogMiss(logger, miss.ItemId, miss.Figure, miss.Expected, miss.Actual);
        }

        var heldOutMisses = misses.Count(m => m.Split == "heldout");
        LogHeldOut(logger, heldOutMisses);

        return figures;
    }

    /// <summary>Reads the labelled set (one JSON object a line: id, lang, split, raw, label, source).</summary>
    public static async Task<IReadOnlyList<LabelledResult>> LoadAsync(string path, CancellationToken ct)
    {
        var items = new List<LabelledResult>();
        foreach (var line in await File.ReadAllLinesAsync(path, Encoding.UTF8, ct).ConfigureAwait(false))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            var raw = root.GetProperty("raw");
            var label = root.GetProperty("label");
            items.Add(new LabelledResult(
                root.GetProperty("id").GetString()!,
                root.GetProperty("lang").GetString()!,
                root.GetProperty("split").GetString()!,
                new WebResult(Text(raw, "title") ?? "", Text(raw, "link") ?? "", Text(raw, "snippet"), items.Count + 1),
                Text(label, "kind") == "person",
                Text(label, "name"),
                Text(label, "title"),
                Text(label, "company"),
                Text(label, "location")));
        }

        return items;

        static string? Text(JsonElement element, string name) =>
            element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }

    /// <summary>Every figure of this evaluation on <paramref name="items"/>, with the items the rules got wrong.</summary>
    public static (IReadOnlyList<QualityFigure> Figures, IReadOnlyList<EvaluationMiss> Misses) Score(IReadOnlyList<LabelledResult> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var misses = new List<EvaluationMiss>();
        var figures = new List<QualityFigure>
        {
            new("dm.labelled_results", items.Count, 300, ">=", items.Count),
            new("dm.labelled_languages", items.Select(i => i.Language).Distinct(StringComparer.Ordinal).Count(), 6, ">=", items.Count),
        };
        figures.AddRange(ScoreSplit(items, "", misses));
        figures.AddRange(ScoreSplit(items.Where(i => i.Split == "dev").ToList(), ".dev", null));
        figures.AddRange(ScoreSplit(items.Where(i => i.Split == "heldout").ToList(), ".heldout", null));
        return (figures, misses);
    }

    /// <summary>The identity pairs derived from the labelled people, deterministically (same set, same pairs).</summary>
    public static IReadOnlyList<IdentityPair> Pairs(IReadOnlyList<LabelledResult> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var companies = items.Where(i => i.IsPerson && i.Company is not null).ToList();
        var pairs = new List<IdentityPair>();
        for (var n = 0; n < companies.Count; n++)
        {
            var item = companies[n];
            var company = item.Company!;
            var pick = Pick(item.Id);
            var city = item.Location?.Split(',')[0].Trim();
            pairs.Add(new(item.Id, "same", company, null, true));
            pairs.Add(new(item.Id, "legal form", $"{company} {LegalForms[pick % LegalForms.Length]}", null, true));
            pairs.Add(new(item.Id, "case and accents", WithoutAccents(company).ToUpperInvariant(), null, true));
            if (!string.IsNullOrEmpty(city))
            {
                pairs.Add(new(item.Id, "branch in the person's city", $"{company} {city}", city, true));
            }

            pairs.Add(new(item.Id, "same words, other business", $"{company} {OtherWords[pick % OtherWords.Length]}", null, false));
            var otherCity = OtherCities.First(c => !string.Equals(c, city, StringComparison.OrdinalIgnoreCase));
            pairs.Add(new(item.Id, "other city", $"{company} {otherCity}", otherCity, false));
            var words = company.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var sibling = words.Length >= 2
                ? $"{string.Join(' ', words[..^1])} {SiblingUnits[pick % SiblingUnits.Length]}"
                : $"{company} {SiblingUnits[pick % SiblingUnits.Length]}";
            pairs.Add(new(item.Id, "parent or subsidiary", sibling, null, false));
            var other = companies[(n + 1) % companies.Count].Company!;
            if (companies.Count > 1 && CompanyIdentity.Decide(other, company) != IdentityDecision.Match)
            {
                pairs.Add(new(item.Id, "different company", other, null, false));
            }
        }

        return pairs;
    }

    private static IEnumerable<QualityFigure> ScoreSplit(IReadOnlyList<LabelledResult> items, string suffix, List<EvaluationMiss>? misses)
    {
        var people = items.Where(i => i.IsPerson).ToList();
        var parsed = people.ToDictionary(i => i.Id, i => LinkedInProfiles.Read(i.Raw), StringComparer.Ordinal);
        int name = 0, title = 0, company = 0;
        foreach (var item in people)
        {
            var fields = parsed[item.Id];
            name += Check(item, "name", item.Name, fields?.Name);
            title += Check(item, "title", item.Title, fields?.Title);
            company += Check(item, "company", item.Company, fields?.Company);
        }

        var others = items.Where(i => !i.IsPerson).ToList();
        var rejected = 0;
        foreach (var item in others)
        {
            if (LinkedInProfiles.Read(item.Raw) is { } wrongly)
            {
                misses?.Add(new(item.Id, item.Split, "rejected", "not a person", wrongly.Name));
            }
            else
            {
                rejected++;
            }
        }

        string Split(string id) => items.First(i => i.Id == id).Split;
        int tp = 0, fp = 0, fn = 0;
        var pairs = Pairs(items);
        foreach (var pair in pairs)
        {
            var fields = parsed[pair.ItemId];
            var decision = fields?.Company is null
                ? IdentityDecision.NoMatch
                : CompanyIdentity.Decide(fields.Company, fields.CompanyTruncated, fields.Location, pair.BusinessName, pair.BusinessCity);
            var match = decision == IdentityDecision.Match;
            if (match && pair.Same)
            {
                tp++;
            }
            else if (match)
            {
                fp++;
                misses?.Add(new(pair.ItemId, Split(pair.ItemId), "identity", $"not '{pair.BusinessName}' ({pair.Kind})", decision.ToString()));
            }
            else if (pair.Same)
            {
                fn++;
                misses?.Add(new(pair.ItemId, Split(pair.ItemId), "identity", $"'{pair.BusinessName}' ({pair.Kind})", decision.ToString()));
            }
        }

        yield return new($"dm.parse.name_exact{suffix}", Ratio(name, people.Count), 0.97, ">=", people.Count);
        yield return new($"dm.parse.title_exact{suffix}", Ratio(title, people.Count), 0.97, ">=", people.Count);
        yield return new($"dm.parse.company_exact{suffix}", Ratio(company, people.Count), 0.97, ">=", people.Count);
        yield return new($"dm.parse.non_profiles_rejected{suffix}", Ratio(rejected, others.Count), 0.97, ">=", others.Count);
        yield return new($"dm.identity.precision{suffix}", Ratio(tp, tp + fp), 0.98, ">=", pairs.Count);
        yield return new($"dm.identity.recall{suffix}", Ratio(tp, tp + fn), 0.9, ">=", pairs.Count(p => p.Same));

        int Check(LabelledResult item, string field, string? expected, string? actual)
        {
            if (LinkedInText.Normalize(expected) == LinkedInText.Normalize(actual))
            {
                return 1;
            }

            misses?.Add(new(item.Id, item.Split, field, expected ?? "(none)", actual ?? "(none)"));
            return 0;
        }
    }

    /// <summary>An empty denominator has nothing wrong in it: 1.</summary>
    private static double Ratio(int numerator, int denominator) => denominator == 0 ? 1 : (double)numerator / denominator;

    [LoggerMessage(Level = LogLevel.Information, Message = "{Item} {Figure}: expected {Expected}, got {Actual}")]
    private static partial void LogMiss(ILogger logger, string item, string figure, string expected, string actual);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} misses on the held-out split (not shown)")]
    private static partial void LogHeldOut(ILogger logger, int count);

    private static int Pick(string id) => SHA256.HashData(Encoding.UTF8.GetBytes(id))[0];

    /// <summary>The text without combining accents, as a look-alike of the company name for the identity pairs.</summary>
    private static string WithoutAccents(string text) =>
        new(text.Normalize(System.Text.NormalizationForm.FormD)
            .Where(c => System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.NonSpacingMark)
            .ToArray());
}
