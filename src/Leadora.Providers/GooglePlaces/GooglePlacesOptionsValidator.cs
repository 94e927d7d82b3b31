using Microsoft.Extensions.Options;

namespace Leadora.Providers;

/// <summary>Validates <see cref="GooglePlacesOptions"/> at start-up.</summary>
internal sealed class GooglePlacesOptionsValidator : IValidateOptions<GooglePlacesOptions>
{
    public ValidateOptionsResult Validate(string? name, GooglePlacesOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var check = new OptionsChecks(GooglePlacesOptions.SectionName);
        check.Http(options, "GOOGLE_PLACES", concurrencyPrefix: "GOOGLE", maxTimeoutSeconds: 600);
        check.HttpUrl(options.LegacyBaseUrl, nameof(options.LegacyBaseUrl), "GOOGLE_PLACES_LEGACY_BASE_URL");
        check.NotEmpty(options.Language, nameof(options.Language), null);
        check.Range(options.LegacyDetailsPerPage, 0, 20, nameof(options.LegacyDetailsPerPage), null);
        return check.Failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(check.Failures);
    }
}
