namespace Leadora.Sandbox;

/// <summary>
/// Scripted faults for tests: each enqueued fault is taken by the next request to that provider that it applies to
/// (a schema fault waits for an LLM response; it is not spent on an embeddings call). Thread-safe.
/// </summary>
public sealed class SandboxFaultQueue
{
    private readonly Dictionary<string, List<SandboxFault>> _queues = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Queues <paramref name="fault"/> for the next request to <paramref name="provider"/>.</summary>
    /// <exception cref="ArgumentException">The provider is unknown, or the fault cannot apply to it.</exception>
    public void Enqueue(string provider, SandboxFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        var name = SandboxProviders.Require(provider, nameof(provider));
        if (fault.Kind == SandboxFaultKind.SchemaViolation && !SandboxProviders.Llm.Contains(name))
        {
            throw new ArgumentException($"A schema fault applies only to LLM providers ({string.Join(", ", SandboxProviders.Llm)}), not '{name}'.", nameof(fault));
        }

        lock (_lock)
        {
            if (!_queues.TryGetValue(name, out var queue))
            {
                _queues[name] = queue = [];
            }

            queue.Add(fault);
        }
    }

    /// <summary>Number of faults still queued for <paramref name="provider"/>.</summary>
    public int Pending(string provider)
    {
        var name = SandboxProviders.Require(provider, nameof(provider));
        lock (_lock)
        {
            return _queues.TryGetValue(name, out var queue) ? queue.Count : 0;
        }
    }

    /// <summary>Drops every queued fault.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _queues.Clear();
        }
    }

    /// <summary>Takes the first queued fault for the provider that <paramref name="applies"/> accepts.</summary>
    internal SandboxFault? TryTake(string provider, Func<SandboxFaultKind, bool> applies)
    {
        lock (_lock)
        {
            if (!_queues.TryGetValue(provider, out var queue))
            {
                return null;
            }

            var index = queue.FindIndex(f => applies(f.Kind));
            if (index < 0)
            {
                return null;
            }

            var fault = queue[index];
            queue.RemoveAt(index);
            return fault;
        }
    }
}
