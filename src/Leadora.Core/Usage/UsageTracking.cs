using Leadora.Ports;
using Microsoft.Extensions.AI;

namespace Leadora.Usage;

/// <summary>Accounts for every call of one chat provider: tokens, latency, failures, cost, span and metrics.</summary>
public sealed class UsageTrackingChatClient(IChatClient innerClient, string provider, string operation, UsageRecorder recorder)
    : DelegatingChatClient(innerClient)
{
    /// <summary>Key under which the answering provider's name is added to <see cref="ChatResponse.AdditionalProperties"/>.</summary>
    public const string ProviderProperty = "leadora.provider";

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var call = await recorder.BeginAsync(provider, operation, options?.ModelId ?? InnerClient.GetService<ChatClientMetadata>()?.DefaultModelId, cancellationToken).ConfigureAwait(false);
        ChatResponse response;
        try
        {
            response = await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            await call.FailedAsync(ex).ConfigureAwait(false);
            throw;
        }

        (response.AdditionalProperties ??= [])[ProviderProperty] = provider;
        await call.SucceededAsync(response.ModelId, response.Usage?.InputTokenCount ?? 0, response.Usage?.OutputTokenCount ?? 0, 1).ConfigureAwait(false);
        return response;
    }
}

/// <summary>Accounts for every call of the embedding provider: inputs, tokens, latency, cost, span and metrics.</summary>
public sealed class UsageTrackingEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> innerGenerator, string provider, UsageRecorder recorder)
    : DelegatingEmbeddingGenerator<string, Embedding<float>>(innerGenerator)
{
    /// <summary>Operation name in the ledger.</summary>
    public const string Operation = "embeddings";

    /// <inheritdoc />
    public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var inputs = values as IReadOnlyCollection<string> ?? values.ToList();
        var call = await recorder.BeginAsync(provider, Operation, options?.ModelId ?? InnerGenerator.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId, cancellationToken).ConfigureAwait(false);
        GeneratedEmbeddings<Embedding<float>> result;
        try
        {
            result = await base.GenerateAsync(inputs, options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            await call.FailedAsync(ex, inputs.Count).ConfigureAwait(false);
            throw;
        }

        await call.SucceededAsync(null, result.Usage?.InputTokenCount ?? 0, 0, inputs.Count).ConfigureAwait(false);
        return result;
    }
}

/// <summary>Accounts for every call of one places provider.</summary>
public sealed class UsageTrackingPlacesSearch(IPlacesSearch inner, string provider, UsageRecorder recorder) : IPlacesSearch
{
    /// <summary>Operation name in the ledger.</summary>
    public const string Operation = "places";

    /// <inheritdoc />
    public async Task<PlacesPage> SearchAsync(PlacesQuery query, CancellationToken cancellationToken = default)
    {
        var call = await recorder.BeginAsync(provider, Operation, null, cancellationToken).ConfigureAwait(false);
        PlacesPage page;
        try
        {
            page = await inner.SearchAsync(query, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            await call.FailedAsync(ex).ConfigureAwait(false);
            throw;
        }

        await call.SucceededAsync(null, 0, 0, page.Places.Count).ConfigureAwait(false);
        return page;
    }
}

/// <summary>Accounts for every call of one web-search provider.</summary>
public sealed class UsageTrackingWebSearch(IWebSearch inner, string provider, UsageRecorder recorder) : IWebSearch
{
    /// <summary>Operation name in the ledger.</summary>
    public const string Operation = "search";

    /// <inheritdoc />
    public async Task<WebSearchPage> SearchAsync(WebSearchQuery query, CancellationToken cancellationToken = default)
    {
        var call = await recorder.BeginAsync(provider, Operation, null, cancellationToken).ConfigureAwait(false);
        WebSearchPage page;
        try
        {
            page = await inner.SearchAsync(query, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            await call.FailedAsync(ex).ConfigureAwait(false);
            throw;
        }

        await call.SucceededAsync(null, 0, 0, page.Results.Count).ConfigureAwait(false);
        return page;
    }
}
