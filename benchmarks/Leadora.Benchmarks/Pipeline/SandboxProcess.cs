using System.Diagnostics;
using System.Globalization;
using Leadora.Sandbox;

namespace Leadora.Benchmarks.Pipeline;

/// <summary>
/// The sandbox in a process of its own (this benchmark's executable, verb <see cref="Verb"/>), so the measured process holds
/// what a Leadora host holds against remote providers, not the emulator, its synthetic world and its Kestrel server too.
/// It stops when its standard input closes.
/// </summary>
internal sealed class SandboxProcess : IAsyncDisposable
{
    public const string Verb = "sandbox-host";

    private const string Ready = "listening ";

    private readonly Process _process;
    private readonly Task _drain;

    private SandboxProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
        _drain = process.StandardOutput.ReadToEndAsync();
    }

    /// <summary>Where the sandbox listens.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Starts the sandbox with the given per-provider and per-path latencies and waits until it listens.</summary>
    public static async Task<SandboxProcess> StartAsync(IReadOnlyDictionary<string, TimeSpan> latency, IReadOnlyDictionary<string, TimeSpan> pathLatency)
    {
        var path = Environment.ProcessPath ?? throw new InvalidOperationException("The benchmark's executable path is unknown.");
        var start = new ProcessStartInfo(path) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(path).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add(typeof(SandboxProcess).Assembly.Location);
        }

        start.ArgumentList.Add(Verb);
        foreach (var (flag, values) in new[] { ("--latency", latency), ("--path-latency", pathLatency) })
        {
            foreach (var (name, value) in values)
            {
                start.ArgumentList.Add(flag);
                start.ArgumentList.Add(string.Create(CultureInfo.InvariantCulture, $"{name}={value.TotalMilliseconds}"));
            }
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("The sandbox process did not start.");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith(Ready, StringComparison.Ordinal))
            {
                return new SandboxProcess(process, new Uri(line[Ready.Length..]));
            }
        }

        process.Kill(entireProcessTree: true);
        process.Dispose();
        throw new InvalidOperationException("The sandbox process ended before it listened.");
    }

    /// <summary>The child's side: serves the sandbox until standard input closes.</summary>
    public static async Task<int> ServeAsync(IReadOnlyList<string> args)
    {
        var options = new SandboxOptions { RequestLogCapacity = 100 };
        for (var i = 0; i + 1 < args.Count; i += 2)
        {
            var (name, milliseconds) = args[i + 1].Split('=') is [var n, var ms] ? (n, double.Parse(ms, CultureInfo.InvariantCulture)) : throw new ArgumentException($"'{args[i + 1]}' is not name=milliseconds.");
            var target = args[i] switch
            {
                "--latency" => options.Latency,
                "--path-latency" => options.PathLatency,
                _ => throw new ArgumentException($"Unknown argument '{args[i]}'."),
            };
            target[name] = TimeSpan.FromMilliseconds(milliseconds);
        }

        await using var server = await SandboxServer.StartAsync(options);
        await Console.Out.WriteLineAsync(Ready + server.BaseAddress);
        await Console.Out.FlushAsync();
        await Console.In.ReadToEndAsync();
        return 0;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _drain;
        _process.Dispose();
    }
}
