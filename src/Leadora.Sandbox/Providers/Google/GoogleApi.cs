using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Leadora.Sandbox.Hosting;
using Leadora.Sandbox.World;

namespace Leadora.Sandbox.Providers.Google;

/// <summary>
/// What Google's JSON APIs (Gemini, Places API (New), Custom Search) share: the error envelope
/// <c>{"error":{"code","message","errors"?,"status","details"?}}</c> with its typed details, keys checks, place types and
/// opaque page tokens.
/// </summary>
internal static class GoogleApi
{
    /// <summary>The project number shown in quota and billing messages.</summary>
    public const string ProjectNumber = "000000000000";

    /// <summary>Message of a request without any key.</summary>
    public const string UnregisteredCaller = "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.";

    /// <summary>Message of a request with a key Google does not know.</summary>
    public const string InvalidKey = "API key not valid. Please pass a valid API key.";

    /// <summary>A Google error response.</summary>
    /// <param name="code">HTTP status, echoed as <c>error.code</c>.</param>
    /// <param name="status">The RPC status, for example <c>RESOURCE_EXHAUSTED</c>.</param>
    /// <param name="message">The message.</param>
    /// <param name="details">Typed details (<c>google.rpc.*</c>).</param>
    /// <param name="reason">When set, the legacy <c>errors[]</c> array (Custom Search keeps it) with this reason.</param>
    /// <param name="headers">Extra response headers.</param>
    public static SandboxResponse Error(int code, string status, string message, JsonArray? details = null, string? reason = null, IReadOnlyDictionary<string, string>? headers = null)
    {
        var error = new JsonObject { ["code"] = code, ["message"] = message };
        if (reason is not null)
        {
            error["errors"] = new JsonArray(new JsonObject { ["message"] = message, ["domain"] = reason == "dailyLimitExceeded" ? "usageLimits" : "global", ["reason"] = reason });
        }

        error["status"] = status;
        if (details is { Count: > 0 })
        {
            error["details"] = details;
        }

        return SandboxResponse.Json(code, SandboxJson.Labelled(new JsonObject { ["error"] = error }), indented: true, headers);
    }

    /// <summary>A <c>google.rpc.ErrorInfo</c> detail.</summary>
    public static JsonObject ErrorInfo(string reason, string service, params (string Key, string Value)[] metadata)
    {
        var meta = new JsonObject { ["service"] = service };
        foreach (var (key, value) in metadata)
        {
            meta[key] = value;
        }

        return new JsonObject { ["@type"] = "type.googleapis.com/google.rpc.ErrorInfo", ["reason"] = reason, ["domain"] = "googleapis.com", ["metadata"] = meta };
    }

    /// <summary>A <c>google.rpc.RetryInfo</c> detail: <c>retryDelay</c> as a protobuf duration ("26s", "1.5s").</summary>
    public static JsonObject RetryInfo(TimeSpan delay) => new()
    {
        ["@type"] = "type.googleapis.com/google.rpc.RetryInfo",
        ["retryDelay"] = Duration(delay),
    };

    /// <summary>A <c>google.rpc.QuotaFailure</c> detail with one violation.</summary>
    public static JsonObject QuotaFailure(string metric, string quotaId, string value, params (string Key, string Value)[] dimensions)
    {
        var dims = new JsonObject();
        foreach (var (key, v) in dimensions)
        {
            dims[key] = v;
        }

        return new JsonObject
        {
            ["@type"] = "type.googleapis.com/google.rpc.QuotaFailure",
            ["violations"] = new JsonArray(new JsonObject { ["quotaMetric"] = metric, ["quotaId"] = quotaId, ["quotaDimensions"] = dims, ["quotaValue"] = value }),
        };
    }

    /// <summary>A <c>google.rpc.Help</c> detail.</summary>
    public static JsonObject Help(string description, string url) => new()
    {
        ["@type"] = "type.googleapis.com/google.rpc.Help",
        ["links"] = new JsonArray(new JsonObject { ["description"] = description, ["url"] = url }),
    };

    /// <summary>A protobuf JSON duration: whole seconds as "26s", fractions as "1.5s".</summary>
    public static string Duration(TimeSpan delay) =>
        delay.TotalSeconds % 1 == 0
            ? ((long)delay.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s"
            : delay.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s";

    /// <summary>Whether a key is one the sandbox treats as wrong (it accepts any other non-empty key).</summary>
    public static bool IsInvalidKey(string key) => key.StartsWith("invalid", StringComparison.OrdinalIgnoreCase);

    /// <summary>The Google place type id of a category: "Water treatment plant" → "water_treatment_plant".</summary>
    public static string TypeId(string category) => string.Join('_', TextUtil.Words(category));

    /// <summary>Place types of a business, as Google lists them: its own categories, then the generic two.</summary>
    public static JsonArray PlaceTypes(SyntheticBusiness business) =>
        new(business.Types.Select(TypeId).Append("point_of_interest").Append("establishment").Distinct(StringComparer.Ordinal).Select(t => (JsonNode?)JsonValue.Create(t)).ToArray());

    /// <summary>The Google Maps link of a business, which carries its CID (as the real APIs' links do).</summary>
    public static string MapsUri(SyntheticBusiness business) => $"https://maps.google.com/?cid={business.Cid}";

    /// <summary>An opaque, deterministic page token that carries <paramref name="state"/>.</summary>
    public static string EncodeToken(JsonObject state)
    {
        var bytes = Encoding.UTF8.GetBytes(state.ToJsonString());
        return "AUjq9j" + Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>Reads a token made by <see cref="EncodeToken"/>; null when it is not one.</summary>
    public static JsonObject? DecodeToken(string? token)
    {
        if (token is null || !token.StartsWith("AUjq9j", StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            var text = token[6..].Replace('-', '+').Replace('_', '/');
            text = text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '=');
            return JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(text))) as JsonObject;
        }
        catch (Exception exception) when (exception is FormatException or JsonException)
        {
            return null;
        }
    }
}
