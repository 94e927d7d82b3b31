using Leadora.Ports;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Leadora.Usage;

/// <summary>Accounts for every call of one chat provider: tokens, latency, failures, cost, span and metrics.</summary>
public sealed class UsageTrackingChatClient(IChatClient innerClient, string provider, string operation, IProviderUsage recorder)
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

    /// <summary>
    /// Streams with the same guard and accounting as <see cref="GetResponseAsync"/>: the spending check runs before the
    /// provider is asked for anything, and the call is recorded once the stream ends (tokens from the usage updates),
    /// fails, or is abandoned by the caller. Every update is tagged with the answering provider.
    /// </summary>
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var call = await recorder.BeginAsync(provider, operation, options?.ModelId ?? InnerClient.GetService<ChatClientMetadata>()?.DefaultModelId, cancellationToken).ConfigureAwait(false);
        var updates = new List<ChatResponseUpdate>();
        var finished = false;
        var enumerator = base.GetStreamingResponseAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                ChatResponseUpdate update;
                try
                {
                    if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
                    {
                        break;
                    }

                    update = enumerator.Current;
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    finished = true;
                    await call.FailedAsync(ex).ConfigureAwait(false);
                    throw;
                }

                (update.AdditionalProperties ??= [])[ProviderProperty] = provider;
                updates.Add(update);
                yield return update;
            }

            finished = true;
            var response = updates.ToChatResponse();
            await call.SucceededAsync(response.ModelId, response.Usage?.InputTokenCount ?? 0, response.Usage?.OutputTokenCount ?? 0, 1).ConfigureAwait(false);
        }
        finally
        {
            await enumerator.DisposeAsync().ConfigureAwait(false);
            if (!finished && !cancellationToken.IsCancellationRequested)
            {
                // The caller stopped reading: the request was sent, so it is accounted for with what arrived. (A cancelled
                // call is left unrecorded, as GetResponseAsync leaves it.)
                var partial = updates.ToChatResponse();
                await call.SucceededAsync(partial.ModelId, partial.Usage?.InputTokenCount ?? 0, partial.Usage?.OutputTokenCount ?? 0, 1).ConfigureAwait(false);
            }
        }
    }
}

/// <summary>Accounts for every call of the embedding provider: inputs, tokens, latency, cost, span and metrics.</summary>
public sealed class UsageTrackingEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> innerGenerator, string provider, IProviderUsage recorder)
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
public sealed class UsageTrackingPlacesSearch(IPlacesSearch inner, string provider, IProviderUsage recorder) : IPlacesSearch
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
public sealed class UsageTrackingWebSearch(IWebSearch inner, string provider, IProviderUsage recorder) : IWebSearch
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
