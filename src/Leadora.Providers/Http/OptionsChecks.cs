using System.Globalization;

namespace Leadora.Providers;

/// <summary>Collects start-up validation failures with messages that name the setting and its environment variable.</summary>
internal sealed class OptionsChecks(string section)
{
    private readonly List<string> failures = [];

    /// <summary>The failures found so far.</summary>
    public IReadOnlyList<string> Failures => failures;

    /// <summary>The key is set. The value itself never appears in a message.</summary>
    public void Secret(string? value, string name, string? envVar)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            failures.Add($"{Setting(name, envVar)} is required.");
        }
        else if (value.Trim().Length != value.Length || value.Any(char.IsControl))
        {
            failures.Add($"{Setting(name, envVar)} must not contain whitespace at either end or control characters.");
        }
    }

    /// <summary>The value is an absolute http or https URL.</summary>
    public void HttpUrl(string? value, string name, string? envVar)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            failures.Add($"{Setting(name, envVar)} must be an absolute http or https URL; got '{value}'.");
        }
    }

    /// <summary>The value is not empty.</summary>
    public void NotEmpty(string? value, string name, string? envVar)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            failures.Add($"{Setting(name, envVar)} must not be empty.");
        }
    }

    /// <summary>The value lies in [min, max].</summary>
    public void Range(int value, int min, int max, string name, string? envVar)
    {
        if (value < min || value > max)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{Setting(name, envVar)} must be between {min} and {max}; got '{value}'."));
        }
    }

    private string Setting(string name, string? envVar) =>
        envVar is null ? $"Leadora:{section}:{name}" : $"Leadora:{section}:{name} ({envVar})";
}
