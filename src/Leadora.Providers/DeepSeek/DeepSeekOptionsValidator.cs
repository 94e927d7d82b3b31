using Microsoft.Extensions.Options;

namespace Leadora.Providers;

/// <summary>Validates <see cref="DeepSeekOptions"/> at start-up.</summary>
internal sealed class DeepSeekOptionsValidator : IValidateOptions<DeepSeekOptions>
{
    public ValidateOptionsResult Validate(string? name, DeepSeekOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var check = new OptionsChecks(DeepSeekOptions.SectionName);
        check.Http(options, "DEEPSEEK");
        check.NotEmpty(options.Model, nameof(options.Model), "DEEPSEEK_MODEL");
        return check.Failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(check.Failures);
    }
}
