using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Leadora.Providers;
using Leadora.Sandbox;
using Leadora.Storage.Postgres;
using Leadora.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Leadora.Benchmarks.Pipeline;

/// <summary>
/// Whole searches against the sandbox (real Kestrel in a child process, or in this one with <c>--sandbox-in-process</c>;
/// production adapters) with fixed provider latencies and the default provider limits, measured against the
/// critical-path bound of the calls they made.
/// <c>dotnet run -c Release --project benchmarks/Leadora.Benchmarks -- pipeline [--json] [--postgres [CONNSTRING]] [--sizes 1x1,2x2,large] [--timeline] [--sandbox-in-process]</c>.
/// </summary>
internal static class PipelineBenchmark
{
    private const string Tenant = "bench";

    /// <summary>The latencies the sandbox adds; the bound uses the same figures.</summary>
    private static readonly Dictionary<string, TimeSpan> Latencies = new(StringComparer.Ordinal)
    {
        [SandboxProviders.OpenAI] = TimeSpan.FromMilliseconds(1500),
        [SandboxProviders.Gemini] = TimeSpan.FromMilliseconds(1500),
        [SandboxProviders.DeepSeek] = TimeSpan.FromMilliseconds(1500),
        [SandboxProviders.Serper] = TimeSpan.FromMilliseconds(400),
        [SandboxProviders.Places] = TimeSpan.FromMilliseconds(400),
        [SandboxProviders.PlacesLegacy] = TimeSpan.FromMilliseconds(400),
        [SandboxProviders.CustomSearch] = TimeSpan.FromMilliseconds(400),
    };

    private static readonly TimeSpan EmbeddingLatency = TimeSpan.FromMilliseconds(300);

    private const string EmbeddingsPath = "openai/v1/embeddings";

    private static readonly Size[] AllSizes =
    [
        new("1x1", new LeadSearchRequest
        {
            SearchType = SearchType.Customer,
            ProductService = "Industrial water-treatment chemicals for cooling towers and process water",
            Industries = ["Petrochemicals"],
            Countries = ["Saudi Arabia"],
        }),
        new("2x2", new LeadSearchRequest
        {
            SearchType = SearchType.Customer,
            ProductService = "Industrial water-treatment chemicals for cooling towers and process water",
            Industries = ["Petrochemicals", "Power generation"],
            Countries = ["Saudi Arabia", "United Arab Emirates"],
        }),
        new("large", new LeadSearchRequest
        {
            SearchType = SearchType.Customer,
            ProductService = "Industrial water-treatment chemicals for cooling towers, boilers and process water",
            Industries = ["Petrochemicals", "Power generation", "Oil refining", "Fertilizers", "Steel", "Water treatment"],
            Countries = ["Saudi Arabia", "United Arab Emirates", "United States", "Germany", "India", "United Kingdom"],
            Limits = new SearchLimits { BusinessPersonas = 6, DecisionMakerPersonas = 3, BusinessesPerPersona = 40, DecisionMakersPerBusiness = 3 },
        }),
    ];

    /// <summary>Whether to print, per provider, how many requests the sandbox was serving at each step of the search.</summary>
    private static bool Timeline { get; set; }

    /// <summary>
    /// Whether the sandbox runs inside the measured process (as before 2026-12-03 14:00 UTC; always with
    /// <c>--timeline</c>, which reads its request log) rather than in a process of its own.
    /// </summary>
    private static bool SandboxInProcess { get; set; }

    /// <summary>The timeline's step: a tenth of a second for searches shorter than 20 s, half a second otherwise.</summary>
    private static double TimelineStep(IReadOnlyList<SandboxRequestLogEntry> log, DateTimeOffset origin) =>
        log.Count > 0 && log.Max(e => (e.Timestamp - origin + e.Duration).TotalSeconds) < 20 ? 0.1 : 0.5;

    private static void PrintTimeline(IReadOnlyList<SandboxRequestLogEntry> log, DateTimeOffset origin)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   requests in flight per provider, every {TimelineStep(log, origin):0.0} s from the search's start:"));
        foreach (var group in log.Where(e => e.Provider is not null).GroupBy(e => e.Provider + (e.Path.Contains("embeddings", StringComparison.Ordinal) ? "/emb" : e.Path.EndsWith("places", StringComparison.Ordinal) ? "/places" : "")))
        {
            var end = group.Max(e => (e.Timestamp - origin + e.Duration).TotalSeconds);
            var width = TimelineStep(log, origin);
            var buckets = (int)Math.Ceiling(end / width) + 1;
            var line = new System.Text.StringBuilder();
            for (var b = 0; b < buckets; b++)
            {
                var at = origin + TimeSpan.FromSeconds((b * width) + (width / 2));
                var busy = group.Count(e => e.Timestamp <= at && e.Timestamp + e.Duration >= at);
                line.Append(busy > 9 ? '+' : (char)('0' + busy));
            }

            Console.WriteLine($"   {group.Key,-14} {line}");
        }
    }

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var json = false;
        string? postgres = null;
        var usePostgres = false;
        var names = AllSizes.Select(s => s.Name).ToList();
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--json":
                    json = true;
                    break;
                case "--postgres":
                    usePostgres = true;
                    if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
                    {
                        postgres = args[++i];
                    }

                    break;
                case "--timeline":
                    Timeline = true;
                    SandboxInProcess = true;
                    break;
                case "--sandbox-in-process":
                    SandboxInProcess = true;
                    break;
                case "--sizes" when i + 1 < args.Count:
                    names = args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
                    break;
                default:
                    await Console.Error.WriteLineAsync($"Unknown argument '{args[i]}'. Usage: pipeline [--json] [--postgres [CONNSTRING]] [--sizes 1x1,2x2,large] [--timeline] [--sandbox-in-process]");
                    return 2;
            }
        }

        var sizes = names.Select(n => AllSizes.FirstOrDefault(s => s.Name == n) ?? throw new ArgumentException($"Unknown size '{n}'.")).ToList();
        Console.WriteLine($"Pipeline benchmark: {Environment.ProcessorCount} cores, .NET {Environment.Version}, storage {(usePostgres ? "PostgreSQL" : "in-memory")}, sandbox {(SandboxInProcess ? "in this process" : "in its own process")}, load average {LoadAverage()}");
        Console.WriteLine("Latency: OpenAI chat 1,500 ms, embeddings 300 ms, Serper 400 ms, Places 400 ms. Limits: provider defaults (OpenAI 2 in flight, 300 ms apart).");
        // One sandbox process serves every size (started with the latencies, so the warm-up search takes them too); in
        // process, each size gets a sandbox of its own.
        await using var sandboxProcess = SandboxInProcess
            ? null
            : await SandboxProcess.StartAsync(Latencies, new Dictionary<string, TimeSpan> { [EmbeddingsPath] = EmbeddingLatency });

        // Warm up (JIT, Kestrel, connection pools) with one small search; it is not reported.
        _ = await RunSizeAsync(AllSizes[0], usePostgres ? postgres ?? await (await PostgresServer.GetAsync()).CreateDatabaseAsync("bench") : null, sandboxProcess, warmUp: true);
        var results = new List<Outcome>();
        foreach (var size in sizes)
        {
            var connection = usePostgres ? postgres ?? await (await PostgresServer.GetAsync()).CreateDatabaseAsync("bench") : null;
            var outcome = await RunSizeAsync(size, connection, sandboxProcess);
            results.Add(outcome);
            Print(outcome);
        }

        Console.WriteLine();
        Console.WriteLine("| size | businesses | decision makers | wall s | bound s | wall ÷ bound | sequential s | speedup | peak process MB | peak managed MB | embedding calls ÷ items | CPU ms per business | repeat: paid calls |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Name} | {r.Businesses:N0} | {r.DecisionMakers:N0} | {r.WallSeconds:0.0} | {r.Bound.BoundSeconds:0.0} | {r.WallSeconds / r.Bound.BoundSeconds:0.00} | {r.Bound.SequentialSeconds:0.0} | {r.Bound.SequentialSeconds / r.WallSeconds:0.0}× | {r.PeakProcessMb:0} | {r.PeakManagedMb:0} | {r.EmbeddingCalls} ÷ {r.EmbeddedItems:N0} | {r.CpuMsPerBusiness:0.0} | {r.RepeatPaidCalls} |"));
        }

        if (json)
        {
            var document = new JsonObject
            {
                ["sizes"] = new JsonArray(results.Select(r => (JsonNode)new JsonObject
                {
                    ["name"] = r.Name,
                    ["businesses"] = r.Businesses,
                    ["decisionMakers"] = r.DecisionMakers,
                    ["wallSeconds"] = Math.Round(r.WallSeconds, 3),
                    ["boundSeconds"] = Math.Round(r.Bound.BoundSeconds, 3),
                    ["wallOverBound"] = Math.Round(r.WallSeconds / r.Bound.BoundSeconds, 3),
                    ["sequentialSeconds"] = Math.Round(r.Bound.SequentialSeconds, 3),
                    ["speedup"] = Math.Round(r.Bound.SequentialSeconds / r.WallSeconds, 2),
                    ["peakMemoryMb"] = Math.Round(r.PeakProcessMb, 1),
                    ["embeddingCalls"] = r.EmbeddingCalls,
                    ["embeddedItems"] = r.EmbeddedItems,
                }).ToArray()),
            };
            Console.WriteLine(document.ToJsonString(new JsonSerializerOptions { WriteIndented = false }));
        }

        return 0;
    }

    private static async Task<Outcome> RunSizeAsync(Size size, string? postgres, SandboxProcess? sandboxProcess, bool warmUp = false)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        SandboxServer? sandbox = null;
        if (sandboxProcess is null)
        {
            var sandboxOptions = new SandboxOptions { RequestLogCapacity = Timeline ? 100_000 : 100 };
            if (!warmUp)
            {
                foreach (var (name, latency) in Latencies)
                {
                    sandboxOptions.Latency[name] = latency;
                }

                sandboxOptions.PathLatency[EmbeddingsPath] = EmbeddingLatency;
            }

            sandbox = await SandboxServer.StartAsync(sandboxOptions);
        }

        await using var stopSandbox = sandbox;

        var services = new ServiceCollection();
        services.AddLogging();
        var configuration = new ConfigurationBuilder().Build();
        var leadora = services.AddLeadora(configuration).UseSandbox(sandbox?.BaseAddress ?? sandboxProcess!.BaseAddress);
        RestoreDefaultLimits(leadora);
        if (postgres is not null)
        {
            leadora.UsePostgres(postgres);
        }

        RecordingUsageLedger.Decorate(services);
        await using var provider = services.BuildServiceProvider();
        var pipeline = provider.GetRequiredService<ILeadPipeline>();
        var ledger = provider.GetRequiredService<RecordingUsageLedger>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(6));

        LeadSearchResult result;
        double wall;
        TimeSpan cpu;
        double peakManaged, peakProcess;
        await using (var memory = new MemorySampler())
        {
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var search = await pipeline.StartAsync(Tenant, size.Request, timeout.Token);
            result = await pipeline.RunToCompletionAsync(Tenant, search.Id, timeout.Token);
            wall = clock.Elapsed.TotalSeconds;
            cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
            await memory.DisposeAsync();
            peakManaged = memory.PeakManagedMb;
            peakProcess = memory.PeakProcessMb;
        }

        var entries = ledger.EntriesFor(result.Search.Id);
        var calls = entries
            .Where(e => !e.CacheHit && e.Provider != Embeddings.HashingEmbeddingGenerator.ProviderName)
            .Select(e => new PaidCall(e.Provider, e.Operation, e.Items, FixedLatency(e.Provider, e.Operation), e.At - e.Latency, e.At))
            .ToList();
        // How many pages deep discovery went: the deepest page a stored business came from.
        var placesDepth = result.Businesses.Select(b => b.Provenance.Page ?? 1).DefaultIfEmpty(calls.Any(c => c.Operation == "places") ? 1 : 0).Max();
        if (Timeline && !warmUp)
        {
            PrintTimeline(sandbox!.RequestLog.Snapshot(), result.Search.CreatedAt);
            PrintTieBreaks(result);
        }

        var bound = Bound.Compute(calls, Limits(provider), placesDepth, result.Market is { Evidence: EvidenceLevel.Grounded }, result.Businesses.Count(b => b.DecisionMakersSearched), result.DecisionMakers.Any(d => d.PersonaMatch?.Method == MatchMethod.LlmRefined));

        // The same search again, within the cache's time to live: it must make no paid call.
        var repeat = await pipeline.StartAsync(Tenant, size.Request, timeout.Token);
        var again = await pipeline.RunToCompletionAsync(Tenant, repeat.Id, timeout.Token);
        if (Environment.GetEnvironmentVariable("LEADORA_BENCH_DIFF") == "1")
        {
            PrintDifferences(result, again);
        }

        var repeatEntries = ledger.EntriesFor(repeat.Id).Where(e => !e.CacheHit && e.Provider != Embeddings.HashingEmbeddingGenerator.ProviderName).ToList();
        var repeatPaid = repeatEntries.Count;
        foreach (var group in repeatEntries.GroupBy(e => $"{e.Provider}/{e.Operation}"))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   repeat of {size.Name}: {group.Count()} paid {group.Key} call(s), {group.Sum(e => e.Items)} items"));
        }

        var embeddings = calls.Where(Bound.IsEmbedding).ToList();
        return new Outcome(
            size.Name,
            result.Search.Status,
            result.Businesses.Count,
            result.DecisionMakers.Count,
            wall,
            bound,
            calls,
            placesDepth,
            embeddings.Count,
            embeddings.Sum(e => e.Items),
            embeddings.Select(e => e.Items).DefaultIfEmpty(0).Max(),
            peakManaged,
            peakProcess,
            cpu.TotalMilliseconds / Math.Max(1, result.Businesses.Count),
            repeatPaid,
            result.Search.CreatedAt);
    }

    /// <summary>
    /// <see cref="ProvidersLeadoraBuilderExtensions.UseSandbox"/> lifts pacing for quick tests; the benchmark puts every
    /// provider's default budget back, so the searches run under the limits a real deployment has.
    /// </summary>
    private static void RestoreDefaultLimits(ILeadoraBuilder leadora)
    {
        static void Defaults<T>(T target)
            where T : ProviderHttpOptions, new()
        {
            var defaults = new T();
            target.MaxConcurrent = defaults.MaxConcurrent;
            target.MinDelayMs = defaults.MinDelayMs;
        }

        leadora.UseOpenAI(Defaults);
        leadora.UseGemini(Defaults);
        leadora.UseDeepSeek(Defaults);
        leadora.UseSerper(Defaults);
        leadora.UseGooglePlaces(Defaults);
        leadora.UseGoogleCse(Defaults);
    }

    private static Dictionary<string, ProviderLimit> Limits(IServiceProvider services)
    {
        static ProviderLimit Of(ProviderHttpOptions o) => new(o.MaxConcurrent, TimeSpan.FromMilliseconds(o.MinDelayMs));
        return new Dictionary<string, ProviderLimit>(StringComparer.Ordinal)
        {
            ["openai"] = Of(services.GetRequiredService<IOptions<OpenAIProviderOptions>>().Value),
            ["gemini"] = Of(services.GetRequiredService<IOptions<GeminiOptions>>().Value),
            ["deepseek"] = Of(services.GetRequiredService<IOptions<DeepSeekOptions>>().Value),
            ["serper"] = Of(services.GetRequiredService<IOptions<SerperOptions>>().Value),
            ["google_places"] = Of(services.GetRequiredService<IOptions<GooglePlacesOptions>>().Value),
            ["google_cse"] = Of(services.GetRequiredService<IOptions<GoogleCseOptions>>().Value),
        };
    }

    private static TimeSpan FixedLatency(string provider, string operation) => provider switch
    {
        "openai" when operation.Contains("embed", StringComparison.Ordinal) => EmbeddingLatency,
        "openai" => Latencies[SandboxProviders.OpenAI],
        "gemini" => Latencies[SandboxProviders.Gemini],
        "deepseek" => Latencies[SandboxProviders.DeepSeek],
        "serper" => Latencies[SandboxProviders.Serper],
        "google_places" => Latencies[SandboxProviders.Places],
        "google_places_legacy" => Latencies[SandboxProviders.PlacesLegacy],
        "google_cse" => Latencies[SandboxProviders.CustomSearch],
        _ => throw new InvalidOperationException($"No fixed latency for {provider}/{operation}."),
    };

    /// <summary>
    /// Prints the businesses (with where they were found, their fit and their people) that only one of two runs of a
    /// search has: what makes a repeated search ask for something new. Ids differ between searches, so personas are
    /// named by rank; <c>p</c> is the rank of the business persona whose discovery unit stored the business.
    /// </summary>
    private static void PrintDifferences(LeadSearchResult first, LeadSearchResult second)
    {
        static HashSet<string> Lines(LeadSearchResult r)
        {
            var businessRank = r.BusinessPersonas.ToDictionary(p => p.Id.ToString("N"), p => p.Rank);
            var personRank = r.DecisionMakerPersonas.ToDictionary(p => p.Id, p => p.Rank);
            var people = r.DecisionMakers.ToLookup(d => d.BusinessId);
            return r.Businesses.Concat(r.ExcludedBusinesses).Select(b => string.Create(CultureInfo.InvariantCulture,
                $"{b.Name} | {b.Country} | {b.City} | {b.Address} | p{businessRank[b.DiscoveredBy.Split(':')[0]]} | fit {b.Fit?.Score:0.00} excluded {b.Excluded} | people {string.Join(",", people[b.Id].Select(d => $"{d.Name}/{(d.PersonaMatch is { } m ? personRank[m.PersonaId] : 0)}").Order(StringComparer.Ordinal))}"))
                .ToHashSet(StringComparer.Ordinal);
        }

        var a = Lines(first);
        var b = Lines(second);
        foreach (var line in a.Except(b).Order(StringComparer.Ordinal))
        {
            Console.WriteLine($"   only first : {line}");
        }

        foreach (var line in b.Except(a).Order(StringComparer.Ordinal))
        {
            Console.WriteLine($"   only repeat: {line}");
        }
    }

    /// <summary>Where each tie-broken person's business came from: its discovery unit and how deep that unit paged.</summary>
    private static void PrintTieBreaks(LeadSearchResult result)
    {
        var businesses = result.Businesses.ToDictionary(b => b.Id);
        var rank = result.BusinessPersonas.ToDictionary(p => p.Id.ToString("N"), p => p.Rank);
        foreach (var person in result.DecisionMakers.Where(d => d.PersonaMatch?.Method == MatchMethod.LlmRefined).Take(10))
        {
            if (businesses.TryGetValue(person.BusinessId, out var b))
            {
                var unitDepth = result.Businesses.Where(o => o.DiscoveredBy == b.DiscoveredBy).Max(o => o.Provenance.Page ?? 1);
                Console.WriteLine($"   tie-break: {person.Title} at {b.Name}, found by persona {rank[b.DiscoveredBy.Split(':')[0]]} in {b.Country} (unit {unitDepth} page(s) deep, {result.Businesses.Count(o => o.DiscoveredBy == b.DiscoveredBy)} businesses)");
            }
        }
    }

    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "n/a";
        }
    }

    private static void Print(Outcome r)
    {
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine();
        Console.WriteLine(string.Create(inv, $"== {r.Name}: {r.Status}, {r.Businesses:N0} businesses, {r.DecisionMakers:N0} decision makers, load average {LoadAverage()}"));
        Console.WriteLine(string.Create(inv, $"   wall {r.WallSeconds:0.00} s, bound {r.Bound.BoundSeconds:0.00} s (chain {r.Bound.ChainSeconds:0.00} s with {r.PlacesDepth} places page(s) deep), wall ÷ bound {r.WallSeconds / r.Bound.BoundSeconds:0.00}"));
        Console.WriteLine(string.Create(inv, $"   sequential {r.Bound.SequentialSeconds:0.0} s, speedup {r.Bound.SequentialSeconds / r.WallSeconds:0.0}×; CPU {r.CpuMsPerBusiness:0.0} ms per business; peak memory {r.PeakProcessMb:0} MB process, {r.PeakManagedMb:0} MB managed"));
        foreach (var (throttle, seconds) in r.Bound.ProviderSeconds.OrderByDescending(p => p.Value))
        {
            Console.WriteLine(string.Create(inv, $"   {throttle}: needs ≥ {seconds:0.00} s under its limits"));
        }

        foreach (var group in r.Calls.GroupBy(c => $"{c.Provider}/{c.Operation}").OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var first = group.Min(c => c.Started) - r.SearchStarted;
            var last = group.Max(c => c.Finished) - r.SearchStarted;
            Console.WriteLine(string.Create(inv, $"   {group.Key}: {group.Count()} calls, {group.Sum(c => c.Items):N0} items, from {first.TotalSeconds:0.0} s to {last.TotalSeconds:0.0} s"));
        }

        Console.WriteLine(string.Create(inv, $"   embeddings: {r.EmbeddingCalls} calls for {r.EmbeddedItems:N0} items (largest {r.LargestEmbeddingBatch:N0}); repeated search: {r.RepeatPaidCalls} paid calls"));
    }

    private sealed record Size(string Name, LeadSearchRequest Request);

    private sealed record Outcome(
        string Name,
        SearchStatus Status,
        int Businesses,
        int DecisionMakers,
        double WallSeconds,
        Bound Bound,
        IReadOnlyList<PaidCall> Calls,
        int PlacesDepth,
        int EmbeddingCalls,
        int EmbeddedItems,
        int LargestEmbeddingBatch,
        double PeakManagedMb,
        double PeakProcessMb,
        double CpuMsPerBusiness,
        int RepeatPaidCalls,
        DateTimeOffset SearchStarted);
}
