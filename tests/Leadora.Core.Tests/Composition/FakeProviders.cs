using System.Runtime.CompilerServices;
using Leadora.Ports;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Leadora.Core.Tests.Composition;

/// <summary>
/// A stand-in for a remote LLM: answers with scripted replies, counts what reaches it, and streams each reply in several
/// updates with a usage update at the end, the way real providers stream. Leadora's decorators around it are the real ones.
/// </summary>
internal sealed class ScriptedChatProvider(string modelId, params string[] replies) : IChatClient
{
    private int _next;

    /// <summary>Requests that reached this provider (either way of calling it).</summary>
    public int Requests => Volatile.Read(ref _requests);

    private int _requests;

    /// <summary>When set, the next call fails with this exception (before any update when streaming).</summary>
    public Exception? FailNext { get; set; }

    /// <summary>When set, streaming fails after the first update.</summary>
    public bool FailMidStream { get; set; }

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _requests);
        ThrowIfScripted();
        var text = NextReply();
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, text))
        {
            ModelId = modelId,
            Usage = new UsageDetails { InputTokenCount = 1000, OutputTokenCount = 500 },
        });
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _requests);
        ThrowIfScripted();
        var text = NextReply();
        var half = text.Length / 2;
        await Task.Yield();
        yield return new ChatResponseUpdate(ChatRole.Assistant, text[..half]) { ModelId = modelId, MessageId = "m1" };
        if (FailMidStream)
        {
            throw new HttpRequestException("connection reset mid-stream");
        }

        yield return new ChatResponseUpdate(ChatRole.Assistant, text[half..]) { ModelId = modelId, MessageId = "m1" };
        yield return new ChatResponseUpdate { Role = ChatRole.Assistant, MessageId = "m1", Contents = [new UsageContent(new UsageDetails { InputTokenCount = 1000, OutputTokenCount = 500 })] };
    }

    private void ThrowIfScripted()
    {
        if (FailNext is { } failure)
        {
            FailNext = null;
            throw failure;
        }
    }

    private string NextReply() => replies[Math.Min(Interlocked.Increment(ref _next) - 1, replies.Length - 1)];

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata("scripted", null, modelId)
        : serviceKey is null && serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose()
    {
    }
}

/// <summary>A stand-in places provider that counts its calls and returns an empty page.</summary>
internal sealed class CountingPlaces(string name) : IPlacesSearch
{
    public int Requests;

    public Task<PlacesPage> SearchAsync(PlacesQuery query, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref Requests);
        return Task.FromResult(new PlacesPage([], name, false));
    }
}

/// <summary>A stand-in web-search provider that counts its calls and returns one result.</summary>
internal sealed class CountingWeb(string name) : IWebSearch
{
    public int Requests;

    public Task<WebSearchPage> SearchAsync(WebSearchQuery query, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref Requests);
        return Task.FromResult(new WebSearchPage([new WebResult("A result", "https://example.org/a", "snippet", 1)], name));
    }
}

/// <summary>Leadora composed around scripted providers, with every decorator real.</summary>
internal static class ComposedLeadora
{
    public const string Model = "scripted-model";

    public static ServiceProvider Build(Action<ILeadoraBuilder> providers, Action<LeadoraOptions>? configure = null, Action<ILeadoraBuilder>? steps = null)
    {
        var services = new ServiceCollection();
        var leadora = services.AddLeadora(configure: o =>
        {
            o.Pricing.Models["scripted/" + Model] = new TokenPrice { InputPerMillion = 1m, OutputPerMillion = 2m };
            o.Pricing.Models["backup/" + Model] = new TokenPrice { InputPerMillion = 1m, OutputPerMillion = 2m };
            configure?.Invoke(o);
        }).UseHashingEmbeddings();
        providers(leadora);
        steps?.Invoke(leadora);
        return services.BuildServiceProvider();
    }

    /// <summary>Registers <paramref name="chat"/> for every tier, plus counting places and web providers.</summary>
    public static void Everywhere(ILeadoraBuilder leadora, string name, IChatClient chat)
    {
        foreach (var tier in Enum.GetValues<ModelTier>())
        {
            leadora.AddChatProvider(name, tier, _ => chat);
        }

        leadora.AddPlacesProvider("places-a", _ => new CountingPlaces("places-a"));
        leadora.AddWebSearchProvider("web-a", _ => new CountingWeb("web-a"));
    }

    public static ChatOptions JsonOptions<T>() => new() { ResponseFormat = ChatResponseFormat.ForJsonSchema(Llm.StructuredOutput.SchemaFor<T>(), "reply") };

    public static List<ChatMessage> Ask(string text) => [new(ChatRole.System, "Answer in JSON."), new(ChatRole.User, text)];
}
