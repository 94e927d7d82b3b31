using System.Collections.Concurrent;

namespace Leadora.Jobs;

/// <summary>
/// In-process change notifications per search, so watchers wake as soon as a job in this process reports progress or
/// finishes. Watchers also poll, so changes made by other processes are seen within the poll interval.
/// </summary>
public sealed class SearchSignals
{
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource> _signals = new();

    /// <summary>Wakes everyone waiting on <paramref name="searchId"/>.</summary>
    public void Notify(Guid searchId)
    {
        if (_signals.TryRemove(searchId, out var signal))
        {
            signal.TrySetResult();
        }
    }

    /// <summary>Waits for a notification or until <paramref name="timeout"/> passes.</summary>
    public async Task WaitAsync(Guid searchId, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        var signal = _signals.GetOrAdd(searchId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        try
        {
            await signal.Task.WaitAsync(timeout, time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Poll again.
        }
    }
}
