namespace Leadora.Exports;

/// <summary>
/// The leads CSV: one row per decision maker, and one row for each business without any, with the user's status and
/// note of the business and of the person (<c>new</c> and empty when never set).
/// </summary>
public static class LeadsCsv
{
    /// <summary>Column names.</summary>
    public static IReadOnlyList<string> Header { get; } =
    [
        "business_id", "business_name", "country", "address", "phone", "website", "category", "rating",
        "business_persona", "business_persona_score", "business_source", "business_query",
        "decision_maker_name", "decision_maker_title", "linkedin_url", "decision_maker_persona", "decision_maker_persona_score", "match_method",
        "business_status", "business_note", "decision_maker_status", "decision_maker_note",
    ];

    /// <summary>Writes the leads of <paramref name="result"/>.</summary>
    public static Task WriteAsync(Stream stream, LeadSearchResult result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        var businessPersonas = result.BusinessPersonas.ToDictionary(p => p.Id, p => p.Title);
        var decisionMakerPersonas = result.DecisionMakerPersonas.ToDictionary(p => p.Id, p => p.Title);
        var people = result.DecisionMakers.ToLookup(d => d.BusinessId);
        var annotations = new AnnotationFields(result);
        var rows = new List<IReadOnlyList<object?>>();
        foreach (var business in result.Businesses)
        {
            object?[] businessCells =
            [
                business.Id, business.Name, business.Country, business.Address, business.Phone, business.Website, business.Category, business.Rating,
                business.PersonaMatch is { } m ? businessPersonas.GetValueOrDefault(m.PersonaId) : null, business.PersonaMatch?.Score,
                business.Provenance.Provider, business.Provenance.Query,
            ];
            var staff = people[business.Id].ToList();
            if (staff.Count == 0)
            {
                rows.Add([.. businessCells, null, null, null, null, null, null, annotations.Status(business.Id), annotations.Note(business.Id), null, null]);
            }

            foreach (var person in staff)
            {
                rows.Add([
                    .. businessCells,
                    person.Name, person.Title, person.LinkedInUrl,
                    person.PersonaMatch is { } pm ? decisionMakerPersonas.GetValueOrDefault(pm.PersonaId) : null,
                    person.PersonaMatch?.Score,
                    person.PersonaMatch?.Method.ToString().ToLowerInvariant(),
                    annotations.Status(business.Id), annotations.Note(business.Id), annotations.Status(person.Id), annotations.Note(person.Id),
                ]);
            }
        }

        return Csv.WriteAsync(stream, Header, rows, cancellationToken);
    }
}
