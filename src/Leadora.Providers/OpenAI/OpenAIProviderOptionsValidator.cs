using Microsoft.Extensions.Options;

namespace Leadora.Providers;

/// <summary>Validates <see cref="OpenAIProviderOptions"/> at start-up.</summary>
internal sealed class OpenAIProviderOptionsValidator : IValidateOptions<OpenAIProviderOptions>
{
    /// <summary>The API's limit on inputs per embeddings call.</summary>
    public const int ApiMaxEmbeddingBatch = 2048;

    public ValidateOptionsResult Validate(string? name, OpenAIProviderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var check = new OptionsChecks(OpenAIProviderOptions.SectionName);
        check.Http(options, "OPENAI");
        check.NotEmpty(options.PrimaryModel, nameof(options.PrimaryModel), "OPENAI_PRIMARY_MODEL");
        check.NotEmpty(options.LightModel, nameof(options.LightModel), "OPENAI_LIGHT_MODEL");
        check.NotEmpty(options.UltraLightModel, nameof(options.UltraLightModel), "OPENAI_ULTRA_LIGHT_MODEL");
        check.NotEmpty(options.EmbeddingsModel, nameof(options.EmbeddingsModel), "OPENAI_EMBEDDINGS_MODEL");
        check.Range(options.EmbeddingDimensions, 1, 8192, nameof(options.EmbeddingDimensions), null);
        check.Range(options.MaxEmbeddingBatch, 1, ApiMaxEmbeddingBatch, nameof(options.MaxEmbeddingBatch), null);
        return check.Failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(check.Failures);
    }
}
