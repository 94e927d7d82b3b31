using System.Globalization;
using System.Text.Json;
using Leadora.Ports;

namespace Leadora.Providers;

/// <summary>
/// Error answers of Google's JSON APIs (Gemini, Places API (New), Custom Search):
/// <c>{"error":{"code","message","status","errors":[{reason}],"details":[{"@type",…}]}}</c>.
/// <list type="bullet">
/// <item>429 / <c>RESOURCE_EXHAUSTED</c>: a rate limit that honours <c>google.rpc.RetryInfo.retryDelay</c> (else
/// <c>Retry-After</c>); a per-day quota (quota id, limit or message "per day") is out of credit instead;</item>
/// <item>403 <c>BILLING_DISABLED</c> or <c>dailyLimitExceeded</c>: out of credit; other 401/403: unauthorized;</item>
/// <item>400 <c>API_KEY_INVALID</c>: unauthorized; other 4xx: rejected; 5xx: transient; 504: timeout.</item>
/// </list>
/// </summary>
internal sealed class GoogleErrorRules(string provider) : ProviderErrorRules
{
    public override string Provider => provider;

    public override ProviderFailure? Classify(in ProviderResponse response, DateTimeOffset now)
    {
        var status = response.StatusCode;
        if (status is >= 200 and < 300)
        {
            return null;
        }

        var error = GoogleError.Read(response);
        var detail = Describe(status, error.Label, error.Message ?? (error.IsJson ? null : Truncate(response.Text)));
        var retryAfter = error.RetryDelay ?? RetryAfterHeaders(response, now);
        if (status == 429 || error.Status == "RESOURCE_EXHAUSTED")
        {
            return error.IsDailyQuota
                ? new ProviderFailure(ProviderErrorKind.OutOfCredit, detail)
                : new ProviderFailure(ProviderErrorKind.RateLimited, detail, retryAfter);
        }

        if (error.HasReason("BILLING_DISABLED") || error.HasReason("dailyLimitExceeded"))
        {
            return new ProviderFailure(ProviderErrorKind.OutOfCredit, detail);
        }

        if (status == 400 && (error.HasReason("API_KEY_INVALID") || error.HasReason("keyInvalid") || (error.Message?.Contains("API key not valid", StringComparison.OrdinalIgnoreCase) ?? false)))
        {
            return new ProviderFailure(ProviderErrorKind.Unauthorized, detail);
        }

        return FromStatus(status, detail, status >= 500 ? retryAfter : null);
    }
}

/// <summary>A Google error body, read leniently.</summary>
internal sealed record GoogleError(bool IsJson, int? Code, string? Status, string? Message, IReadOnlyList<string> Reasons, IReadOnlyList<string> QuotaNames, TimeSpan? RetryDelay)
{
    private static readonly GoogleError None = new(false, null, null, null, [], [], null);

    /// <summary>The status and first reason, for messages: "RESOURCE_EXHAUSTED rateLimitExceeded".</summary>
    public string? Label => string.Join(' ', new[] { Status, Reasons.Count > 0 ? Reasons[0] : null }.Where(s => !string.IsNullOrEmpty(s))) is { Length: > 0 } label ? label : null;

    /// <summary>Whether a quota that only resets the next day is used up.</summary>
    public bool IsDailyQuota =>
        HasReason("dailyLimitExceeded")
        || QuotaNames.Any(q => q.Contains("PerDay", StringComparison.OrdinalIgnoreCase) || q.Contains("per day", StringComparison.OrdinalIgnoreCase))
        || (Message?.Contains("per day", StringComparison.OrdinalIgnoreCase) ?? false);

    /// <summary>Whether <c>errors[].reason</c> or an <c>ErrorInfo</c> detail carries <paramref name="reason"/>.</summary>
    public bool HasReason(string reason) => Reasons.Contains(reason, StringComparer.OrdinalIgnoreCase);

    /// <summary>Reads the body; a body that is not a Google error gives an empty record.</summary>
    public static GoogleError Read(in ProviderResponse response)
    {
        if (response.Body.IsEmpty)
        {
            return None;
        }

        try
        {
            using var document = JsonDocument.Parse(response.Body);
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("error", out var error) || error.ValueKind != JsonValueKind.Object)
            {
                return None with { IsJson = true };
            }

            var reasons = new List<string>();
            var quotas = new List<string>();
            TimeSpan? retryDelay = null;
            if (error.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
            {
                reasons.AddRange(errors.EnumerateArray().Select(e => String(e, "reason")).OfType<string>());
            }

            if (error.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.Array)
            {
                foreach (var detail in details.EnumerateArray().Where(d => d.ValueKind == JsonValueKind.Object))
                {
                    var type = String(detail, "@type") ?? "";
                    if (type.EndsWith("google.rpc.ErrorInfo", StringComparison.Ordinal))
                    {
                        if (String(detail, "reason") is { } reason)
                        {
                            reasons.Add(reason);
                        }

                        if (detail.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object)
                        {
                            quotas.AddRange(new[] { String(metadata, "quota_limit"), String(metadata, "quota_metric") }.OfType<string>());
                        }
                    }
                    else if (type.EndsWith("google.rpc.QuotaFailure", StringComparison.Ordinal)
                        && detail.TryGetProperty("violations", out var violations) && violations.ValueKind == JsonValueKind.Array)
                    {
                        foreach (var violation in violations.EnumerateArray())
                        {
                            quotas.AddRange(new[] { String(violation, "quotaId"), String(violation, "quotaMetric"), String(violation, "subject") }.OfType<string>());
                        }
                    }
                    else if (type.EndsWith("google.rpc.RetryInfo", StringComparison.Ordinal))
                    {
                        retryDelay = ParseDuration(String(detail, "retryDelay"));
                    }
                }
            }

            var code = error.TryGetProperty("code", out var codeElement) && codeElement.TryGetInt32(out var number) ? number : (int?)null;
            return new GoogleError(true, code, String(error, "status"), String(error, "message"), reasons, quotas, retryDelay);
        }
        catch (JsonException)
        {
            return None;
        }
    }

    /// <summary>Parses a protobuf JSON duration such as <c>"26s"</c> or <c>"1.500s"</c>.</summary>
    public static TimeSpan? ParseDuration(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || !value.EndsWith('s'))
        {
            return null;
        }

        return double.TryParse(value.AsSpan(0, value.Length - 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0 && double.IsFinite(seconds)
            ? TimeSpan.FromSeconds(seconds)
            : null;
    }

    private static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
