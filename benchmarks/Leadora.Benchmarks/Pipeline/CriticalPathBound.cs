namespace Leadora.Benchmarks.Pipeline;

/// <summary>A provider's request budget: calls in flight at once and the least time between two starts.</summary>
internal sealed record ProviderLimit(int MaxConcurrent, TimeSpan MinDelay);

/// <summary>One paid call from the usage ledger, with the latency the sandbox was told to add to it.</summary>
internal sealed record PaidCall(string Provider, string Operation, int Items, TimeSpan Latency, DateTimeOffset Started, DateTimeOffset Finished);

/// <summary>What the calls of one search allow at best, given each call's fixed latency and each provider's limits.</summary>
/// <param name="ChainSeconds">The longest chain of calls that each need the one before.</param>
/// <param name="ProviderSeconds">Per provider: the least time its calls can take under its limits.</param>
/// <param name="BoundSeconds">The larger of the chain and every provider's time: no schedule can finish sooner.</param>
/// <param name="SequentialSeconds">The same calls made one after another.</param>
internal sealed record Bound(double ChainSeconds, IReadOnlyDictionary<string, double> ProviderSeconds, double BoundSeconds, double SequentialSeconds)
{
    /// <summary>
    /// Computes the bound: the largest of these, each a time no schedule of these calls can beat.
    /// <list type="bullet">
    /// <item>Chains of calls that each need the one before (the pipeline's DAG): business personas → their embeddings →
    /// <paramref name="placesDepth"/> places pages one after another (whether page k is needed depends on page k − 1) →
    /// the businesses' embeddings (their fit needs the persona similarity, and only scored businesses are searched) →
    /// the decision-maker search of a business → its embeddings → a tie-break (when one was made); business personas →
    /// decision-maker personas (their job titles make the query) → the decision-maker search → …, with the decision-maker
    /// personas' embeddings needed before the people are mapped; and market research (a web search, then the
    /// analysis).</item>
    /// <item>Per provider: with <c>n</c> calls of latencies <c>Lᵢ</c>, <c>c</c> in flight and starts <c>d</c> apart,
    /// <c>max(ΣLᵢ ÷ c, (n − 1)·d + min Lᵢ)</c>.</item>
    /// <item>The decision-maker searches (one per business) cannot start before the decision-maker personas are written
    /// and one places page with its embeddings allow the first of them, and the last one's results still need embedding:
    /// <c>ready + n·L ÷ c + L_embed</c> on the web-search provider.</item>
    /// </list>
    /// </summary>
    public static Bound Compute(IReadOnlyList<PaidCall> calls, IReadOnlyDictionary<string, ProviderLimit> limits, int placesDepth, bool marketAnalysed, int decisionMakerSearches, bool tieBroken)
    {
        double Latency(Func<PaidCall, bool> which) => calls.Where(which).Select(c => c.Latency.TotalSeconds).DefaultIfEmpty(0).Max();
        var chat = Latency(c => IsChat(c) && !IsLight(c));
        var light = Latency(IsLight);
        var embed = Latency(IsEmbedding);
        var places = Latency(c => c.Operation == "places");
        var search = Latency(c => c.Operation == "search");

        // A business's decision-maker search waits for the decision-maker personas (written from the business personas;
        // the query needs only their job titles) and for its own fit, which needs its places page(s) and its embedding (the
        // persona similarity). Mapping the people it finds also needs the personas' embedding.
        var personasReady = 2 * chat;
        var personaVectorsReady = personasReady + embed;
        var deepest = placesDepth > 0 ? chat + embed + (placesDepth * places) + embed : 0;
        var shallowest = placesDepth > 0 ? chat + embed + places + embed : 0;
        var searchReady = Math.Max(personasReady, deepest);
        var leads = Math.Max(searchReady + search + embed, personaVectorsReady) + (tieBroken ? light : 0);
        var market = search + (marketAnalysed ? chat : 0);
        var chain = Math.Max(leads, market);

        var perProvider = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var group in calls.GroupBy(c => ThrottleOf(c.Provider), StringComparer.Ordinal))
        {
            var limit = limits.TryGetValue(group.Key, out var known) ? known : new ProviderLimit(1, TimeSpan.Zero);
            var total = group.Sum(c => c.Latency.TotalSeconds);
            var paced = ((group.Count() - 1) * limit.MinDelay.TotalSeconds) + group.Min(c => c.Latency.TotalSeconds);
            var bound = Math.Max(total / limit.MaxConcurrent, paced);
            var searches = Math.Min(decisionMakerSearches, group.Count(c => c.Operation == "search"));
            if (searches > 0)
            {
                // No decision-maker search starts before the personas are written, and one places page and its embedding, allow it.
                bound = Math.Max(bound, Math.Max(personasReady, shallowest) + (searches * search / limit.MaxConcurrent) + embed);
            }

            perProvider[group.Key] = bound;
        }

        return new Bound(chain, perProvider, perProvider.Values.Append(chain).Max(), calls.Sum(c => c.Latency.TotalSeconds));
    }

    public static bool IsEmbedding(PaidCall call) => call.Operation.Contains("embed", StringComparison.OrdinalIgnoreCase);

    public static bool IsChat(PaidCall call) => call.Operation.StartsWith("chat", StringComparison.OrdinalIgnoreCase);

    public static bool IsLight(PaidCall call) => IsChat(call) && call.Operation.Contains("light", StringComparison.OrdinalIgnoreCase);

    /// <summary>Providers that share one request budget (legacy Places uses the Google Places throttle).</summary>
    public static string ThrottleOf(string provider) => provider == "google_places_legacy" ? "google_places" : provider;
}
