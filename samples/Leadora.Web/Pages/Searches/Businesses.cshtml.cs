using Leadora.Web.Api;
using Leadora.Web.Hosting;

namespace Leadora.Web.Pages.Searches;

/// <summary>The businesses of a search as a table to work: filter, sort, page, select, export, status and note.</summary>
internal sealed class BusinessesModel(ILeadPipeline pipeline, LeadTables tables, WebHostOptions options) : LeadTablePageModel(pipeline, tables, options)
{
    private static readonly LeadColumn[] Definitions =
    [
        new("business", "Business", "name", Fixed: true),
        new("status", "Status and note", "status"),
        new("location", "Location", "country"),
        new("category", "Category", "category"),
        new("phone", "Phone", null),
        new("rating", "Rating", "rating", Default: false),
        new("persona", "Persona match", "matchScore"),
        new("fit", "Fit", "fitScore"),
        new("people", "People", "decisionMakers", Default: false),
        new("source", "Found by", "foundAt"),
    ];

    private static readonly SelectionExport[] SelectionExports =
    [
        new("csv", "CSV", new ExportKind("csv", null)),
        new("hubspot", "HubSpot companies", new ExportKind("hubspot", "companies")),
        new("salesforce", "Salesforce leads", new ExportKind("salesforce", null)),
    ];

    public override LeadTable Table => LeadTable.Businesses;

    public override IReadOnlyList<LeadColumn> AllColumns => Definitions;

    public override IReadOnlyList<SelectionExport> Exports => SelectionExports;

    /// <summary>The page of rows.</summary>
    public LeadPage<BusinessRow> Rows { get; private set; } = new([], 0, 1, LeadQuery.DefaultPageSize);

    protected override void LoadRows()
    {
        Rows = LeadTables.Businesses(Data, Query);
        (Total, Shown) = (Rows.Total, Rows.Items.Count);
    }

    protected override IReadOnlyCollection<Guid> WithPeople(IReadOnlyCollection<Guid> ids)
    {
        var chosen = ids.ToHashSet();
        return [.. chosen, .. Result.DecisionMakers.Where(p => chosen.Contains(p.BusinessId)).Select(p => p.Id)];
    }

    protected override IReadOnlyCollection<Guid> AllMatchingIds() =>
        LeadTables.Businesses(Data, Query with { Page = 1, PageSize = int.MaxValue }).Items.Select(r => r.Business.Id).ToList();
}
