using Leadora.Exports;

namespace Leadora.Web.Api;

/// <summary>An export file: JSON document, leads CSV, HubSpot companies or contacts, or Salesforce leads.</summary>
/// <param name="Format">The <c>format</c> query value.</param>
/// <param name="Object">The HubSpot <c>object</c> (companies or contacts), for HubSpot only.</param>
internal sealed record ExportKind(string Format, string? Object)
{
    /// <summary>The export formats, as the <c>format</c> query parameter names them.</summary>
    public static IReadOnlyList<string> Formats { get; } = ["json", "csv", "hubspot", "salesforce"];

    /// <summary>Every export, in the order the UI shows its buttons, with the button label.</summary>
    public static IReadOnlyList<(ExportKind Kind, string Label)> All { get; } =
    [
        (new("json", null), "JSON"),
        (new("csv", null), "CSV"),
        (new("hubspot", "companies"), "HubSpot companies"),
        (new("hubspot", "contacts"), "HubSpot contacts"),
        (new("salesforce", null), "Salesforce leads"),
    ];

    /// <summary>The query string that asks for this export.</summary>
    public string Query => Object is null ? $"format={Format}" : $"format={Format}&object={Object}";

    /// <summary>Content type of the file.</summary>
    public string ContentType => Format == "json" ? "application/json; charset=utf-8" : "text/csv; charset=utf-8";

    /// <summary>Parses the query parameters, naming each bad one.</summary>
    public static (ExportKind? Kind, IReadOnlyList<ValidationProblem> Problems) Parse(string? format, string? @object)
    {
        var problems = new List<ValidationProblem>();
        var normalized = string.IsNullOrWhiteSpace(format) ? "json" : format.Trim().ToLowerInvariant();
        if (!Formats.Contains(normalized))
        {
            problems.Add(new("format", $"'{Truncate(format!)}' is not an export format; use json, csv, hubspot or salesforce."));
        }

        var target = string.IsNullOrWhiteSpace(@object) ? null : @object.Trim().ToLowerInvariant();
        if (normalized == "hubspot")
        {
            target ??= "companies";
            if (target is not ("companies" or "contacts"))
            {
                problems.Add(new("object", $"'{Truncate(@object!)}' is not a HubSpot object; use companies or contacts."));
            }
        }
        else if (target is not null)
        {
            problems.Add(new("object", "applies only to format=hubspot."));
        }

        return problems.Count > 0 ? (null, problems) : (new ExportKind(normalized, target), problems);
    }

    /// <summary>The download's file name.</summary>
    public string FileName(Guid searchId)
    {
        var suffix = Format switch
        {
            "hubspot" => $"hubspot-{Object}",
            "csv" => "leads",
            _ => Format,
        };
        return $"leadora-{searchId.ToString("N")[..8]}-{suffix}.{(Format == "json" ? "json" : "csv")}";
    }

    /// <summary>Writes the export of <paramref name="result"/>.</summary>
    public async Task WriteAsync(Stream stream, LeadSearchResult result, string leadSource, CancellationToken cancellationToken)
    {
        switch (Format, Object)
        {
            case ("json", _):
                await System.Text.Json.JsonSerializer.SerializeAsync(stream, LeadSearchDocument.From(result), LeadSearchDocument.JsonOptions, cancellationToken);
                break;
            case ("csv", _):
                await LeadsCsv.WriteAsync(stream, result, cancellationToken);
                break;
            case ("hubspot", "contacts"):
                await HubSpotCsv.WriteContactsAsync(stream, result, cancellationToken);
                break;
            case ("hubspot", _):
                await HubSpotCsv.WriteCompaniesAsync(stream, result, cancellationToken);
                break;
            default:
                await SalesforceCsv.WriteLeadsAsync(stream, result, leadSource, cancellationToken);
                break;
        }
    }

    private static string Truncate(string text) => text.Length <= 30 ? text : text[..30] + "…";
}
