using Leadora.Web.Security;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Leadora.Web.Pages.Searches;

/// <summary>What the search pages share: the caller's search and lookups over its results.</summary>
internal abstract class SearchPageModel(ILeadPipeline pipeline) : PageModel
{
    /// <summary>Everything the search has produced so far.</summary>
    public LeadSearchResult Result { get; private set; } = null!;

    /// <summary>Business personas by id.</summary>
    public IReadOnlyDictionary<Guid, BusinessPersona> BusinessPersonas { get; private set; } = new Dictionary<Guid, BusinessPersona>();

    /// <summary>Decision-maker personas by id.</summary>
    public IReadOnlyDictionary<Guid, DecisionMakerPersona> DecisionMakerPersonas { get; private set; } = new Dictionary<Guid, DecisionMakerPersona>();

    /// <summary>Businesses by id.</summary>
    public IReadOnlyDictionary<Guid, Business> Businesses { get; private set; } = new Dictionary<Guid, Business>();

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
        BusinessPersonas = result.BusinessPersonas.ToDictionary(p => p.Id);
        DecisionMakerPersonas = result.DecisionMakerPersonas.ToDictionary(p => p.Id);
        Businesses = result.Businesses.ToDictionary(b => b.Id);
        return true;
    }
}

/// <summary>The header both search pages show.</summary>
/// <param name="Result">The search.</param>
/// <param name="Tab">overview or market.</param>
internal sealed record SearchHeaderView(LeadSearchResult Result, string Tab);
