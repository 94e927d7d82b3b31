using System.Text.RegularExpressions;

namespace Leadora;

/// <summary>
/// Masks secrets and personal data in text that may reach logs or stored errors: API keys, bearer tokens, <c>key=</c>
/// query parameters, email addresses and phone numbers. Leadora never logs business or person records; this guards the
/// free text that does get logged, such as exception messages.
/// </summary>
public static partial class Redaction
{
    /// <summary>What replaces a secret.</summary>
    public const string Secret = "[redacted]";

    /// <summary>What replaces an email address.</summary>
    public const string Email = "[email]";

    /// <summary>What replaces a phone number.</summary>
    public const string Phone = "[phone]";

    /// <summary><paramref name="text"/> with secrets, emails and phone numbers masked.</summary>
    public static string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? "";
        }

        var redacted = KeyParameter().Replace(text, m => m.Groups[1].Value + Secret);
        redacted = Bearer().Replace(redacted, "Bearer " + Secret);
        redacted = KnownKey().Replace(redacted, Secret);
        redacted = EmailAddress().Replace(redacted, Email);
        return PhoneNumber().Replace(redacted, m => m.Value.Count(char.IsAsciiDigit) >= 7 ? Phone : m.Value);
    }

    [GeneratedRegex(@"((?:key|api_key|apikey|access_token|token)=)[^&\s""']+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex KeyParameter();

    [GeneratedRegex(@"Bearer\s+[A-Za-z0-9._~+/=-]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Bearer();

    [GeneratedRegex(@"\b(?:sk-[A-Za-z0-9_-]{8,}|AIza[0-9A-Za-z_-]{20,}|(?:x-api-key|x-goog-api-key)\s*[:=]\s*\S+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex KnownKey();

    [GeneratedRegex(@"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex EmailAddress();

    [GeneratedRegex(@"\+?\(?\d[\d\s().\-/]{5,}\d", RegexOptions.CultureInvariant)]
    private static partial Regex PhoneNumber();
}
