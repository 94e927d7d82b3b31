using System.Text.Json;

namespace Leadora.Web.Api;

/// <summary>
/// Reads a lead search request from JSON or from the UI's form, field by field, so every problem names its field
/// (<c>productService</c>, <c>industries</c>, <c>limits.businessPersonas</c>, …) — the same names and rules as the CLI
/// (<see cref="LeadSearchValidator"/>).
/// </summary>
internal static class SearchRequestReader
{
    /// <summary>The request in <paramref name="body"/> and every problem with it.</summary>
    public static (LeadSearchRequest Request, IReadOnlyList<ValidationProblem> Problems) FromJson(JsonElement body, SearchLimits defaultLimits)
    {
        var problems = new List<ValidationProblem>();
        if (body.ValueKind != JsonValueKind.Object)
        {
            return (new LeadSearchRequest(), [new ValidationProblem("request", "the body must be a JSON object.")]);
        }

        var searchType = SearchType.Customer;
        if (Property(body, "searchType") is { } typeElement)
        {
            if (typeElement.ValueKind == JsonValueKind.String && TryParseSearchType(typeElement.GetString(), out var parsed))
            {
                searchType = parsed;
            }
            else
            {
                problems.Add(new("searchType", $"{Describe(typeElement)} is not a search type; use customer or supplier."));
            }
        }

        var product = "";
        if (Property(body, "productService") is { } productElement)
        {
            if (productElement.ValueKind == JsonValueKind.String)
            {
                product = productElement.GetString() ?? "";
            }
            else if (productElement.ValueKind != JsonValueKind.Null)
            {
                problems.Add(new("productService", "must be a string."));
            }
        }

        var industries = StringList(body, "industries", problems);
        var countries = StringList(body, "countries", problems);
        var limits = defaultLimits;
        if (Property(body, "limits") is { ValueKind: not JsonValueKind.Null } limitsElement)
        {
            if (limitsElement.ValueKind != JsonValueKind.Object)
            {
                problems.Add(new("limits", "must be an object."));
            }
            else
            {
                limits = limits with
                {
                    BusinessPersonas = Int(limitsElement, "businessPersonas", limits.BusinessPersonas, problems),
                    DecisionMakerPersonas = Int(limitsElement, "decisionMakerPersonas", limits.DecisionMakerPersonas, problems),
                    BusinessesPerPersona = Int(limitsElement, "businessesPerPersona", limits.BusinessesPerPersona, problems),
                    DecisionMakersPerBusiness = Int(limitsElement, "decisionMakersPerBusiness", limits.DecisionMakersPerBusiness, problems),
                };
            }
        }

        var request = new LeadSearchRequest
        {
            SearchType = searchType,
            ProductService = product,
            Industries = industries ?? [],
            Countries = countries ?? [],
            Limits = limits,
        };
        return (request, Validate(request, defaultLimits, problems));
    }

    /// <summary>The request of the UI's form: lists are comma- or line-separated; limits are optional numbers.</summary>
    public static (LeadSearchRequest Request, IReadOnlyList<ValidationProblem> Problems) FromForm(
        string? searchType, string? productService, string? industries, string? countries, IReadOnlyDictionary<string, string?> limits, SearchLimits defaultLimits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var problems = new List<ValidationProblem>();
        var type = SearchType.Customer;
        if (!string.IsNullOrWhiteSpace(searchType) && !TryParseSearchType(searchType, out type))
        {
            problems.Add(new("searchType", $"'{searchType}' is not a search type; use customer or supplier."));
        }

        int Limit(string name, int fallback)
        {
            var text = limits.GetValueOrDefault(name);
            if (string.IsNullOrWhiteSpace(text))
            {
                return fallback;
            }

            if (int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }

            problems.Add(new("limits." + name, "must be a whole number."));
            return fallback;
        }

        var request = new LeadSearchRequest
        {
            SearchType = type,
            ProductService = productService ?? "",
            Industries = SplitList(industries),
            Countries = SplitList(countries),
            Limits = defaultLimits with
            {
                BusinessPersonas = Limit("businessPersonas", defaultLimits.BusinessPersonas),
                DecisionMakerPersonas = Limit("decisionMakerPersonas", defaultLimits.DecisionMakerPersonas),
                BusinessesPerPersona = Limit("businessesPerPersona", defaultLimits.BusinessesPerPersona),
                DecisionMakersPerBusiness = Limit("decisionMakersPerBusiness", defaultLimits.DecisionMakersPerBusiness),
            },
        };
        return (request, Validate(request, defaultLimits, problems));
    }

    /// <summary>Splits a comma- or line-separated list.</summary>
    public static IReadOnlyList<string> SplitList(string? text) =>
        (text ?? "").Split([',', '\n', '\r', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static List<ValidationProblem> Validate(LeadSearchRequest request, SearchLimits defaultLimits, List<ValidationProblem> problems)
    {
        var typed = problems.Select(p => p.Field).ToHashSet(StringComparer.Ordinal);
        foreach (var problem in LeadSearchValidator.Validate(request, defaultLimits))
        {
            // A field with a type error is reported once, by the type error.
            if (!typed.Contains(problem.Field))
            {
                problems.Add(problem);
            }
        }

        return problems;
    }

    private static bool TryParseSearchType(string? text, out SearchType type)
    {
        type = SearchType.Customer;
        var trimmed = text?.Trim() ?? "";
        return !int.TryParse(trimmed, out _) && Enum.TryParse(trimmed, ignoreCase: true, out type) && Enum.IsDefined(type);
    }

    private static JsonElement? Property(JsonElement body, string name)
    {
        foreach (var property in body.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }

    private static List<string>? StringList(JsonElement body, string name, List<ValidationProblem> problems)
    {
        if (Property(body, name) is not { } element || element.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (element.ValueKind != JsonValueKind.Array || element.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
        {
            problems.Add(new(name, "must be an array of strings."));
            return null;
        }

        return element.EnumerateArray().Select(e => e.GetString() ?? "").ToList();
    }

    private static int Int(JsonElement limits, string name, int fallback, List<ValidationProblem> problems)
    {
        if (Property(limits, name) is not { } element || element.ValueKind == JsonValueKind.Null)
        {
            return fallback;
        }

        if (element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out var value))
        {
            return value;
        }

        problems.Add(new("limits." + name, "must be a whole number."));
        return fallback;
    }

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => $"'{Truncate(element.GetString() ?? "")}'",
        _ => element.ValueKind.ToString().ToLowerInvariant(),
    };

    private static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
