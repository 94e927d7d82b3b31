namespace Leadora.Providers;

/// <summary>Keeps API keys out of anything that may be logged or shown.</summary>
internal static class Secrets
{
    private const string Mask = "***";

    /// <summary>Describes a key without revealing it.</summary>
    public static string Describe(string? secret) => string.IsNullOrEmpty(secret) ? "(not set)" : Mask;

    /// <summary>Replaces every occurrence of the key in <paramref name="text"/> with a mask.</summary>
    public static string Redact(string text, string? secret) =>
        string.IsNullOrEmpty(secret) || string.IsNullOrEmpty(text)
            ? text
            : text.Replace(secret, Mask, StringComparison.Ordinal);
}
