using System.Text.Json;
using Leadora.Ports;

namespace Leadora.Providers;

/// <summary>
/// Error answers of the legacy Places web service, which reports errors with HTTP 200 and a <c>status</c>:
/// <list type="bullet">
/// <item><c>OVER_QUERY_LIMIT</c>: a rate limit (retried with backoff), or out of credit when the message says the daily
/// quota is used up;</item>
/// <item><c>REQUEST_DENIED</c>: unauthorized (bad key, API not enabled — new projects can no longer enable it), or out of
/// credit when billing is not enabled;</item>
/// <item><c>INVALID_REQUEST</c>: rejected, except on a <c>pagetoken</c> request, where it means the token is not valid
/// yet (Google activates it a couple of seconds after issuing it), which is retried after 2 s;</item>
/// <item><c>UNKNOWN_ERROR</c>: transient. <c>OK</c>, <c>ZERO_RESULTS</c> and <c>NOT_FOUND</c> are answers, not failures.</item>
/// </list>
/// </summary>
internal sealed class LegacyPlacesErrorRules : ProviderErrorRules
{
    /// <summary>How long a fresh page token takes to become valid.</summary>
    public static readonly TimeSpan PageTokenDelay = TimeSpan.FromSeconds(2);

    public static readonly LegacyPlacesErrorRules Instance = new();

    public override string Provider => GooglePlacesLegacySearch.Provider;

    public override bool FailuresInSuccessBodies => true;

    public override ProviderFailure? Classify(in ProviderResponse response, DateTimeOffset now)
    {
        var (status, message) = Read(response);
        var detail = $"HTTP {response.StatusCode} {status ?? "(no status)"}: {(string.IsNullOrWhiteSpace(message) ? "no error message" : Truncate(message))}";
        if (response.StatusCode is < 200 or >= 300)
        {
            return FromStatus(response.StatusCode, detail, RetryAfterHeaders(response, now));
        }

        return status switch
        {
            "OVER_QUERY_LIMIT" when Mentions(message, "daily") => new ProviderFailure(ProviderErrorKind.OutOfCredit, detail),
            "OVER_QUERY_LIMIT" => new ProviderFailure(ProviderErrorKind.RateLimited, detail, RetryAfterHeaders(response, now)),
            "REQUEST_DENIED" when Mentions(message, "billing") => new ProviderFailure(ProviderErrorKind.OutOfCredit, detail),
            "REQUEST_DENIED" => new ProviderFailure(ProviderErrorKind.Unauthorized, detail),
            "INVALID_REQUEST" when HasPageToken(response.RequestUri) => new ProviderFailure(ProviderErrorKind.Transient, detail + " (the page token is not valid yet)", PageTokenDelay),
            "INVALID_REQUEST" => new ProviderFailure(ProviderErrorKind.Rejected, detail),
            "UNKNOWN_ERROR" => new ProviderFailure(ProviderErrorKind.Transient, detail),
            _ => null,
        };
    }

    private static (string? Status, string? Message) Read(in ProviderResponse response)
    {
        if (response.Body.IsEmpty)
        {
            return (null, null);
        }

        try
        {
            using var document = JsonDocument.Parse(response.Body);
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object
                ? (String(root, "status"), String(root, "error_message"))
                : (null, null);
        }
        catch (JsonException)
        {
            return (null, response.StatusCode is >= 200 and < 300 ? null : Truncate(response.Text));
        }
    }

    private static bool Mentions(string? message, string word) => message?.Contains(word, StringComparison.OrdinalIgnoreCase) ?? false;

    private static bool HasPageToken(Uri? uri) => uri?.Query.Contains("pagetoken=", StringComparison.Ordinal) ?? false;

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
