using Microsoft.Extensions.Options;

namespace Leadora.Providers;

/// <summary>Validates <see cref="GeminiOptions"/> at start-up.</summary>
internal sealed class GeminiOptionsValidator : IValidateOptions<GeminiOptions>
{
    public ValidateOptionsResult Validate(string? name, GeminiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var check = new OptionsChecks(GeminiOptions.SectionName);
        check.Http(options, "GEMINI");
        check.NotEmpty(options.Model, nameof(options.Model), "GEMINI_MODEL");
        return check.Failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(check.Failures);
    }
}
