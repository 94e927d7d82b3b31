using System.Diagnostics;

namespace Leadora.Benchmarks.Pipeline;

/// <summary>Samples managed heap size and process working set every few milliseconds and keeps the peaks.</summary>
internal sealed class MemorySampler : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _peakManaged;
    private long _peakProcess;
    private int _disposed;

    public MemorySampler()
    {
        Sample();
        _loop = Task.Run(LoopAsync);
    }

    public double PeakManagedMb => Interlocked.Read(ref _peakManaged) / (1024.0 * 1024.0);

    public double PeakProcessMb => Interlocked.Read(ref _peakProcess) / (1024.0 * 1024.0);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        Sample();
        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(25));
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                Sample();
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    private void Sample()
    {
        var managed = GC.GetTotalMemory(false);
        using var process = Process.GetCurrentProcess();
        var workingSet = process.WorkingSet64;
        Max(ref _peakManaged, managed);
        Max(ref _peakProcess, workingSet);
    }

    private static void Max(ref long location, long value)
    {
        var current = Interlocked.Read(ref location);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref location, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
