namespace Leadora.Exports;

/// <summary>
/// HubSpot import files. HubSpot imports companies and contacts as separate files; the column names are the internal
/// names of HubSpot's default properties, so its import wizard maps every column without manual work. Countries are
/// written as English names (HubSpot's <c>country</c> is free text and its reports group by name). A company's
/// <c>industry</c> is its best-matching persona's industry, else the provider category; HubSpot's default
/// <c>industry</c> property is a dropdown, so values that match none of its options are reported by the importer —
/// map the column to a custom text property to keep them. <c>leadora_status</c> and <c>leadora_note</c> carry the user's
/// status and note of each lead; HubSpot has no default properties for them, so the import maps them to custom
/// properties (its wizard offers to create them). Both files are UTF-8 with a BOM, with formula-like text
/// neutralized (see <see cref="Csv"/>).
/// </summary>
public static class HubSpotCsv
{
    /// <summary>Columns of the companies file.</summary>
    public static IReadOnlyList<string> CompaniesHeader { get; } = ["name", "domain", "website", "phone", "address", "city", "country", "industry", "leadora_status", "leadora_note"];

    /// <summary>Columns of the contacts file.</summary>
    public static IReadOnlyList<string> ContactsHeader { get; } = ["firstname", "lastname", "jobtitle", "company", "hs_linkedin_url", "leadora_status", "leadora_note"];

    /// <summary>Writes one company row per business of <paramref name="result"/>, in discovery order.</summary>
    public static Task WriteCompaniesAsync(Stream stream, LeadSearchResult result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        var personas = result.BusinessPersonas.ToDictionary(p => p.Id);
        var annotations = new AnnotationFields(result);
        var rows = result.Businesses.Select(b => (IReadOnlyList<object?>)
        [
            b.Name, b.Domain, b.Website, b.Phone, b.Address, b.City, CrmFields.CountryName(b.Country), CrmFields.Industry(b, personas),
            annotations.Status(b.Id), annotations.Note(b.Id),
        ]);
        return Csv.WriteAsync(stream, CompaniesHeader, rows, cancellationToken);
    }

    /// <summary>
    /// Writes one contact row per decision maker of <paramref name="result"/>. <c>company</c> is the name of the business
    /// the person was matched to, so contacts associate with the companies file's rows on import.
    /// </summary>
    public static Task WriteContactsAsync(Stream stream, LeadSearchResult result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        var businesses = result.Businesses.ToDictionary(b => b.Id);
        var annotations = new AnnotationFields(result);
        var rows = result.DecisionMakers.Select(person =>
        {
            var (first, last) = CrmFields.SplitName(person.Name);
            var company = businesses.TryGetValue(person.BusinessId, out var business) ? business.Name : person.Company;
            return (IReadOnlyList<object?>)[first, last, person.Title, company, person.LinkedInUrl, annotations.Status(person.Id), annotations.Note(person.Id)];
        });
        return Csv.WriteAsync(stream, ContactsHeader, rows, cancellationToken);
    }
}
