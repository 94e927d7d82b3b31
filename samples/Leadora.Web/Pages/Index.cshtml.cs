using Leadora.Web.Security;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Leadora.Web.Pages;

/// <summary>The signed-in user's searches, newest first.</summary>
internal sealed class IndexModel(SearchReader reader) : PageModel
{
    /// <summary>Searches per page.</summary>
    public const int PageSize = 20;

    /// <summary>1-based page.</summary>
    public int PageNumber { get; private set; } = 1;

    /// <summary>The page of searches.</summary>
    public IReadOnlyList<LeadSearch> Searches { get; private set; } = [];

    /// <summary>Whether an older page exists.</summary>
    public bool HasMore { get; private set; }

    public async Task OnGetAsync(int? page, CancellationToken cancellationToken)
    {
        PageNumber = Math.Clamp(page ?? 1, 1, 100_000);
        var searches = await reader.ListSearchesAsync(User.UserId(), (PageNumber - 1) * PageSize, PageSize + 1, cancellationToken);
        Searches = searches.Take(PageSize).ToList();
        HasMore = searches.Count > PageSize;
    }
}
