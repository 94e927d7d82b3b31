namespace Leadora.Worker;

/// <summary>Settings of this host (section <c>Leadora:Worker</c>).</summary>
internal sealed class WorkerSettings
{
    /// <summary>Run against an in-process sandbox instead of the real providers (synthetic data).</summary>
    public bool Offline { get; set; }

    /// <summary>Seed of the sandbox's world; workers with the same seed see the same world.</summary>
    public long SandboxSeed { get; set; } = 42;

    /// <summary>Sandbox latency spec, for example <c>openai=500,serper=300</c> or <c>realistic</c>.</summary>
    public string? SandboxLatency { get; set; }

    /// <summary>
    /// A standalone sandbox (<c>leadora sandbox --port N</c>) shared by the fleet, used as every provider
    /// (<c>Leadora:Worker:SandboxUrl</c> or <c>LEADORA_SANDBOX_URL</c>); configured provider limits still apply.
    /// </summary>
    public string? SandboxUrl { get; set; }
}
