using Microsoft.Extensions.Options;

namespace Leadora.Providers;

/// <summary>Validates <see cref="SerperOptions"/> at start-up.</summary>
internal sealed class SerperOptionsValidator : IValidateOptions<SerperOptions>
{
    public ValidateOptionsResult Validate(string? name, SerperOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var check = new OptionsChecks(SerperOptions.SectionName);
        check.Http(options, "SERPER", maxTimeoutSeconds: 600);
        check.NotEmpty(options.Language, nameof(options.Language), null);
        return check.Failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(check.Failures);
    }
}
