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

    /// <summary>The settings every HTTP provider shares (<see cref="ProviderHttpOptions"/>).</summary>
    public void Http(ProviderHttpOptions options, string prefix, string? concurrencyPrefix = null, int maxTimeoutSeconds = 3600)
    {
        concurrencyPrefix ??= prefix;
        Secret(options.ApiKey, nameof(options.ApiKey), KeyVariable(prefix));
        HttpUrl(options.BaseUrl, nameof(options.BaseUrl), prefix + "_BASE_URL");
        Range(options.MaxConcurrent, 1, 256, nameof(options.MaxConcurrent), concurrencyPrefix + "_MAX_CONCURRENT");
        Range(options.MinDelayMs, 0, 60_000, nameof(options.MinDelayMs), concurrencyPrefix + "_MIN_DELAY_MS");
        Range(options.TimeoutSeconds, 1, maxTimeoutSeconds, nameof(options.TimeoutSeconds), null);
        Range(options.MaxRetries, 0, 10, nameof(options.MaxRetries), null);
        Range(options.RetryBaseDelayMs, 1, 60_000, nameof(options.RetryBaseDelayMs), null);
        Range(options.MaxRetryAfterSeconds, 0, 3600, nameof(options.MaxRetryAfterSeconds), null);
        Range(options.TotalTimeoutSeconds, 1, 3 * 3600, nameof(options.TotalTimeoutSeconds), null);
        if (options.TotalTimeoutSeconds < options.TimeoutSeconds && options.TotalTimeoutSeconds >= 1)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{Setting(nameof(options.TotalTimeoutSeconds), null)} ({options.TotalTimeoutSeconds}) must not be shorter than {Setting(nameof(options.TimeoutSeconds), null)} ({options.TimeoutSeconds})."));
        }

        Range(options.CircuitBreakSeconds, 0, 3600, nameof(options.CircuitBreakSeconds), null);
        Range(options.CircuitBreakerMinimumThroughput, 2, 10_000, nameof(options.CircuitBreakerMinimumThroughput), null);
        Range(options.MaxResponseBytes, 64 * 1024, 1024 * 1024 * 1024, nameof(options.MaxResponseBytes), null);
    }

    /// <summary>The key variable of a prefix: OPENAI_API_KEY, SERPER_KEY, GOOGLE_PLACES_KEY, …</summary>
    private static string KeyVariable(string prefix) => prefix switch
    {
        "SERPER" => "SERPER_KEY",
        "GOOGLE_PLACES" => "GOOGLE_PLACES_KEY",
        "GOOGLE_CSE" => "GOOGLE_CSE_KEY",
        _ => prefix + "_API_KEY",
    };

    private string Setting(string name, string? envVar) =>
        envVar is null ? $"Leadora:{section}:{name}" : $"Leadora:{section}:{name} ({envVar})";
}
