using Leadora.Ports;
using Microsoft.Extensions.AI;

namespace Leadora.Usage;

/// <summary>Records every call of one chat provider in the usage ledger: tokens, latency, failures, cost.</summary>
public sealed class UsageTrackingChatClient(IChatClient innerClient, string provider, string operation, UsageRecorder recorder)
    : DelegatingChatClient(innerClient)
{
    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var started = recorder.Time.GetTimestamp();
        var model = options?.ModelId ?? InnerClient.GetService<ChatClientMetadata>()?.DefaultModelId;
        ChatResponse response;
        try
        {
            response = await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            await recorder.RecordAsync(provider, operation, model, 0, 0, 0, recorder.Time.GetElapsedTime(started), failed: true, cancellationToken: CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        await recorder.RecordAsync(
            provider,
            operation,
            response.ModelId ?? model,
            response.Usage?.InputTokenCount ?? 0,
            response.Usage?.OutputTokenCount ?? 0,
            1,
            recorder.Time.GetElapsedTime(started),
            failed: false,
            cancellationToken: CancellationToken.None).ConfigureAwait(false);
        return response;
    }
}

/// <summary>Records every call of the embedding provider: inputs, tokens, latency, cost.</summary>
public sealed class UsageTrackingEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> innerGenerator, string provider, UsageRecorder recorder)
    : DelegatingEmbeddingGenerator<string, Embedding<float>>(innerGenerator)
{
    /// <summary>Operation name in the ledger.</summary>
    public const string Operation = "embeddings";

    /// <inheritdoc />
    public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var inputs = values as IReadOnlyCollection<string> ?? values.ToList();
        var started = recorder.Time.GetTimestamp();
        var model = options?.ModelId ?? InnerGenerator.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId;
        GeneratedEmbeddings<Embedding<float>> result;
        try
        {
            result = await base.GenerateAsync(inputs, options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            await recorder.RecordAsync(provider, Operation, model, 0, 0, inputs.Count, recorder.Time.GetElapsedTime(started), failed: true, cancellationToken: CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        await recorder.RecordAsync(provider, Operation, model, result.Usage?.InputTokenCount ?? 0, 0, inputs.Count, recorder.Time.GetElapsedTime(started), failed: false, cancellationToken: CancellationToken.None).ConfigureAwait(false);
        return result;
    }
}

/// <summary>Records every call of one places provider.</summary>
public sealed class UsageTrackingPlacesSearch(IPlacesSearch inner, string provider, UsageRecorder recorder) : IPlacesSearch
{
    /// <summary>Operation name in the ledger.</summary>
    public const string Operation = "places";

    /// <inheritdoc />
    public async Task<PlacesPage> SearchAsync(PlacesQuery query, CancellationToken cancellationToken = default)
    {
        var started = recorder.Time.GetTimestamp();
        PlacesPage page;
        try
        {
            page = await inner.SearchAsync(query, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            await recorder.RecordAsync(provider, Operation, null, 0, 0, 0, recorder.Time.GetElapsedTime(started), failed: true, cancellationToken: CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        await recorder.RecordAsync(provider, Operation, null, 0, 0, page.Places.Count, recorder.Time.GetElapsedTime(started), failed: false, cancellationToken: CancellationToken.None).ConfigureAwait(false);
        return page;
    }
}

/// <summary>Records every call of one web-search provider.</summary>
public sealed class UsageTrackingWebSearch(IWebSearch inner, string provider, UsageRecorder recorder) : IWebSearch
{
    /// <summary>Operation name in the ledger.</summary>
    public const string Operation = "search";

    /// <inheritdoc />
    public async Task<WebSearchPage> SearchAsync(WebSearchQuery query, CancellationToken cancellationToken = default)
    {
        var started = recorder.Time.GetTimestamp();
        WebSearchPage page;
        try
        {
            page = await inner.SearchAsync(query, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            await recorder.RecordAsync(provider, Operation, null, 0, 0, 0, recorder.Time.GetElapsedTime(started), failed: true, cancellationToken: CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        await recorder.RecordAsync(provider, Operation, null, 0, 0, page.Results.Count, recorder.Time.GetElapsedTime(started), failed: false, cancellationToken: CancellationToken.None).ConfigureAwait(false);
        return page;
    }
}
