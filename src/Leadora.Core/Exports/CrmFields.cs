namespace Leadora.Exports;

/// <summary>Field conversions shared by the CRM import files (HubSpot, Salesforce).</summary>
internal static class CrmFields
{
    private static readonly HashSet<string> Honorifics = new(StringComparer.OrdinalIgnoreCase)
    {
        "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "eng", "engr", "sir", "dame", "sheikh", "shaikh",
    };

    /// <summary>
    /// The country's English short name (what CRM country fields and picklists expect), or the code itself when it is
    /// not a known ISO 3166 alpha-2 code.
    /// </summary>
    public static string CountryName(string? code) =>
        string.IsNullOrWhiteSpace(code) ? "" : Countries.TryResolve(code, out var country) ? country.Name : code;

    /// <summary>
    /// The industry of a company: the industry of its best-matching business persona when the persona names one,
    /// otherwise the provider's category.
    /// </summary>
    public static string? Industry(Business business, IReadOnlyDictionary<Guid, BusinessPersona> personas)
    {
        if (business.PersonaMatch is { } match
            && personas.TryGetValue(match.PersonaId, out var persona)
            && !string.IsNullOrWhiteSpace(persona.Demographics.Industry))
        {
            return persona.Demographics.Industry.Trim();
        }

        return string.IsNullOrWhiteSpace(business.Category) ? null : business.Category.Trim();
    }

    /// <summary>
    /// Splits a person's name as a search result shows it into first and last name: the first token and the rest.
    /// Leading honorifics ("Dr.", "Eng.") and trailing credentials after a comma or a separator ("Jane Doe, PhD",
    /// "Jane Doe | Procurement") are dropped. A single name goes to the last name, which CRMs require.
    /// </summary>
    public static (string First, string Last) SplitName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return ("", "");
        }

        var text = name.Trim();
        foreach (var separator in new[] { ",", " | ", " – ", " — ", " - ", "(" })
        {
            var at = text.IndexOf(separator, StringComparison.Ordinal);
            if (at > 0)
            {
                text = text[..at].Trim();
            }
        }

        var tokens = text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        while (tokens.Count > 1 && Honorifics.Contains(tokens[0].TrimEnd('.')))
        {
            tokens.RemoveAt(0);
        }

        return tokens.Count switch
        {
            0 => ("", ""),
            1 => ("", tokens[0]),
            _ => (tokens[0], string.Join(' ', tokens.Skip(1))),
        };
    }
}
