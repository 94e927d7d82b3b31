using Leadora.Web.Security;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Leadora.Web.Pages.Searches;

/// <summary>What the search pages share: the caller's search with everything it has produced.</summary>
internal abstract class SearchPageModel(ILeadPipeline pipeline) : PageModel
{
    /// <summary>Everything the search has produced so far.</summary>
    public LeadSearchResult Result { get; private set; } = null!;

    /// <summary>The pipeline.</summary>
    protected ILeadPipeline Pipeline { get; } = pipeline;

    /// <summary>Loads search <paramref name="id"/> of the caller; <see langword="false"/> when the caller has no such search.</summary>
    protected async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await Pipeline.GetResultAsync(User.UserId(), id, cancellationToken) is not { } result)
        {
            return false;
        }

        Result = result;
        return true;
    }
}

/// <summary>The header both search pages show.</summary>
/// <param name="Result">The search.</param>
/// <param name="Tab">overview, businesses, decision-makers or market.</param>
internal sealed record SearchHeaderView(LeadSearchResult Result, string Tab);
