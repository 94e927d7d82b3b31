using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Leadora.Ports;
using Leadora.Storage.Postgres;
using Leadora.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Leadora.Benchmarks;

/// <summary>
/// Throughput of the PostgreSQL job queue: jobs per second claimed and completed by 1, 4 and 8 consumers, each on its own
/// connection pool (as separate worker processes would be), against a throwaway local cluster (started like the tests',
/// or LEADORA_TEST_POSTGRES). Each invocation drains <see cref="Jobs"/> freshly enqueued jobs: claims of up to 4 (a runner's
/// default concurrency) under a lease, then one completion per job. Reported per job; the Jobs/s column is the inverse.
/// </summary>
[Config(typeof(Config))]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 8, invocationCount: 1)]
public class QueueBenchmarks
{
    private const int Jobs = 2000;

    private readonly List<PostgresJobQueue> _consumers = [];
    private PostgresJobQueue _producer = null!;
    private Guid _search;

    [Params(1, 4, 8)]
    public int Consumers { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var server = await PostgresServer.GetAsync();
        var options = new PostgresStorageOptions { ConnectionString = await server.CreateDatabaseAsync("bench"), Schema = "bench", VectorDimensions = 8 };
        _producer = Queue(options);
        for (var i = 0; i < Consumers; i++)
        {
            var consumer = Queue(options);
            await consumer.ClaimAsync("warm-up", 1);
            _consumers.Add(consumer);
        }
    }

    [IterationSetup]
    public void Enqueue()
    {
        _search = Guid.NewGuid();
        var jobs = Enumerable.Range(0, Jobs).Select(i => new JobRequest("discovery", "bench", _search, $"{_search:N}:{i}", "{}")).ToList();
        _producer.EnqueueAsync(jobs).GetAwaiter().GetResult();
    }

    [Benchmark(OperationsPerInvoke = Jobs)]
    public async Task ClaimAndComplete()
    {
        var done = await Task.WhenAll(_consumers.Select((queue, index) => Task.Run(async () =>
        {
            var completed = 0;
            while (true)
            {
                var claimed = await queue.ClaimAsync($"consumer-{index}", 4);
                if (claimed.Count == 0)
                {
                    return completed;
                }

                foreach (var job in claimed)
                {
                    if (await queue.CompleteAsync(job))
                    {
                        completed++;
                    }
                }
            }
        })));
        if (done.Sum() != Jobs)
        {
            throw new InvalidOperationException($"Completed {done.Sum()} of {Jobs} jobs.");
        }
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        foreach (var queue in _consumers.Append(_producer))
        {
            await queue.DisposeAsync();
        }

        _consumers.Clear();
    }

    private static PostgresJobQueue Queue(PostgresStorageOptions options)
    {
        var database = new PostgresDatabase(Options.Create(options), NullLoggerFactory.Instance);
        return new PostgresJobQueue(database, Options.Create(new LeadoraOptions()), TimeProvider.System, NullLogger<PostgresJobQueue>.Instance);
    }

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(new JobsPerSecondColumn());
    }

    /// <summary>Jobs claimed and completed per second: the inverse of the mean time per job.</summary>
    private sealed class JobsPerSecondColumn : IColumn
    {
        public string Id => "JobsPerSecond";

        public string ColumnName => "Jobs/s";

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Custom;

        public int PriorityInCategory => 0;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Dimensionless;

        public string Legend => "Jobs claimed and completed per second (all consumers together)";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) =>
            summary[benchmarkCase]?.ResultStatistics is { } statistics
                ? (1e9 / statistics.Mean).ToString("N0", System.Globalization.CultureInfo.InvariantCulture)
                : "-";

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

        public bool IsAvailable(Summary summary) => true;
    }
}
