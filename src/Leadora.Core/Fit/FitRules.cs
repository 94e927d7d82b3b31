using System.Globalization;

namespace Leadora.Fit;

/// <summary>What the category rules concluded about one business.</summary>
/// <param name="Score">Fit in [0, 1].</param>
/// <param name="Reason">Short reason.</param>
/// <param name="Certain">Whether the rules had evidence either way; when not, embeddings or the light LLM decide.</param>
public sealed record FitAssessment(double Score, string Reason, bool Certain);

/// <summary>
/// Category rules for business fit: a business's provider categories and types (and, failing those, its name) are compared
/// with the place categories its personas want. Words are folded (case, accents, plurals, a few synonyms such as
/// pub = bar or lodging = hotel); a wanted category matches when its head word (the last word, "restaurant" in
/// "pizza restaurant") is one of the business's category words, or when a business category is a broader form of it
/// ("parking" for "parking lot"), and scores higher the more of its words the business's categories and name show. Umbrella types (<c>establishment</c>, <c>store</c>, <c>food</c>, <c>health</c>) count as no evidence.
/// Public places that are not a business (parks, squares, neighbourhoods, stations, ATMs) are excluded unless a persona
/// wants exactly that kind.
/// </summary>
public static class FitRules
{
    /// <summary>Businesses scoring below this are excluded from the leads.</summary>
    public const double DefaultThreshold = 0.5;

    private static readonly HashSet<string> UmbrellaTypes = new(StringComparer.Ordinal)
    {
        "point of interest", "establishment", "premise", "store", "food", "health", "finance", "service establishment",
        "service", "business", "company", "shop", "local business", "subpremise", "place",
    };

    private static readonly HashSet<string> NotABusiness = new(StringComparer.Ordinal)
    {
        "locality", "political", "neighborhood", "sublocality", "sublocality level 1", "route", "street address", "intersection",
        "natural feature", "park", "plaza", "city park", "national park", "state park", "public square", "square", "garden",
        "transit station", "train station", "bus station", "subway station", "light rail station", "atm", "country",
        "administrative area level 1", "administrative area level 2", "postal code", "colloquial area", "geocode",
    };

    private static readonly Dictionary<string, string> Synonyms = new(StringComparer.Ordinal)
    {
        ["pub"] = "bar", ["tavern"] = "bar", ["brewpub"] = "bar", ["taproom"] = "bar",
        ["lodging"] = "hotel", ["motel"] = "hotel", ["hostel"] = "hotel", ["inn"] = "hotel", ["accommodation"] = "hotel",
        ["pizzeria"] = "pizza", ["eatery"] = "restaurant", ["bistro"] = "restaurant", ["diner"] = "restaurant",
        ["carpark"] = "parking", ["centre"] = "center", ["theatre"] = "theater", ["builder"] = "construction",
        ["contractors"] = "contractor", ["furnishing"] = "furniture", ["furnishings"] = "furniture",
        ["medical"] = "health", ["healthcare"] = "health",
    };

    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal) { "and", "of", "the", "for", "a", "an", "or", "in", "de", "la", "le" };

    /// <summary>Assesses one business against the place categories its personas want.</summary>
    /// <param name="name">Business name.</param>
    /// <param name="category">Primary provider category, when returned.</param>
    /// <param name="types">Every provider category or type (Google types such as <c>city_hall</c> are read as words).</param>
    /// <param name="wantedCategories">Place categories of the search's business personas.</param>
    public static FitAssessment Assess(string name, string? category, IReadOnlyList<string> types, IReadOnlyList<string> wantedCategories)
    {
        ArgumentNullException.ThrowIfNull(types);
        ArgumentNullException.ThrowIfNull(wantedCategories);
        var kinds = Kinds(category, types);
        var wanted = wantedCategories.Select(w => (Text: w, Words: Fold(w))).Where(w => w.Words.Count > 0).ToList();
        if (wanted.Count == 0)
        {
            return new FitAssessment(0.5, "the personas list no place categories", false);
        }

        var kindPhrases = kinds.Select(k => string.Join(' ', k)).ToHashSet(StringComparer.Ordinal);
        var wantedPhrases = wanted.Select(w => string.Join(' ', w.Words)).ToHashSet(StringComparer.Ordinal);
        var publicPlace = kindPhrases.FirstOrDefault(k => NotABusiness.Contains(k) && !wantedPhrases.Contains(k));
        var informative = kinds.Where(k => !UmbrellaTypes.Contains(string.Join(' ', k))).ToList();
        var kindWords = informative.SelectMany(k => k).ToHashSet(StringComparer.Ordinal);
        var nameWords = Fold(name).ToHashSet(StringComparer.Ordinal);
        var shown = Describe(category, types);

        // Evidence from the categories: the head word of a wanted category among the business's category words.
        // Or a category of the business that is a broader form of a wanted one ("parking" for "parking lot").
        var byKind = wanted
            .Where(w => kindWords.Contains(w.Words[^1]) || informative.Any(k => k.All(w.Words.Contains)))
            .Select(w => (w.Text, Coverage: (double)w.Words.Count(x => kindWords.Contains(x) || nameWords.Contains(x)) / w.Words.Count))
            .OrderByDescending(m => m.Coverage)
            .FirstOrDefault();
        if (publicPlace is not null)
        {
            return new FitAssessment(0.1, $"a public place ({publicPlace}), not a business", true);
        }

        if (byKind.Text is not null)
        {
            var score = Math.Round(0.7 + (0.25 * byKind.Coverage), 3);
            return new FitAssessment(score, $"category {shown} matches '{byKind.Text}'", true);
        }

        if (informative.Count > 0)
        {
            return new FitAssessment(0.2, $"category {shown} is not one of: {string.Join(", ", wantedCategories)}", true);
        }

        // No categories to go by: the name may still say what the business is ("… Homeless Shelter").
        var byName = wanted
            .Where(w => nameWords.Contains(w.Words[^1]))
            .Select(w => (w.Text, Covered: w.Words.Count(nameWords.Contains), w.Words.Count))
            .Where(m => m.Count == 1 || m.Covered >= 2)
            .OrderByDescending(m => (double)m.Covered / m.Count)
            .FirstOrDefault();
        if (byName.Text is not null)
        {
            return new FitAssessment(Math.Round(0.6 + (0.25 * byName.Covered / byName.Count), 3), $"name says '{byName.Text}' (no category returned)", true);
        }

        return new FitAssessment(0.5, "no category evidence", false);
    }

    /// <summary>Words of a category or name: folded, singular, synonyms replaced, stop words dropped.</summary>
    internal static List<string> Fold(string? text) =>
        TextFolding.Words(text?.Replace('_', ' '))
            .Where(w => !StopWords.Contains(w))
            .Select(Singular)
            .Select(w => Synonyms.TryGetValue(w, out var s) ? s : w)
            .ToList();

    private static List<List<string>> Kinds(string? category, IReadOnlyList<string> types)
    {
        var all = new List<string>();
        if (!string.IsNullOrWhiteSpace(category))
        {
            all.Add(category);
        }

        all.AddRange(types.Where(t => !string.IsNullOrWhiteSpace(t)));
        return all
            .Select(k => TextFolding.Words(k.Replace('_', ' ')))
            .Where(words => words.Count > 0)
            .Select(words =>
            {
                var raw = string.Join(' ', words);
                return UmbrellaTypes.Contains(raw) || NotABusiness.Contains(raw) ? words : words.Where(w => !StopWords.Contains(w)).Select(Singular).Select(w => Synonyms.TryGetValue(w, out var s) ? s : w).ToList();
            })
            .ToList();
    }

    private static string Describe(string? category, IReadOnlyList<string> types)
    {
        var shown = (category is null ? types : types.Prepend(category))
            .Select(t => t.Replace('_', ' '))
            .Where(t => !UmbrellaTypes.Contains(string.Join(' ', TextFolding.Words(t))))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Take(3)
            .ToList();
        return shown.Count == 0 ? "(none)" : "'" + string.Join(", ", shown) + "'";
    }

    private static string Singular(string word)
    {
        if (word.Length > 4 && word.EndsWith("ies", StringComparison.Ordinal))
        {
            return word[..^3] + "y";
        }

        if (word.Length > 3 && word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal) && !word.EndsWith("us", StringComparison.Ordinal) && !word.EndsWith("is", StringComparison.Ordinal))
        {
            return word[..^1];
        }

        return word;
    }

    /// <summary>The score in the uncertain band from a cosine similarity: 0.5 at <paramref name="pivot"/>, within [0.3, 0.7].</summary>
    public static double FromSimilarity(double cosine, double pivot) =>
        Math.Round(Math.Clamp(0.5 + (cosine - pivot), 0.3, 0.7), 3);

    /// <summary>Formats a score for a reason text.</summary>
    internal static string Format(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);
}
