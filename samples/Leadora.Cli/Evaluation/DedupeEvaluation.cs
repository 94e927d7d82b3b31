using System.Text;
using Leadora.Dedupe;

namespace Leadora.Cli.Evaluation;

/// <summary>
/// De-duplication measured on public record-linkage benchmarks in <c>../shared/eval</c> (skipped when absent), with the
/// lead stores' own rules: records sharing a key are one business (<see cref="BusinessKeys"/>) unless the key is a phone
/// number and the names disagree (<see cref="DuplicateRules"/>).
/// <list type="bullet">
/// <item>Fodors–Zagat: every Fodor's record against every Zagat record; predicted pairs against the 112 gold pairs.
/// Also pair-level figures on the DeepMatcher train+valid (dev) and test (held-out) candidate pairs.</item>
/// <item>Chicago early childhood: the 3,337 records linked in file order as the store links them (transitively);
/// pair precision and recall against the hand-labelled clusters. The labels are per site, while Leadora treats sites of
/// one organisation that share a website as one business on purpose (a lead is a company), so precision stays near 0.81.</item>
/// </list>
/// </summary>
internal sealed class DedupeEvaluation : IQualityEvaluation
{
    /// <summary>Chicago pair precision before the phone-name rule; the rule must not lose it.</summary>
    public const double ChicagoPrecisionBaseline = 0.809;

    public string Name => "dedupe";

    public Task<IReadOnlyList<QualityFigure>> RunAsync(EvalContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var figures = new List<QualityFigure>();
        if (context.SharedEvalRoot is { } root && File.Exists(Path.Combine(root, "fodors_zagat", "matches.csv")))
        {
            var fz = FodorsZagat(root);
            figures.Add(new QualityFigure("dedupe.fodors_zagat.f1", Math.Round(fz.F1, 4), 0.98, ">=", fz.Gold));
            figures.Add(new QualityFigure("dedupe.fodors_zagat.precision", Math.Round(fz.Precision, 4), 0.97, ">=", fz.Gold));
            figures.Add(new QualityFigure("dedupe.fodors_zagat.recall", Math.Round(fz.Recall, 4), 0.95, ">=", fz.Gold));
        }

        if (context.SharedEvalRoot is { } chicagoRoot && File.Exists(Path.Combine(chicagoRoot, "chicago_early_childhood", "csv_example_input_with_true_ids.csv")))
        {
            var chicago = Chicago(chicagoRoot);
            figures.Add(new QualityFigure("dedupe.chicago.precision", Math.Round(chicago.Precision, 4), ChicagoPrecisionBaseline, ">=", chicago.Records));
            figures.Add(new QualityFigure("dedupe.chicago.recall", Math.Round(chicago.Recall, 4), 0.78, ">=", chicago.Records));
        }

        return Task.FromResult<IReadOnlyList<QualityFigure>>(figures);
    }

    internal sealed record Linkage(double Precision, double Recall, int Gold, int Predicted)
    {
        public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);
    }

    private static IReadOnlyList<string> FzKeys(Dictionary<string, string> r) =>
        BusinessKeys.For(r["name"], $"{r["addr"]}, {r["city"]}", r["phone"], null, null, null, "US");

    /// <summary>Whether the rules link a Fodor's and a Zagat record: any shared key that <see cref="DuplicateRules.Links"/> accepts.</summary>
    private static bool Linked(Dictionary<string, string> a, IReadOnlyList<string> aKeys, Dictionary<string, string> b, IReadOnlyList<string> bKeys) =>
        aKeys.Any(k => bKeys.Contains(k, StringComparer.Ordinal) && DuplicateRules.Links(k, b["name"], a["name"]));

    internal static Linkage FodorsZagat(string root)
    {
        var fodors = Csv.Read(Path.Combine(root, "fodors_zagat", "tableA.csv"));
        var zagat = Csv.Read(Path.Combine(root, "fodors_zagat", "tableB.csv"));
        var gold = Csv.Read(Path.Combine(root, "fodors_zagat", "matches.csv")).Select(r => (r["fodors_id"], r["zagats_id"])).ToHashSet();
        var zagatKeys = zagat.ToDictionary(z => z["id"], FzKeys);
        var byKey = new Dictionary<string, List<Dictionary<string, string>>>(StringComparer.Ordinal);
        foreach (var z in zagat)
        {
            foreach (var key in zagatKeys[z["id"]])
            {
                (byKey.TryGetValue(key, out var list) ? list : byKey[key] = []).Add(z);
            }
        }

        var predicted = new HashSet<(string, string)>();
        foreach (var f in fodors)
        {
            var keys = FzKeys(f);
            foreach (var z in keys.SelectMany(k => byKey.GetValueOrDefault(k) ?? []).Distinct())
            {
                if (Linked(f, keys, z, zagatKeys[z["id"]]))
                {
                    predicted.Add((f["id"], z["id"]));
                }
            }
        }

        var truePositives = predicted.Count(gold.Contains);
        return new Linkage(predicted.Count == 0 ? 0 : (double)truePositives / predicted.Count, (double)truePositives / gold.Count, gold.Count, predicted.Count);
    }

    /// <summary>Pair-level figures on one DeepMatcher split (<c>train</c>, <c>valid</c> or <c>test</c>) of Fodors–Zagat.</summary>
    internal static Linkage FodorsZagatSplit(string root, params string[] splits)
    {
        var fodors = Csv.Read(Path.Combine(root, "fodors_zagat", "tableA.csv")).ToDictionary(r => r["id"]);
        var zagat = Csv.Read(Path.Combine(root, "fodors_zagat", "tableB.csv")).ToDictionary(r => r["id"]);
        int tp = 0, fp = 0, fn = 0;
        foreach (var split in splits)
        {
            foreach (var pair in Csv.Read(Path.Combine(root, "fodors_zagat", "deepmatcher", $"{split}_pairs.csv")))
            {
                // DeepMatcher ids are the py_entitymatching ids minus 534 (Fodor's) and minus 1 (Zagat).
                var a = fodors[(int.Parse(pair["ltable_id"], System.Globalization.CultureInfo.InvariantCulture) + 534).ToString(System.Globalization.CultureInfo.InvariantCulture)];
                var b = zagat[(int.Parse(pair["rtable_id"], System.Globalization.CultureInfo.InvariantCulture) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)];
                var linked = Linked(a, FzKeys(a), b, FzKeys(b));
                var match = pair["label"] == "1";
                tp += linked && match ? 1 : 0;
                fp += linked && !match ? 1 : 0;
                fn += !linked && match ? 1 : 0;
            }
        }

        return new Linkage(tp + fp == 0 ? 0 : (double)tp / (tp + fp), tp + fn == 0 ? 0 : (double)tp / (tp + fn), tp + fn, tp + fp);
    }

    internal sealed record ChicagoLinkage(double Precision, double Recall, int Records);

    internal static ChicagoLinkage Chicago(string root)
    {
        var records = Csv.Read(Path.Combine(root, "chicago_early_childhood", "csv_example_input_with_true_ids.csv"));
        var parent = Enumerable.Range(0, records.Count).ToArray();
        int Find(int i) => parent[i] == i ? i : parent[i] = Find(parent[i]);
        var firstWithKey = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < records.Count; i++)
        {
            var r = records[i];
            foreach (var key in BusinessKeys.For(r["Site name"], $"{r["Address"]}, Chicago", r["Phone"], r["Website"], null, null, "US"))
            {
                if (key.StartsWith("n:", StringComparison.Ordinal))
                {
                    continue; // a bare name is not evidence; the store keeps such records apart too
                }

                if (firstWithKey.TryGetValue(key, out var j))
                {
                    if (DuplicateRules.Links(key, records[j]["Site name"], r["Site name"]))
                    {
                        parent[Find(i)] = Find(j);
                    }
                }
                else
                {
                    firstWithKey[key] = i;
                }
            }
        }

        static long Pairs(long n) => n * (n - 1) / 2;
        var predictedPairs = Enumerable.Range(0, records.Count).GroupBy(Find).Sum(g => Pairs(g.Count()));
        var goldPairs = records.GroupBy(r => r["True Id"]).Sum(g => Pairs(g.Count()));
        var truePairs = Enumerable.Range(0, records.Count).GroupBy(i => (Find(i), records[i]["True Id"])).Sum(g => Pairs(g.Count()));
        return new ChicagoLinkage(predictedPairs == 0 ? 0 : (double)truePairs / predictedPairs, goldPairs == 0 ? 0 : (double)truePairs / goldPairs, records.Count);
    }

    /// <summary>A minimal RFC 4180 reader (quoted fields may hold commas, quotes and newlines).</summary>
    internal static class Csv
    {
        public static List<Dictionary<string, string>> Read(string path)
        {
            var rows = Parse(File.ReadAllText(path));
            var header = rows[0];
            return rows.Skip(1).Where(r => r.Count == header.Count)
                .Select(r => header.Select((h, i) => (h, r[i])).ToDictionary(x => x.h, x => x.Item2, StringComparer.Ordinal)).ToList();
        }

        private static List<List<string>> Parse(string text)
        {
            var rows = new List<List<string>>();
            var row = new List<string>();
            var field = new StringBuilder();
            var quoted = false;
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (quoted)
                {
                    if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else if (c == '"')
                    {
                        quoted = false;
                    }
                    else
                    {
                        field.Append(c);
                    }
                }
                else if (c == '"')
                {
                    quoted = true;
                }
                else if (c == ',')
                {
                    row.Add(field.ToString());
                    field.Clear();
                }
                else if (c == '\n')
                {
                    row.Add(field.ToString().TrimEnd('\r'));
                    field.Clear();
                    rows.Add(row);
                    row = [];
                }
                else
                {
                    field.Append(c);
                }
            }

            if (field.Length > 0 || row.Count > 0)
            {
                row.Add(field.ToString());
                rows.Add(row);
            }

            return rows;
        }
    }
}
