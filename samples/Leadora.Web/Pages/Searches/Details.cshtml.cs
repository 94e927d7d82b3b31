using Leadora.Web.Security;
using Microsoft.AspNetCore.Mvc;

namespace Leadora.Web.Pages.Searches;

/// <summary>
/// A search: live progress per phase (Server-Sent Events), persona cards, businesses and decision makers with filters,
/// warnings and usage. <c>?handler=Fragment</c> renders the results part alone, which the page's script swaps in as
/// results land, so the page never reloads.
/// </summary>
internal sealed class DetailsModel(ILeadPipeline pipeline) : SearchPageModel(pipeline)
{
    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnGetFragmentAsync(Guid id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Partial("_Results", this) : NotFound();

    public async Task<IActionResult> OnPostCancelAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        await Pipeline.CancelAsync(User.UserId(), id, cancellationToken);
        return Redirect($"/searches/{id}");
    }
}
