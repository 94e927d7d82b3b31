namespace Leadora.Exports;

/// <summary>
/// A Salesforce Lead import file (Data Import Wizard or Data Loader): one Lead per decision maker, with the field API
/// names of the standard Lead object as columns. Salesforce requires <c>LastName</c> and <c>Company</c> on every Lead, so
/// businesses without decision makers are not written (export them with <see cref="HubSpotCsv"/> or <see cref="LeadsCsv"/>),
/// and a single-word name goes to <c>LastName</c>. <c>Country</c> is the English country name, which is what Salesforce's
/// State and Country picklists accept. <c>Description</c> (the Lead's standard free-text field) carries the user's status
/// and note of the person, such as <c>Leadora status: qualified. Met at the expo.</c>; Lead Status is left to the org,
/// whose picklist values differ from Leadora's statuses. UTF-8 with a BOM, with formula-like text neutralized (see <see cref="Csv"/>).
/// </summary>
public static class SalesforceCsv
{
    /// <summary>The <c>LeadSource</c> written when the caller gives none.</summary>
    public const string DefaultLeadSource = "Leadora";

    /// <summary>Columns.</summary>
    public static IReadOnlyList<string> Header { get; } = ["FirstName", "LastName", "Title", "Company", "Website", "Phone", "City", "Country", "LeadSource", "Description"];

    /// <summary>Writes the leads of <paramref name="result"/>.</summary>
    /// <param name="stream">Destination.</param>
    /// <param name="result">The search.</param>
    /// <param name="leadSource">Value of the <c>LeadSource</c> column; it should be one of the org's Lead Source picklist values.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    public static Task WriteLeadsAsync(Stream stream, LeadSearchResult result, string leadSource = DefaultLeadSource, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        var businesses = result.Businesses.ToDictionary(b => b.Id);
        var annotations = new AnnotationFields(result);
        var rows = result.DecisionMakers.Select(person =>
        {
            var (first, last) = CrmFields.SplitName(person.Name);
            businesses.TryGetValue(person.BusinessId, out var business);
            return (IReadOnlyList<object?>)
            [
                first, last, person.Title, business?.Name ?? person.Company,
                business?.Website, business?.Phone, business?.City, CrmFields.CountryName(business?.Country), leadSource,
                annotations.Description(person.Id),
            ];
        });
        return Csv.WriteAsync(stream, Header, rows, cancellationToken);
    }
}
