using Leadora.Ports;

namespace Leadora.Providers;

/// <summary>Web search through Serper's <c>POST /search</c> (Google organic results).</summary>
internal sealed class SerperWebSearch(SerperClient serper) : IWebSearch
{
    /// <summary>Operation name used in exceptions and logs.</summary>
    public const string Operation = "search";

    /// <summary>Most results asked for in one call (one Serper credit).</summary>
    public const int MaxResultsPerPage = 10;

    public async Task<WebSearchPage> SearchAsync(WebSearchQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentException.ThrowIfNullOrWhiteSpace(query.Text, nameof(query));
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Page, 1, nameof(query));
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Count, 1, nameof(query));
        var country = SerperClient.CountryOf(query.Country, nameof(query));

        var body = new SerperSearchRequest(
            Q: query.Text.Trim(),
            Gl: country.Code.ToLowerInvariant(),
            Hl: query.Language ?? serper.Options.Language,
            Num: Math.Min(query.Count, MaxResultsPerPage),
            Page: query.Page);
        var answer = await serper.PostAsync("search", Operation, body, SerperJsonContext.Default.SerperSearchRequest, SerperJsonContext.Default.SerperSearchResponse, cancellationToken).ConfigureAwait(false);

        var rows = answer.Organic ?? [];
        var results = new List<WebResult>(rows.Count);
        for (var index = 0; index < rows.Count; index++)
        {
            if (rows[index] is { Title: { } title, Link: { } link } row)
            {
                results.Add(new WebResult(title, link, row.Snippet, row.Position ?? ((query.Page - 1) * body.Num) + index + 1));
            }
        }

        if (results.Count < rows.Count)
        {
            ProviderLog.RowsSkipped(serper.Logger, SerperClient.Provider, Operation, rows.Count - results.Count);
        }

        ProviderLog.SearchCompleted(serper.Logger, SerperClient.Provider, Operation, results.Count, country.Code, query.Page);
        return new WebSearchPage(results, SerperClient.Provider);
    }
}
