using System.Text.Json;
using System.Text.Json.Serialization;
using Leadora.Embeddings;
using Leadora.Fit;

namespace Leadora.Cli.Evaluation;

/// <summary>
/// Business fit on the labelled places in <c>eval/places</c>: every genuine place result is scored with the same rules and
/// similarity band the discovery stage uses (rule-only: local hashing embeddings, no LLM), and the kept businesses are
/// compared with the hand labels. Precision = labelled on-target among kept; recall = kept among labelled on-target.
/// Reported for the dev split (the rules were written on it) and the held-out split separately; <c>unsure</c> rows are left out.
/// </summary>
internal sealed class FitEvaluation : IQualityEvaluation
{
    public string Name => "fit";

    public Task<IReadOnlyList<QualityFigure>> RunAsync(EvalContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var folder = Path.Combine(context.DataRoot, "eval", "places");
        if (!File.Exists(Path.Combine(folder, "places.jsonl")))
        {
            return Task.FromResult<IReadOnlyList<QualityFigure>>([]);
        }

        var scored = Score(folder);
        var figures = new List<QualityFigure>();
        foreach (var split in (string[])["dev", "held_out"])
        {
            var rows = scored.Where(r => r.Row.Split == split).ToList();
            var kept = rows.Where(r => !r.Fit.Excluded).ToList();
            var on = rows.Count(r => r.Row.Label == "on");
            var precision = kept.Count == 0 ? 0 : (double)kept.Count(r => r.Row.Label == "on") / kept.Count;
            var recall = on == 0 ? 0 : (double)kept.Count(r => r.Row.Label == "on") / on;
            figures.Add(new QualityFigure($"fit.{split}.precision_kept", Math.Round(precision, 4), 0.9, ">=", rows.Count));
            figures.Add(new QualityFigure($"fit.{split}.recall_on_target", Math.Round(recall, 4), 0.85, ">=", rows.Count));
        }

        return Task.FromResult<IReadOnlyList<QualityFigure>>(figures);
    }

    /// <summary>Every labelled (not unsure) row with the fit the rules give it.</summary>
    internal static List<(PlaceRow Row, BusinessFit Fit)> Score(string folder)
    {
        var searches = JsonSerializer.Deserialize<List<SearchRow>>(File.ReadAllText(Path.Combine(folder, "searches.json")), Json)!
            .ToDictionary(s => s.Id);
        var rows = File.ReadLines(Path.Combine(folder, "places.jsonl"))
            .Where(l => l.Length > 0)
            .Select(l => JsonSerializer.Deserialize<PlaceRow>(l, Json)!)
            .Where(r => r.Label is "on" or "off")
            .ToList();
        var options = new FitOptions();
        var personaVectors = searches.Values.ToDictionary(s => s.Id, s => Embed($"{s.Target}. {s.Sells}. {string.Join(", ", s.PlaceCategories)}"));
        return rows.Select(row =>
        {
            var search = searches[row.Search];
            var assessment = FitRules.Assess(row.Name, row.Category, row.Types ?? [], search.PlaceCategories);
            var similarity = VectorMath.Cosine(Embed(string.Join(". ", new[] { row.Name, row.Category ?? (row.Types is { Count: > 0 } t ? t[0] : null), row.Address }.Where(p => !string.IsNullOrWhiteSpace(p)))), personaVectors[row.Search]);
            return (row, FitScoring.Decide(assessment, similarity, options));
        }).ToList();
    }

    private static float[] Embed(string text)
    {
        var vector = new float[HashingEmbeddingGenerator.DefaultDimensions];
        HashingEmbeddingGenerator.Embed(text, vector);
        return vector;
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    internal sealed record SearchRow(string Id, string Sells, string Target, [property: JsonPropertyName("placeCategories")] IReadOnlyList<string> PlaceCategories, string Split);

    internal sealed record PlaceRow(string Id, string Search, string Split, string Label, string Name, string? Address, string? Category, IReadOnlyList<string>? Types, string? Note);
}
