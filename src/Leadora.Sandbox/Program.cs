using System.Runtime.InteropServices;
using Leadora.Sandbox;

// Standalone sandbox: dotnet run --project src/Leadora.Sandbox -- --port 5090 [--seed 42]
//   [--latency openai=2000,serper=600 | realistic] [--faults openai:429=0.3,serper:500=0.2]
SandboxOptions options;
try
{
    options = SandboxOptions.ParseArguments(args);
}
catch (FormatException exception)
{
    await Console.Error.WriteLineAsync($"leadora-sandbox: {exception.Message}");
    return 2;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.Cancel();
});

await using var server = await SandboxServer.StartAsync(options, stop.Token);
Console.WriteLine($"Leadora sandbox (synthetic data, seed {server.Seed}) listening on {server.BaseAddress}");
foreach (var provider in server.Providers)
{
    Console.WriteLine($"  {provider,-13} {server.BaseAddressFor(provider)}");
}

Console.WriteLine("Press Ctrl+C to stop.");
try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
    // Ctrl+C.
}

return 0;
