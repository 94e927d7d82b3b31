using System.Runtime.CompilerServices;
using Leadora.Llm;
using Leadora.Ports;
using Leadora.Usage;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Leadora.Resilience;

/// <summary>
/// Runs a call against a chain of providers in order, falling through to the next on a provider failure. Every fall-through
/// is logged and becomes a search warning; calls to later providers are marked as fallbacks in the usage ledger.
/// </summary>
public sealed partial class FallbackChain<TProvider>(IReadOnlyList<(string Name, TProvider Provider)> providers, string operation, SearchWarnings warnings, ILogger logger)
{
    /// <summary>The providers, in order.</summary>
    public IReadOnlyList<(string Name, TProvider Provider)> Providers => providers;

    /// <summary>Calls the providers in order until one succeeds; rethrows the last failure when all fail.</summary>
    public async Task<TResult> RunAsync<TResult>(Func<TProvider, CancellationToken, Task<TResult>> call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        for (var i = 0; ; i++)
        {
            var provider = providers[i].Provider;
            try
            {
                using (FallbackScope.Enter(i > 0))
                {
                    return await call(provider, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (i + 1 < providers.Count && FallbackPolicy.CanFallThrough(ex, cancellationToken))
            {
                await ReportFallThroughAsync(i, ex).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Streams from the providers in order. A provider that fails before its first item is skipped like a failed call;
    /// once items have been passed on, a failure is the caller's (a stream cannot be taken back and restarted elsewhere).
    /// </summary>
    public async IAsyncEnumerable<TItem> RunStreamingAsync<TItem>(Func<TProvider, CancellationToken, IAsyncEnumerable<TItem>> call, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        for (var i = 0; ; i++)
        {
            var isFallback = i > 0;
            Exception? failure = null;
            IAsyncEnumerator<TItem> enumerator;
            using (FallbackScope.Enter(isFallback))
            {
                enumerator = call(providers[i].Provider, cancellationToken).GetAsyncEnumerator(cancellationToken);
            }

            try
            {
                var started = false;
                while (true)
                {
                    bool more;
                    try
                    {
                        // The scope is entered around every step: an iterator's async-local changes do not outlive the step.
                        using (FallbackScope.Enter(isFallback))
                        {
                            more = await enumerator.MoveNextAsync().ConfigureAwait(false);
                        }
                    }
                    catch (Exception ex) when (!started && i + 1 < providers.Count && FallbackPolicy.CanFallThrough(ex, cancellationToken))
                    {
                        failure = ex;
                        break;
                    }

                    if (!more)
                    {
                        break;
                    }

                    started = true;
                    yield return enumerator.Current;
                }
            }
            finally
            {
                using (FallbackScope.Enter(isFallback))
                {
                    await enumerator.DisposeAsync().ConfigureAwait(false);
                }
            }

            if (failure is null)
            {
                yield break;
            }

            await ReportFallThroughAsync(i, failure).ConfigureAwait(false);
        }
    }

    private async Task ReportFallThroughAsync(int index, Exception exception)
    {
        var name = providers[index].Name;
        var next = providers[index + 1].Name;
        LogFallThrough(logger, operation, name, next, exception.GetType().Name);
        await warnings.AddAsync(WarningCodes.FallbackUsed, $"{operation}: {name} failed ({Describe(exception)}); used {next} instead.", $"{operation}:{name}", CancellationToken.None).ConfigureAwait(false);
    }

    private static string Describe(Exception exception) => exception switch
    {
        ProviderException p => p.Kind.ToString(),
        StructuredOutputException => "output did not match the schema",
        OperationCanceledException or TimeoutException => "timed out",
        _ => exception.GetType().Name,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Operation}: provider {Provider} failed with {ErrorType}; falling through to {Next}")]
    private static partial void LogFallThrough(ILogger logger, string operation, string provider, string next, string errorType);
}

/// <summary>Which failures move a call on to the next provider.</summary>
public static class FallbackPolicy
{
    /// <summary>
    /// Whether a step may degrade to a free alternative (local hashing embeddings, the best vector match) instead of failing:
    /// any failure a fallback would survive, and blocked spending.
    /// </summary>
    public static bool CanDegrade(Exception exception, CancellationToken cancellationToken) =>
        CanFallThrough(exception, cancellationToken) || exception is ProviderException { Kind: ProviderErrorKind.SpendingBlocked };

    /// <summary>Whether a failure should move on to the next provider rather than fail the call.</summary>
    public static bool CanFallThrough(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        ProviderException { Kind: ProviderErrorKind.SpendingBlocked } => false,
        ProviderException or StructuredOutputException or HttpRequestException or TimeoutException or System.Text.Json.JsonException => true,
        _ => false,
    };
}

/// <summary>A chat client that tries a chain of providers in order.</summary>
public sealed class FallbackChatClient(FallbackChain<IChatClient> chain) : IChatClient
{
    /// <inheritdoc />
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var conversation = messages as IReadOnlyList<ChatMessage> ?? messages.ToList();
        return chain.RunAsync((client, ct) => client.GetResponseAsync(conversation, options, ct), cancellationToken);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var conversation = messages as IReadOnlyList<ChatMessage> ?? messages.ToList();
        return chain.RunStreamingAsync((client, ct) => client.GetStreamingResponseAsync(conversation, options, ct), cancellationToken);
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is null && serviceType.IsInstanceOfType(this) ? this : chain.Providers[0].Provider.GetService(serviceType, serviceKey);
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }
}

/// <summary>A places search that tries a chain of providers in order.</summary>
public sealed class FallbackPlacesSearch(FallbackChain<IPlacesSearch> chain) : IPlacesSearch
{
    /// <inheritdoc />
    public Task<PlacesPage> SearchAsync(PlacesQuery query, CancellationToken cancellationToken = default) =>
        chain.RunAsync((provider, ct) => provider.SearchAsync(query, ct), cancellationToken);
}

/// <summary>A web search that tries a chain of providers in order.</summary>
public sealed class FallbackWebSearch(FallbackChain<IWebSearch> chain) : IWebSearch
{
    /// <inheritdoc />
    public Task<WebSearchPage> SearchAsync(WebSearchQuery query, CancellationToken cancellationToken = default) =>
        chain.RunAsync((provider, ct) => provider.SearchAsync(query, ct), cancellationToken);
}
