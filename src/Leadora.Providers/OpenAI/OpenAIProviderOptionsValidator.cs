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
        check.Secret(options.ApiKey, nameof(options.ApiKey), "OPENAI_API_KEY");
        check.HttpUrl(options.BaseUrl, nameof(options.BaseUrl), "OPENAI_BASE_URL");
        check.NotEmpty(options.PrimaryModel, nameof(options.PrimaryModel), "OPENAI_PRIMARY_MODEL");
        check.NotEmpty(options.LightModel, nameof(options.LightModel), "OPENAI_LIGHT_MODEL");
        check.NotEmpty(options.UltraLightModel, nameof(options.UltraLightModel), "OPENAI_ULTRA_LIGHT_MODEL");
        check.NotEmpty(options.EmbeddingsModel, nameof(options.EmbeddingsModel), "OPENAI_EMBEDDINGS_MODEL");
        check.Range(options.EmbeddingDimensions, 1, 8192, nameof(options.EmbeddingDimensions), null);
        check.Range(options.MaxConcurrent, 1, 256, nameof(options.MaxConcurrent), "OPENAI_MAX_CONCURRENT");
        check.Range(options.MinDelayMs, 0, 60_000, nameof(options.MinDelayMs), "OPENAI_MIN_DELAY_MS");
        check.Range(options.TimeoutSeconds, 1, 3600, nameof(options.TimeoutSeconds), null);
        check.Range(options.MaxEmbeddingBatch, 1, ApiMaxEmbeddingBatch, nameof(options.MaxEmbeddingBatch), null);
        return check.Failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(check.Failures);
    }
}
