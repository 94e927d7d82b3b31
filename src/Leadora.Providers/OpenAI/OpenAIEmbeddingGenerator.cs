using Leadora.Ports;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Leadora.Providers;

/// <summary>
/// Wraps the Microsoft.Extensions.AI adapter over OpenAI embeddings: turns failures into <see cref="ProviderException"/>s
/// and refuses answers whose vector count or length does not match the request. Batching is Leadora's job, not this one's.
/// </summary>
internal sealed class OpenAIEmbeddingGenerator(
    IEmbeddingGenerator<string, Embedding<float>> inner,
    int dimensions,
    OpenAICompatibleErrorTranslator errors,
    ILogger logger)
    : DelegatingEmbeddingGenerator<string, Embedding<float>>(inner)
{
    /// <summary>Operation name used in exceptions and logs.</summary>
    public const string Operation = "embeddings";

    public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var inputs = values as IReadOnlyCollection<string> ?? [.. values];
        if (inputs.Count == 0)
        {
            return [];
        }

        GeneratedEmbeddings<Embedding<float>> embeddings;
        try
        {
            embeddings = await base.GenerateAsync(inputs, options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (errors.TryTranslate(exception, Operation, cancellationToken, out var translated))
        {
            throw ProviderLog.Failed(logger, translated);
        }

        if (embeddings.Count != inputs.Count)
        {
            throw Invalid($"asked for {inputs.Count} embeddings, got {embeddings.Count}");
        }

        var expected = options?.Dimensions ?? dimensions;
        if (embeddings.FirstOrDefault(e => e.Vector.Length != expected) is { } wrong)
        {
            throw Invalid($"asked for {expected}-dimensional embeddings, got {wrong.Vector.Length}");
        }

        return embeddings;
    }

    private ProviderException Invalid(string detail) =>
        ProviderLog.Failed(logger, errors.Create(Operation, ProviderErrorKind.InvalidResponse, detail));
}
