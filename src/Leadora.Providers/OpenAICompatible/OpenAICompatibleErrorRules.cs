using System.Text.Json;
using Leadora.Ports;

namespace Leadora.Providers;

/// <summary>
/// Error answers of OpenAI and of OpenAI-compatible APIs (DeepSeek): <c>{"error":{"message","type","param","code"}}</c>.
/// 429 <c>insufficient_quota</c> and 402 (DeepSeek's "Insufficient Balance") are out of credit; other 429s are rate
/// limits that honour <c>retry-after-ms</c>, then <c>retry-after</c>.
/// </summary>
internal sealed class OpenAICompatibleErrorRules(string provider) : ProviderErrorRules
{
    public override string Provider => provider;

    public override ProviderFailure? Classify(in ProviderResponse response, DateTimeOffset now)
    {
        var status = response.StatusCode;
        if (status is >= 200 and < 300)
        {
            return null;
        }

        var (code, type, message) = ReadError(response);
        var detail = Describe(status, code ?? type, message);
        if (status == 429 && (code == "insufficient_quota" || type == "insufficient_quota"))
        {
            return new ProviderFailure(ProviderErrorKind.OutOfCredit, detail);
        }

        return FromStatus(status, detail, status is 429 or >= 500 ? RetryAfterHeaders(response, now) : null);
    }

    /// <summary>Reads <c>error.code</c>, <c>error.type</c> and <c>error.message</c>; anything else is kept as text.</summary>
    private static (string? Code, string? Type, string? Message) ReadError(in ProviderResponse response)
    {
        if (response.Body.IsEmpty)
        {
            return (null, null, null);
        }

        try
        {
            using var document = JsonDocument.Parse(response.Body);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("error", out var error))
            {
                return error.ValueKind switch
                {
                    JsonValueKind.Object => (StringOrNull(error, "code"), StringOrNull(error, "type"), StringOrNull(error, "message")),
                    JsonValueKind.String => (null, null, error.GetString()),
                    _ => (null, null, null),
                };
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's HTML error page, for example): fall through to the raw text.
        }

        return (null, null, Truncate(response.Text));
    }

    private static string? StringOrNull(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
