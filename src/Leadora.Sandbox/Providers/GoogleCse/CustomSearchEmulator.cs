using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Leadora.Sandbox.Hosting;
using Leadora.Sandbox.Providers.Google;
using Leadora.Sandbox.World;
using Microsoft.AspNetCore.Http;

namespace Leadora.Sandbox.Providers.GoogleCse;

/// <summary>
/// The Google Custom Search JSON API under <c>/customsearch/v1</c>: <c>GET ?key&amp;cx&amp;q&amp;num&amp;start&amp;gl&amp;hl</c>
/// over the same people and market pages as Serper's <c>/search</c>. <c>num</c> is 1–10 and <c>start + num</c> at most
/// 101; <c>items</c> is absent when nothing matched. A <c>cx</c> starting with <c>blocked</c> gets the 403 a project
/// without access gets (the API is closed to new customers). Errors use Google's envelope with the <c>errors[]</c> array
/// Custom Search still sends; the daily quota is a 429 "Queries per day".
/// </summary>
internal sealed class CustomSearchEmulator : ProviderEmulator
{
    private const string Service = "customsearch.googleapis.com";
    private const string Template = "https://www.googleapis.com/customsearch/v1?q={searchTerms}&num={count?}&start={startIndex?}&lr={language?}&safe={safe?}&cx={cx?}&sort={sort?}&filter={filter?}&gl={gl?}&cr={cr?}&googlehost={googleHost?}&c2coff={disableCnTwTranslation?}&hq={hq?}&hl={hl?}&siteSearch={siteSearch?}&siteSearchFilter={siteSearchFilter?}&exactTerms={exactTerms?}&excludeTerms={excludeTerms?}&linkSite={linkSite?}&orTerms={orTerms?}&relatedSite={relatedSite?}&dateRestrict={dateRestrict?}&lowRange={lowRange?}&highRange={highRange?}&searchType={searchType}&fileType={fileType?}&rights={rights?}&imgSize={imgSize?}&imgType={imgType?}&imgColorType={imgColorType?}&imgDominantColor={imgDominantColor?}&alt=json";
    private const string InvalidArgument = "Request contains an invalid argument.";

    private readonly SyntheticWorld _world;

    public CustomSearchEmulator(SyntheticWorld world) => _world = world;

    public override string Provider => SandboxProviders.CustomSearch;

    public override string BasePath => "customsearch/v1";

    public override IEnumerable<SandboxEndpoint> Endpoints =>
    [
        new("GET", "/customsearch/v1", Search),
    ];

    public override SandboxResponse? Authenticate(SandboxCall call)
    {
        var key = call.Query("key");
        if (string.IsNullOrWhiteSpace(key))
        {
            return GoogleApi.Error(StatusCodes.Status403Forbidden, "PERMISSION_DENIED", GoogleApi.UnregisteredCaller, reason: "forbidden");
        }

        return GoogleApi.IsInvalidKey(key)
            ? GoogleApi.Error(StatusCodes.Status400BadRequest, "INVALID_ARGUMENT", GoogleApi.InvalidKey, new JsonArray(GoogleApi.ErrorInfo("API_KEY_INVALID", Service)), reason: "badRequest")
            : null;
    }

    public override SandboxResponse FaultResponse(SandboxFault fault, SandboxCall call) => fault.Kind switch
    {
        SandboxFaultKind.RateLimit => GoogleApi.Error(StatusCodes.Status429TooManyRequests, "RESOURCE_EXHAUSTED",
            $"Quota exceeded for quota metric 'Queries' and limit 'Queries per minute' of service '{Service}' for consumer 'project_number:{GoogleApi.ProjectNumber}'.",
            new JsonArray(GoogleApi.ErrorInfo("RATE_LIMIT_EXCEEDED", Service, ("quota_location", "global"), ("quota_metric", Service + "/requests"), ("quota_limit", "DefaultPerMinutePerProject"), ("quota_limit_value", "100"), ("consumer", "projects/" + GoogleApi.ProjectNumber))),
            reason: "rateLimitExceeded"),
        SandboxFaultKind.OutOfCredit => GoogleApi.Error(StatusCodes.Status429TooManyRequests, "RESOURCE_EXHAUSTED",
            $"Quota exceeded for quota metric 'Queries' and limit 'Queries per day' of service '{Service}' for consumer 'project_number:{GoogleApi.ProjectNumber}'.",
            new JsonArray(
                GoogleApi.ErrorInfo("RATE_LIMIT_EXCEEDED", Service, ("quota_location", "global"), ("quota_metric", Service + "/requests"), ("quota_limit", "DefaultPerDayPerProject"), ("quota_limit_value", "100"), ("consumer", "projects/" + GoogleApi.ProjectNumber)),
                GoogleApi.Help("Request a higher quota limit.", "https://cloud.google.com/docs/quota#requesting_higher_quota")),
            reason: "rateLimitExceeded"),
        SandboxFaultKind.ServiceUnavailable => GoogleApi.Error(StatusCodes.Status503ServiceUnavailable, "UNAVAILABLE", "The service is currently unavailable.", reason: "backendError"),
        SandboxFaultKind.Timeout => GoogleApi.Error(StatusCodes.Status504GatewayTimeout, "DEADLINE_EXCEEDED", "Deadline expired before operation could complete.", reason: "backendError"),
        _ => GoogleApi.Error(StatusCodes.Status500InternalServerError, "INTERNAL", "Internal error encountered.", reason: "backendError"),
    };

    private SandboxResponse Search(SandboxCall call)
    {
        var cx = call.Query("cx");
        var q = call.Query("q");
        if (string.IsNullOrWhiteSpace(cx) || string.IsNullOrWhiteSpace(q))
        {
            return GoogleApi.Error(StatusCodes.Status400BadRequest, "INVALID_ARGUMENT", InvalidArgument, reason: "badRequest");
        }

        if (cx.StartsWith("blocked", StringComparison.OrdinalIgnoreCase))
        {
            return GoogleApi.Error(StatusCodes.Status403Forbidden, "PERMISSION_DENIED", "This project does not have the access to Custom Search JSON API.", reason: "forbidden");
        }

        var num = Int(call.Query("num")) ?? 10;
        var start = Int(call.Query("start")) ?? 1;
        if (num is < 1 or > 10 || start < 1 || start + num > 101)
        {
            return GoogleApi.Error(StatusCodes.Status400BadRequest, "INVALID_ARGUMENT", InvalidArgument, reason: "badRequest");
        }

        var gl = (call.Query("gl") ?? "").Trim();
        var total = _world.CountWebResults(q, gl);
        var results = _world.SearchWebRange(q, gl, start - 1, num);
        var request = Page(q, cx, gl, total, results.Count > 0 ? results.Count : num, start);
        var queries = new JsonObject { ["request"] = new JsonArray(request) };
        if (start - 1 + results.Count < Math.Min(total, 100))
        {
            queries["nextPage"] = new JsonArray(Page(q, cx, gl, total, num, start + results.Count));
        }

        var body = new JsonObject
        {
            ["kind"] = "customsearch#search",
            ["url"] = new JsonObject { ["type"] = "application/json", ["template"] = Template },
            ["queries"] = queries,
        };
        if (results.Count > 0)
        {
            body["context"] = new JsonObject { ["title"] = "Leadora sandbox" };
        }

        body["searchInformation"] = new JsonObject
        {
            ["searchTime"] = 0.21,
            ["formattedSearchTime"] = "0.21",
            ["totalResults"] = total.ToString(CultureInfo.InvariantCulture),
            ["formattedTotalResults"] = total.ToString("N0", CultureInfo.InvariantCulture),
        };
        if (results.Count > 0)
        {
            body["items"] = new JsonArray(results.Select(r => (JsonNode?)Item(r)).ToArray());
        }

        return SandboxResponse.Json(StatusCodes.Status200OK, SandboxJson.Labelled(body), indented: true);
    }

    private static JsonObject Page(string q, string cx, string gl, int total, int count, int start)
    {
        var page = new JsonObject
        {
            ["title"] = "Google Custom Search - " + q,
            ["totalResults"] = total.ToString(CultureInfo.InvariantCulture),
            ["searchTerms"] = q,
            ["count"] = count,
            ["startIndex"] = start,
            ["inputEncoding"] = "utf8",
            ["outputEncoding"] = "utf8",
            ["safe"] = "off",
            ["cx"] = cx,
        };
        if (gl.Length > 0)
        {
            page["gl"] = gl;
        }

        return page;
    }

    private static JsonObject Item(OrganicResult result)
    {
        var uri = new Uri(result.Link);
        return new JsonObject
        {
            ["kind"] = "customsearch#result",
            ["title"] = result.Title,
            ["htmlTitle"] = WebUtility.HtmlEncode(result.Title),
            ["link"] = result.Link,
            ["displayLink"] = uri.Host,
            ["snippet"] = result.Snippet,
            ["htmlSnippet"] = WebUtility.HtmlEncode(result.Snippet),
            ["formattedUrl"] = result.Link,
            ["htmlFormattedUrl"] = result.Link,
        };
    }

    private static int? Int(string? value) =>
        int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) ? number : null;
}
