using Leadora.Usage;

namespace Leadora.Providers;

/// <summary>
/// Records paid calls an adapter makes beyond the one call Leadora's usage decorator already counts (legacy Place
/// Details, pages walked to reach a page token). Does nothing when Leadora's usage recorder is not registered.
/// </summary>
internal sealed class ExtraCalls(UsageRecorder? usage)
{
    /// <summary>Records one call.</summary>
    public Task RecordAsync(string provider, string operation, int items, TimeSpan latency, bool failed) =>
        usage?.RecordAsync(provider, operation, null, 0, 0, items, latency, failed, cancellationToken: CancellationToken.None) ?? Task.CompletedTask;

    /// <summary>The clock latency is measured with.</summary>
    public long Start() => usage?.Time.GetTimestamp() ?? 0;

    /// <summary>Elapsed time since <paramref name="started"/>.</summary>
    public TimeSpan Elapsed(long started) => usage?.Time.GetElapsedTime(started) ?? TimeSpan.Zero;
}
