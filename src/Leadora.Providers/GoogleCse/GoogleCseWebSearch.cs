using System.Net.Http.Headers;
using Leadora.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Leadora.Providers;

/// <summary>
/// Web search through the Google Custom Search JSON API: <c>GET {BaseUrl}?key&amp;cx&amp;q&amp;num&amp;start&amp;gl&amp;hl</c>
/// (at most 10 results a call and 100 a query). <c>items</c> is absent when nothing matched. A CSE that is blocked
/// (HTTP 403: the API is not enabled for the project, closed to new customers, or the key is restricted) or whose daily
/// quota is used up answers an empty page and a search warning instead of failing: the API is closed to new customers
/// and shuts down on 2027-01-01, so many keys will end up there.
/// </summary>
internal sealed partial class GoogleCseWebSearch : IWebSearch
{
    /// <summary>Provider name used in results, exceptions and the usage ledger.</summary>
    public const string Provider = "google_cse";

    /// <summary>Name of the HttpClient every call goes through.</summary>
    public const string HttpClientName = "Leadora.GoogleCse";

    /// <summary>Operation name used in exceptions and logs.</summary>
    public const string Operation = "search";

    /// <summary>Most results one call returns.</summary>
    public const int MaxResultsPerPage = 10;

    /// <summary>Most results the API returns for one query.</summary>
    public const int MaxResults = 100;

    /// <summary>Search-warning code for a blocked or exhausted CSE.</summary>
    public const string UnavailableWarningCode = "web_search_unavailable";

    /// <summary>Google's error answers.</summary>
    public static readonly ProviderErrorRules Rules = new GoogleErrorRules(Provider);

    private readonly GoogleCseOptions settings;
    private readonly ProviderHttp http;
    private readonly SearchWarnings? warnings;

    public GoogleCseWebSearch(IHttpClientFactory httpClientFactory, IOptions<GoogleCseOptions> options, TimeProvider timeProvider, ILoggerFactory loggerFactory, SearchWarnings? warnings = null)
    {
        settings = options.Value;
        http = new ProviderHttp(httpClientFactory, HttpClientName, Rules, () => settings.ApiKey, timeProvider, loggerFactory.CreateLogger("Leadora.Providers.GoogleCse"));
        this.warnings = warnings;
    }

    public async Task<WebSearchPage> SearchAsync(WebSearchQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentException.ThrowIfNullOrWhiteSpace(query.Text, nameof(query));
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Page, 1, nameof(query));
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Count, 1, nameof(query));
        var country = PlacesText.CountryOf(query.Country, nameof(query));

        var num = Math.Min(query.Count, MaxResultsPerPage);
        var start = ((query.Page - 1) * num) + 1;
        if (start + num - 1 > MaxResults)
        {
            return new WebSearchPage([], Provider);
        }

        var url = settings.BaseUrl.TrimEnd('/') + QueryString.Of(
            ("key", settings.ApiKey),
            ("cx", settings.Cx),
            ("q", query.Text.Trim()),
            ("num", num.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("start", start.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("gl", country.Code.ToLowerInvariant()),
            ("hl", query.Language ?? settings.Language));
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url, UriKind.Absolute));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        CseResponse answer;
        try
        {
            var reply = await http.SendAsync(request, Operation, cancellationToken).ConfigureAwait(false);
            answer = http.Parse(reply, CseJsonContext.Default.CseResponse, Operation);
        }
        catch (ProviderException exception) when (exception.StatusCode == 403 || exception.Kind == ProviderErrorKind.OutOfCredit)
        {
            var why = exception.Kind == ProviderErrorKind.OutOfCredit ? "its quota is used up" : "it is blocked for this key or project";
            LogUnavailable(http.Logger, why);
            if (warnings is not null)
            {
                await warnings.AddAsync(
                    UnavailableWarningCode,
                    $"Google Custom Search returned no results because {why} (HTTP {exception.StatusCode}). The Custom Search JSON API is closed to new customers and shuts down on 2027-01-01.",
                    Provider,
                    CancellationToken.None).ConfigureAwait(false);
            }

            return new WebSearchPage([], Provider);
        }

        var rows = answer.Items ?? [];
        var results = new List<WebResult>(rows.Count);
        for (var index = 0; index < rows.Count; index++)
        {
            if (rows[index] is { Title: { } title, Link: { } link } row)
            {
                results.Add(new WebResult(title, link, row.Snippet, start + index));
            }
        }

        if (results.Count < rows.Count)
        {
            ProviderLog.RowsSkipped(http.Logger, Provider, Operation, rows.Count - results.Count);
        }

        ProviderLog.SearchCompleted(http.Logger, Provider, Operation, results.Count, country.Code, query.Page);
        return new WebSearchPage(results, Provider);
    }

    [LoggerMessage(EventId = 30, Level = LogLevel.Warning, Message = "Google Custom Search answered no results because {Why}; the API is closed to new customers and shuts down on 2027-01-01")]
    private static partial void LogUnavailable(ILogger logger, string why);
}
