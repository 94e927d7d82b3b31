using System.Text.Json;
using Leadora.Ports;

namespace Leadora.Providers;

/// <summary>
/// Serper's error answers: <c>{"message": "...", "statusCode": n}</c>. 400 "Not enough credits" (and 402) is out of
/// credit; 429 is a rate limit honouring <c>Retry-After</c>.
/// </summary>
internal sealed class SerperErrorRules : ProviderErrorRules
{
    public static readonly SerperErrorRules Instance = new();

    public override string Provider => SerperClient.Provider;

    public override ProviderFailure? Classify(in ProviderResponse response, DateTimeOffset now)
    {
        var status = response.StatusCode;
        if (status is >= 200 and < 300)
        {
            return null;
        }

        var message = ReadMessage(response);
        var detail = $"HTTP {status}: {message}";
        return status == 400 && message.Contains("not enough credits", StringComparison.OrdinalIgnoreCase)
            ? new ProviderFailure(ProviderErrorKind.OutOfCredit, detail)
            : FromStatus(status, detail, status is 429 or >= 500 ? RetryAfterHeaders(response, now) : null);
    }

    /// <summary>Serper's error bodies are <c>{"message": "...", "statusCode": n}</c>; anything else is shown as text.</summary>
    private static string ReadMessage(in ProviderResponse response)
    {
        if (response.Body.IsEmpty)
        {
            return "no error message";
        }

        try
        {
            if (JsonSerializer.Deserialize(response.Body.Span, SerperJsonContext.Default.SerperErrorResponse)?.Message is { } message)
            {
                return Truncate(message);
            }
        }
        catch (JsonException)
        {
            // Not JSON: fall through to the raw text.
        }

        return Truncate(response.Text);
    }
}
