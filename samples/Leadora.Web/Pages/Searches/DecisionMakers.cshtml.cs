using Leadora.Web.Api;
using Leadora.Web.Hosting;

namespace Leadora.Web.Pages.Searches;

/// <summary>The decision makers of a search as a table to work: filter, sort, page, select, export, status and note.</summary>
internal sealed class DecisionMakersModel(ILeadPipeline pipeline, LeadTables tables, WebHostOptions options) : LeadTablePageModel(pipeline, tables, options)
{
    private static readonly LeadColumn[] Definitions =
    [
        new("person", "Name", "name", Fixed: true),
        new("status", "Status and note", "status"),
        new("title", "Title", "title"),
        new("company", "Company", "company"),
        new("location", "Location", "country"),
        new("persona", "Persona match", "matchScore"),
        new("fit", "Company fit", "fitScore", Default: false),
        new("source", "Found by", "foundAt"),
    ];

    private static readonly SelectionExport[] SelectionExports =
    [
        new("csv", "CSV", new ExportKind("csv", null)),
        new("hubspot", "HubSpot contacts", new ExportKind("hubspot", "contacts")),
        new("salesforce", "Salesforce leads", new ExportKind("salesforce", null)),
    ];

    public override LeadTable Table => LeadTable.DecisionMakers;

    public override IReadOnlyList<LeadColumn> AllColumns => Definitions;

    public override IReadOnlyList<SelectionExport> Exports => SelectionExports;

    /// <summary>The page of rows.</summary>
    public LeadPage<DecisionMakerRow> Rows { get; private set; } = new([], 0, 1, LeadQuery.DefaultPageSize);

    protected override void LoadRows()
    {
        Rows = LeadTables.DecisionMakers(Data, Query);
        (Total, Shown) = (Rows.Total, Rows.Items.Count);
    }

    protected override IReadOnlyCollection<Guid> AllMatchingIds() =>
        LeadTables.DecisionMakers(Data, Query with { Page = 1, PageSize = int.MaxValue }).Items.Select(r => r.DecisionMaker.Id).ToList();
}
