using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Leadora.Sandbox.World;

namespace Leadora.Sandbox.Llm;

/// <summary>
/// Fills leaves from the property name and the request's words: "painPoints" gets pain points about the product and
/// industries, "estimatedConversionRate" a small fraction, "geography" the requested countries, and so on. Anything
/// unrecognised gets a sentence built from the humanised property name and the request.
/// </summary>
internal sealed class RequestFiller : IValueFiller
{
    private readonly PromptFacts _facts;
    private readonly long _seed;

    public RequestFiller(PromptFacts facts, long seed)
    {
        _facts = facts;
        _seed = seed;
    }

    public string Text(GenPath path, JsonObject schema)
    {
        var name = path.NearestName ?? "value";
        var key = TextUtil.Key(name);
        var outer = path.OuterIndex;
        var index = path.NearestIndex + outer;
        var product = _facts.ProductOrDefault;
        var industry = _facts.IndustryNames[outer % _facts.IndustryNames.Count];
        var countries = string.Join(", ", _facts.CountryNames);

        var format = schema["format"]?.GetValueKind() == JsonValueKind.String ? schema["format"]!.GetValue<string>() : null;
        switch (format)
        {
            case "date-time":
                return "2026-01-15T09:00:00Z";
            case "date":
                return "2026-01-15";
            case "time":
                return "09:00:00";
            case "email":
                return "contact@sandbox.example";
            case "uuid":
                return DeterministicGuid(path).ToString();
            case "uri" or "url":
                return _facts.Sources.Count > 0 ? _facts.Sources[index % _facts.Sources.Count].Url : $"https://sandbox.example/{TextUtil.Slug(TextUtil.Humanize(name))}";
        }

        if (_facts.Candidates.Count > 0 && (key.EndsWith("id", StringComparison.Ordinal) || key is "persona" or "choice" or "selected" or "best"))
        {
            return _facts.BestCandidate(_seed)!.Id;
        }

        return key switch
        {
            _ when key.Contains("painpoint", StringComparison.Ordinal) => Pick(index, $"Unplanned downtime caused by {industry.ToLowerInvariant()} process upsets", "Rising operating costs under tight budgets", "Stricter environmental discharge limits", "Inconsistent supplier quality and delivery times", "Limited in-house technical expertise"),
            _ when key.Contains("motivation", StringComparison.Ordinal) => Pick(index, "Lower total cost of ownership", "Higher plant uptime and reliability", "Meeting sustainability targets", "Reliable local supply and technical support"),
            _ when key.Contains("challenge", StringComparison.Ordinal) => Pick(index, "Long approval cycles for new suppliers", "Budget pressure on operating expenditure", "Qualifying new vendors on approved lists", "Shortage of specialist staff"),
            _ when key.Contains("decisionfactor", StringComparison.Ordinal) || key.Contains("criteria", StringComparison.Ordinal) => Pick(index, "Proven performance in similar operations", "Total cost of ownership", "Local technical support", "Delivery reliability", "Safety and compliance record"),
            _ when key.Contains("responsibilit", StringComparison.Ordinal) => Pick(index, "Supplier selection and contract negotiation", $"Budget ownership for {product.ToLowerInvariant()}", "Plant performance and uptime", "Approval of technical specifications"),
            _ when key.Contains("channel", StringComparison.Ordinal) => Pick(index, "Email", "LinkedIn", "Industry events and trade shows", "Referrals from peers", "Supplier portals"),
            _ when key.Contains("buyingprocess", StringComparison.Ordinal) => "Formal RFQ through an approved-vendor list, technical evaluation, then commercial award",
            _ when key.Contains("timeline", StringComparison.Ordinal) => "3–6 months",
            _ when key.Contains("budget", StringComparison.Ordinal) => "USD 50,000–250,000 per year",
            _ when key.Contains("decisionmaking", StringComparison.Ordinal) => "Data-driven; relies on plant trials and references",
            _ when key.Contains("communication", StringComparison.Ordinal) => "Concise, technical and evidence-based",
            _ when key is "level" or "seniority" => Pick(index, "Director", "Manager", "Executive"),
            _ when key.Contains("department", StringComparison.Ordinal) || key == "function" => Pick(index, "Operations", "Procurement", "Engineering", "Finance"),
            _ when key.Contains("experience", StringComparison.Ordinal) => "10+ years",
            _ when key is "geography" or "region" or "market" or "country" or "countries" or "location" or "locations" or "targetmarkets" => key is "country" or "location" ? _facts.CountryNames[index % _facts.CountryNames.Count] : countries,
            _ when key.Contains("industry", StringComparison.Ordinal) || key is "sector" or "vertical" => industry,
            _ when key.Contains("companysize", StringComparison.Ordinal) || key is "size" or "employees" => "200–1,000 employees",
            _ when key.Contains("revenue", StringComparison.Ordinal) => "USD 50–500 million",
            _ when key.Contains("phrase", StringComparison.Ordinal) || key.Contains("keyword", StringComparison.Ordinal) || key.Contains("query", StringComparison.Ordinal) => $"{IndustryWord(industry)} {Pick(index, "company", "plant", "manufacturer", "supplier")}",
            _ when key.Contains("categor", StringComparison.Ordinal) || key.Contains("placetype", StringComparison.Ordinal) => Pick(index, Industries.Resolve(industry).Categories.ToArray()),
            _ when key.Contains("jobtitle", StringComparison.Ordinal) || key == "titles" => Pick(index, "Procurement Manager", "Operations Director", "Plant Manager"),
            _ when key.Contains("url", StringComparison.Ordinal) || key.Contains("link", StringComparison.Ordinal) || key.Contains("website", StringComparison.Ordinal) || key.Contains("source", StringComparison.Ordinal) =>
                _facts.Sources.Count > 0 ? _facts.Sources[index % _facts.Sources.Count].Url : $"https://sandbox.example/{TextUtil.Slug(TextUtil.Humanize(name))}",
            _ when key.Contains("email", StringComparison.Ordinal) => "contact@sandbox.example",
            _ when key is "title" or "name" or "label" or "heading" => $"{TextUtil.TitleCase(TextUtil.Humanize(path.ParentName ?? name))} {index + 1}: {industry}",
            _ when key is "reason" or "rationale" or "justification" or "explanation" && _facts.Candidates.Count > 0 =>
                $"The title \"{_facts.PersonTitle}\" matches \"{_facts.BestCandidate(_seed)!.Title}\" most closely.",
            _ when key is "description" or "summary" or "overview" or "notes" or "rationale" or "reason" or "explanation" or "methodology" or "method" =>
                $"{TextUtil.TitleCase(TextUtil.Humanize(name))} for {product.ToLowerInvariant()} across {string.Join(" and ", _facts.IndustryNames).ToLowerInvariant()} in {countries}.",
            _ => $"{TextUtil.TitleCase(TextUtil.Humanize(name))} for {product.ToLowerInvariant()} in {industry.ToLowerInvariant()} ({countries})",
        };
    }

    public double Number(GenPath path, JsonObject schema, bool integer)
    {
        var key = TextUtil.Key(path.NearestName ?? "value");
        var random = DeterministicRandom.For(_seed, "number", path.ToString(), _facts.ProductOrDefault);
        return key switch
        {
            _ when key.Contains("rate", StringComparison.Ordinal) || key.Contains("probability", StringComparison.Ordinal) || key.Contains("confidence", StringComparison.Ordinal) || key.Contains("fraction", StringComparison.Ordinal) =>
                integer ? random.Between(1, 20) : Math.Round(random.Between(0.02, 0.15), 3),
            _ when key.Contains("influence", StringComparison.Ordinal) || key.Contains("score", StringComparison.Ordinal) => random.Between(40, 95),
            _ when key.Contains("percent", StringComparison.Ordinal) || key.Contains("cagr", StringComparison.Ordinal) || key.Contains("share", StringComparison.Ordinal) => Math.Round(random.Between(2.0, 12.0), 1),
            _ when key.Contains("horizon", StringComparison.Ordinal) || key.EndsWith("years", StringComparison.Ordinal) => random.Between(1, 5),
            _ when key == "year" || key.EndsWith("year", StringComparison.Ordinal) => 2026,
            _ when key.Contains("rank", StringComparison.Ordinal) || key.Contains("priority", StringComparison.Ordinal) || key.Contains("position", StringComparison.Ordinal) => path.NearestIndex + 1,
            _ when key.Contains("usd", StringComparison.Ordinal) || key.Contains("deal", StringComparison.Ordinal) || key.Contains("value", StringComparison.Ordinal) || key.Contains("revenue", StringComparison.Ordinal) || key.Contains("price", StringComparison.Ordinal) || key.Contains("budget", StringComparison.Ordinal) =>
                TextUtil.RoundTo(random.Between(25_000.0, 250_000.0), 1000),
            _ when key.Contains("compan", StringComparison.Ordinal) || key.Contains("count", StringComparison.Ordinal) || key.Contains("number", StringComparison.Ordinal) || key.Contains("decisionmaker", StringComparison.Ordinal) =>
                random.Between(20, 400),
            _ => integer ? random.Between(1, 100) : Math.Round(random.Between(1.0, 100.0), 2),
        };
    }

    public bool Boolean(GenPath path)
    {
        var key = TextUtil.Key(path.NearestName ?? "");
        return key.Contains("estimate", StringComparison.Ordinal) || StableHash.Unit(_seed, "bool", path.ToString()) < 0.5;
    }

    public int ItemCount(GenPath path)
    {
        var key = TextUtil.Key(path.NearestName ?? "");
        return key.Contains("phrase", StringComparison.Ordinal) || key.Contains("keyword", StringComparison.Ordinal) ? 4 : 3;
    }

    public int PreferEnum(GenPath path, IReadOnlyList<JsonNode?> values)
    {
        if (_facts.BestCandidate(_seed) is { } best)
        {
            for (var i = 0; i < values.Count; i++)
            {
                if (values[i] is JsonValue v && v.GetValueKind() == JsonValueKind.String && string.Equals(v.GetValue<string>(), best.Id, StringComparison.OrdinalIgnoreCase))
                {
                    return i;
                }
            }
        }

        return -1;
    }

    /// <summary>The word a places search would use for an industry ("Petrochemicals" → "petrochemical").</summary>
    public static string IndustryWord(string industry)
    {
        var resolved = Industries.Resolve(industry);
        return Industries.Find(resolved.Key) is not null ? resolved.Word : string.Join(' ', TextUtil.Words(industry).Select(TextUtil.Singular));
    }

    private static string Pick(int index, params string[] options) => options[index % options.Length];

    private Guid DeterministicGuid(GenPath path)
    {
        Span<byte> bytes = stackalloc byte[16];
        BitConverter.TryWriteBytes(bytes, StableHash.Of(_seed, "guid", path.ToString()));
        BitConverter.TryWriteBytes(bytes[8..], StableHash.Of(_seed, "guid2", path.ToString()));
        return new Guid(bytes);
    }

    /// <summary>Invariant number text.</summary>
    public static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
