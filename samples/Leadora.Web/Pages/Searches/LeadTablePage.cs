using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Leadora.Web.Api;
using Leadora.Web.Hosting;
using Leadora.Web.Security;
using Microsoft.AspNetCore.Mvc;

namespace Leadora.Web.Pages.Searches;

/// <summary>A column of a lead table: its key (in the column cookie), header, sort field and whether it shows by default.</summary>
/// <param name="Key">Stable key.</param>
/// <param name="Label">Header text.</param>
/// <param name="Sort">The <c>sort</c> field it sorts by, or <see langword="null"/>.</param>
/// <param name="Default">Shown when the user has not chosen columns.</param>
/// <param name="Fixed">Always shown (the lead's name).</param>
internal sealed record LeadColumn(string Key, string Label, string? Sort, bool Default = true, bool Fixed = false);

/// <summary>A sortable column header of a lead table.</summary>
/// <param name="Table">The page.</param>
/// <param name="Column">The column.</param>
internal sealed record SortHeaderView(LeadTablePageModel Table, LeadColumn Column);

/// <summary>The status-and-note form of one lead.</summary>
/// <param name="Table">The page.</param>
/// <param name="LeadId">The business or decision maker.</param>
/// <param name="Status">Its status.</param>
/// <param name="Note">Its note.</param>
/// <param name="Name">Its name, for the labels.</param>
internal sealed record AnnotateView(LeadTablePageModel Table, Guid LeadId, LeadStatus Status, string? Note, string Name);

/// <summary>An export of selected rows: the button's value, its label and the export it writes.</summary>
/// <param name="Value">Button value.</param>
/// <param name="Label">Button text.</param>
/// <param name="Kind">The export.</param>
internal sealed record SelectionExport(string Value, string Label, ExportKind Kind);

/// <summary>
/// A results table of a search (businesses or decision makers): filters, sort and page as GET query parameters (the
/// API's names, so a filtered view is a URL), columns remembered per user in a cookie, a selection of rows (ticked, or
/// all that match) exported as CSV, HubSpot or Salesforce, and a status and note per lead posted as a form (site.js
/// sends the same form with fetch). One read of the search serves the header and the page.
/// </summary>
internal abstract class LeadTablePageModel(ILeadPipeline pipeline, LeadTables tables, WebHostOptions options) : SearchPageModel(pipeline)
{
    /// <summary>Rows-per-page choices.</summary>
    public static IReadOnlyList<int> PageSizes { get; } = [25, 50, 100, 200];

    /// <summary>Fit bands of the filter (the <c>fit</c> parameter): label and the minFit/maxFit they stand for.</summary>
    public static IReadOnlyList<(string Value, string Label, double Min, double Max)> FitBands { get; } =
    [
        ("strong", "Strong fit (0.70 and up)", 0.7, 1),
        ("possible", "Possible fit (0.40–0.69)", 0.4, 0.6999),
        ("weak", "Weak fit (below 0.40)", 0, 0.3999),
    ];

    /// <summary>Which table.</summary>
    public abstract LeadTable Table { get; }

    /// <summary>The table's columns, in order.</summary>
    public abstract IReadOnlyList<LeadColumn> AllColumns { get; }

    /// <summary>The exports of a selection of this table's rows.</summary>
    public abstract IReadOnlyList<SelectionExport> Exports { get; }

    /// <summary>The path of the table page, for example <c>/searches/{id}/businesses</c>.</summary>
    public string TablePath => $"/searches/{RouteData.Values["id"]}/{(Table == LeadTable.Businesses ? "businesses" : "decision-makers")}";

    /// <summary>The filters, sort and page asked for (defaults when the query string is bad).</summary>
    public LeadQuery Query { get; private set; } = new();

    /// <summary>Problems with the query string or the posted form, shown above the table.</summary>
    public IReadOnlyList<ValidationProblem> Problems { get; private set; } = [];

    /// <summary>The visible columns' keys.</summary>
    public IReadOnlySet<string> Columns { get; private set; } = new HashSet<string>();

    /// <summary>Rows that match the filters, on every page.</summary>
    public int Total { get; protected set; }

    /// <summary>Rows on this page.</summary>
    public int Shown { get; protected set; }

    /// <summary>Pages of rows (at least one).</summary>
    public int PageCount => Math.Max(1, (int)Math.Ceiling(Total / (double)Query.PageSize));

    /// <summary>Whether any filter (not sort or page) is set.</summary>
    public bool Filtered => Query with { Sort = null, Descending = false, Page = 1, PageSize = LeadQuery.DefaultPageSize } != new LeadQuery();

    /// <summary>A query value as asked for (to refill the filter form).</summary>
    public string Value(string name) => Request.Query[name].ToString();

    /// <summary>The current URL (path and query) with some parameters replaced or removed (a <see langword="null"/> value removes it).</summary>
    public string Link(params (string Name, string? Value)[] changes)
    {
        var values = Request.Query
            .Where(p => p.Key != "handler" && !changes.Any(c => string.Equals(c.Name, p.Key, StringComparison.OrdinalIgnoreCase)))
            .SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string?>(p.Key, v)))
            .Where(p => !string.IsNullOrEmpty(p.Value))
            .Concat(changes.Where(c => c.Value is not null).Select(c => new KeyValuePair<string, string?>(c.Name, c.Value)));
        return TablePath + QueryString.Create(values).ToUriComponent();
    }

    /// <summary>The URL a form posts to: the page handler, with the current filters, sort and page kept in the query string.</summary>
    public string HandlerUrl(string handler)
    {
        var query = Link()[TablePath.Length..];
        return TablePath + "?handler=" + handler + (query.Length > 1 ? "&" + query[1..] : "");
    }

    /// <summary>Link that sorts by <paramref name="field"/>: ascending first, then descending (scores and ratings start descending).</summary>
    public string SortLink(string field)
    {
        var startsDescending = field is "matchScore" or "fitScore" or "rating" or "ratingCount" or "decisionMakers";
        var descending = Query.Sort == field ? !Query.Descending : startsDescending;
        return Link(("sort", (descending ? "-" : "") + field), ("page", null));
    }

    /// <summary>The <c>aria-sort</c> of a column.</summary>
    public string AriaSort(string? field) => field is not null && Query.Sort == field ? (Query.Descending ? "descending" : "ascending") : "none";

    /// <summary>The current URL, to come back to after a post.</summary>
    public string ReturnUrl => Link();

    /// <summary>Message after an export that could not run.</summary>
    public string? ExportProblem { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        Read();
        if (Problems.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return Page();
    }

    /// <summary>Sets a lead's status and note; answers JSON to site.js (<c>X-Requested-With: fetch</c>), else redirects back.</summary>
    public async Task<IActionResult> OnPostAnnotateAsync(Guid id, Guid leadId, string? status, string? note, CancellationToken cancellationToken)
    {
        var parsed = LeadQuery.ParseStatus(status);
        var fetch = Request.Headers["X-Requested-With"] == "fetch";
        if (parsed is null || note?.Trim().Length > LeadAnnotation.MaxNoteLength)
        {
            var problem = parsed is null
                ? new ValidationProblem("status", $"'{status}' is not a lead status; use new, contacted, qualified or rejected.")
                : new ValidationProblem("note", $"must be at most {LeadAnnotation.MaxNoteLength} characters.");
            if (fetch)
            {
                return BadRequest(new { error = problem.Field + " " + problem.Message });
            }

            if (!await LoadAsync(id, cancellationToken))
            {
                return NotFound();
            }

            Read();
            Problems = [problem];
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        if (await tables.AnnotateAsync(User.UserId(), id, leadId, parsed.Value, note, cancellationToken) is not { } saved)
        {
            return NotFound();
        }

        return fetch
            ? new JsonResult(new { status = Ui.Token(saved.Status), note = saved.Note, updatedAt = saved.UpdatedAt })
            : Redirect(Link() + "#lead-" + leadId.ToString("N"));
    }

    /// <summary>Exports the ticked rows, or every row that matches the filters, as the button asked.</summary>
    public async Task<IActionResult> OnPostExportAsync(Guid id, string? export, List<Guid> ids, bool all, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        Read();
        var chosen = Exports.FirstOrDefault(e => e.Value == export);
        IReadOnlyCollection<Guid> selected = all ? AllMatchingIds() : ids.Distinct().ToList();
        if (chosen is null || Problems.Count > 0 || selected.Count == 0)
        {
            ExportProblem = chosen is null ? "Choose one of the export buttons."
                : Problems.Count > 0 ? "Fix the filters first."
                : "Nothing to export: tick some rows, or choose all that match the filters.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var selection = LeadTables.Select(Result, WithPeople(selected));
        var buffer = new MemoryStream();
        await chosen.Kind.WriteAsync(buffer, selection.Result, options.LeadSource, cancellationToken);
        return File(buffer.ToArray(), chosen.Kind.ContentType, chosen.Kind.FileName(id).Replace(".csv", $"-{selected.Count}-selected.csv", StringComparison.Ordinal));
    }

    /// <summary>Remembers the chosen columns for this user and table (a year-long cookie) and goes back.</summary>
    public IActionResult OnPostColumns(List<string> columns)
    {
        var known = AllColumns.Where(c => !c.Fixed && columns.Contains(c.Key)).Select(c => c.Key);
        Response.Cookies.Append(ColumnCookie(), string.Join('.', known), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = Request.IsHttps,
            MaxAge = TimeSpan.FromDays(365),
            Path = "/",
            IsEssential = true,
        });
        return Redirect(Link());
    }

    /// <summary>The ids an export of <paramref name="ids"/> covers: the rows themselves, and for businesses their decision makers too (a Salesforce lead is a person).</summary>
    protected virtual IReadOnlyCollection<Guid> WithPeople(IReadOnlyCollection<Guid> ids) => ids;

    /// <summary>The table data of the loaded search (the page already read the whole result for its header).</summary>
    protected LeadTableData Data => _data ??= new LeadTableData(
        Result.BusinessPersonas, Result.DecisionMakerPersonas, [.. Result.Businesses, .. Result.ExcludedBusinesses], Result.DecisionMakers, Result.Annotations, Result.Warnings);

    private LeadTableData? _data;

    /// <summary>The rows of the current page.</summary>
    protected abstract void LoadRows();

    /// <summary>The ids of every row that matches the filters, on every page.</summary>
    protected abstract IReadOnlyCollection<Guid> AllMatchingIds();

    private void Read()
    {
        var values = Request.Query.Where(p => p.Key != "handler").ToDictionary(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase);
        if (values.TryGetValue("fit", out var band) && band.ToString() is { Length: > 0 } bandName)
        {
            if (FitBands.FirstOrDefault(b => b.Value == bandName) is { Value: not null } known)
            {
                values["minFit"] = known.Min.ToString(CultureInfo.InvariantCulture);
                values["maxFit"] = known.Max.ToString(CultureInfo.InvariantCulture);
            }
            else
            {
                Problems = [new ValidationProblem("fit", $"'{bandName}' is not a fit band; use strong, possible or weak.")];
            }
        }

        var (query, problems) = LeadQuery.Parse(new QueryCollection(values), Table);
        Query = query ?? new LeadQuery();
        Problems = [.. Problems, .. problems];
        Columns = ChosenColumns();
        LoadRows();
    }

    private HashSet<string> ChosenColumns()
    {
        var chosen = Request.Cookies[ColumnCookie()] is { } cookie ? cookie.Split('.', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal) : null;
        return AllColumns.Where(c => c.Fixed || (chosen?.Contains(c.Key) ?? c.Default)).Select(c => c.Key).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The column cookie of this table and user: the name carries a hash of the user id, so users sharing a browser keep their own.</summary>
    private string ColumnCookie() =>
        $"leadora_columns_{(Table == LeadTable.Businesses ? "b" : "dm")}_{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(User.UserId())))[..12]}";
}
