using Microsoft.AspNetCore.Mvc;

namespace Leadora.Web.Pages.Searches;

/// <summary>The market report: TAM/SAM/SOM as a chart, competitors, trends and opportunities, each with its retrieved sources.</summary>
internal sealed class MarketModel(ILeadPipeline pipeline) : SearchPageModel(pipeline)
{
    /// <summary>Source URL → its 1-based number in the report's source list.</summary>
    public IReadOnlyDictionary<string, int> SourceNumbers { get; private set; } = new Dictionary<string, int>();

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        var numbers = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var source in Result.Market?.Sources ?? [])
        {
            numbers.TryAdd(source.Url, numbers.Count + 1);
        }

        SourceNumbers = numbers;
        return Page();
    }
}
