using Microsoft.Extensions.Options;

namespace Leadora.Providers;

/// <summary>Validates <see cref="SerperOptions"/> at start-up.</summary>
internal sealed class SerperOptionsValidator : IValidateOptions<SerperOptions>
{
    public ValidateOptionsResult Validate(string? name, SerperOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var check = new OptionsChecks(SerperOptions.SectionName);
        check.Secret(options.ApiKey, nameof(options.ApiKey), "SERPER_KEY");
        check.HttpUrl(options.BaseUrl, nameof(options.BaseUrl), "SERPER_BASE_URL");
        check.Range(options.MaxConcurrent, 1, 256, nameof(options.MaxConcurrent), "SERPER_MAX_CONCURRENT");
        check.Range(options.MinDelayMs, 0, 60_000, nameof(options.MinDelayMs), "SERPER_MIN_DELAY_MS");
        check.Range(options.TimeoutSeconds, 1, 600, nameof(options.TimeoutSeconds), null);
        check.NotEmpty(options.Language, nameof(options.Language), null);
        return check.Failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(check.Failures);
    }
}
