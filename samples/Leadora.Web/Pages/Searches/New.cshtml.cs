using Leadora.Web.Api;
using Leadora.Web.Hosting;
using Leadora.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Leadora.Web.Pages.Searches;

/// <summary>The new-search form: the API's rules and field names, shown next to each field.</summary>
[EnableRateLimiting(RateLimits.SearchCreation)]
internal sealed class NewModel(ILeadPipeline pipeline, IOptions<LeadoraOptions> leadora) : PageModel
{
    /// <summary>customer or supplier.</summary>
    [BindProperty]
    public string SearchType { get; set; } = "customer";

    /// <summary>The product or service.</summary>
    [BindProperty]
    public string? ProductService { get; set; }

    /// <summary>Comma-separated industries.</summary>
    [BindProperty]
    public string? Industries { get; set; }

    /// <summary>Comma-separated countries.</summary>
    [BindProperty]
    public string? Countries { get; set; }

    /// <summary>Business personas to write.</summary>
    [BindProperty]
    public string? BusinessPersonas { get; set; }

    /// <summary>Decision-maker personas to write.</summary>
    [BindProperty]
    public string? DecisionMakerPersonas { get; set; }

    /// <summary>Businesses per persona and country.</summary>
    [BindProperty]
    public string? BusinessesPerPersona { get; set; }

    /// <summary>Decision makers per business.</summary>
    [BindProperty]
    public string? DecisionMakersPerBusiness { get; set; }

    /// <summary>Problems by field.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    /// <summary>Default limits.</summary>
    public SearchLimits Defaults => leadora.Value.Pipeline.DefaultLimits;

    /// <summary>The first problem of a field, or <see langword="null"/>.</summary>
    public string? ErrorFor(string field) => Errors.TryGetValue(field, out var messages) ? messages[0] : null;

    /// <summary>The search whose settings prefill the form (<c>?from=</c>), when it is the caller's.</summary>
    public LeadSearch? From { get; private set; }

    /// <summary>Prefills the form with an example (<c>?example=1</c>) or with the settings of one of the caller's searches (<c>?from={id}</c>).</summary>
    public async Task OnGetAsync(bool example, Guid? from, CancellationToken cancellationToken)
    {
        if (from is { } id && await pipeline.GetResultAsync(User.UserId(), id, cancellationToken) is { } previous)
        {
            var search = previous.Search;
            From = search;
            SearchType = Ui.Token(search.SearchType);
            ProductService = search.ProductService;
            Industries = string.Join(", ", search.Industries);
            Countries = string.Join(", ", search.Countries.Select(Ui.Country));
            BusinessPersonas = Number(search.Limits.BusinessPersonas);
            DecisionMakerPersonas = Number(search.Limits.DecisionMakerPersonas);
            BusinessesPerPersona = Number(search.Limits.BusinessesPerPersona);
            DecisionMakersPerBusiness = Number(search.Limits.DecisionMakersPerBusiness);
        }
        else if (example)
        {
            ProductService = "Industrial water-treatment chemicals (corrosion and scale inhibitors, biocides) for cooling towers and process water";
            Industries = "Petrochemicals, Power generation";
            Countries = "Saudi Arabia, United Arab Emirates";
        }
    }

    private static string Number(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var limits = new Dictionary<string, string?>
        {
            ["businessPersonas"] = BusinessPersonas,
            ["decisionMakerPersonas"] = DecisionMakerPersonas,
            ["businessesPerPersona"] = BusinessesPerPersona,
            ["decisionMakersPerBusiness"] = DecisionMakersPerBusiness,
        };
        var (request, problems) = SearchRequestReader.FromForm(SearchType, ProductService, Industries, Countries, limits, Defaults);
        if (problems.Count == 0)
        {
            try
            {
                var search = await pipeline.StartAsync(User.UserId(), request, cancellationToken);
                return Redirect($"/searches/{search.Id}");
            }
            catch (LeadSearchValidationException ex)
            {
                problems = ex.Problems;
            }
        }

        Errors = Problems.ToErrors(problems);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
