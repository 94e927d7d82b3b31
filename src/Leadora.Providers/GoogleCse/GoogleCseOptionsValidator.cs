using Microsoft.Extensions.Options;

namespace Leadora.Providers;

/// <summary>Validates <see cref="GoogleCseOptions"/> at start-up.</summary>
internal sealed class GoogleCseOptionsValidator : IValidateOptions<GoogleCseOptions>
{
    public ValidateOptionsResult Validate(string? name, GoogleCseOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var check = new OptionsChecks(GoogleCseOptions.SectionName);
        check.Http(options, "GOOGLE_CSE", concurrencyPrefix: "GOOGLE", maxTimeoutSeconds: 600);
        check.NotEmpty(options.Cx, nameof(options.Cx), "GOOGLE_CSE_CX, GOOGLE_SEARCH_ENGINE_ID or Google_CSE_CX");
        check.NotEmpty(options.Language, nameof(options.Language), null);
        return check.Failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(check.Failures);
    }
}
