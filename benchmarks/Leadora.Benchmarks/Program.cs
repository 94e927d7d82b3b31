using BenchmarkDotNet.Running;
using Leadora.Benchmarks.Pipeline;

// Pipeline benchmark (whole searches against the sandbox, measured against the critical-path bound):
//   dotnet run -c Release --project benchmarks/Leadora.Benchmarks -- pipeline [--json] [--postgres [CONNSTRING]]
//   (it starts the sandbox as a child process of this executable, verb sandbox-host)
// Micro-benchmarks: dotnet run -c Release --project benchmarks/Leadora.Benchmarks -- --filter '*'
if (args.Length > 0 && args[0] == SandboxProcess.Verb)
{
    return await SandboxProcess.ServeAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "pipeline")
{
    return await PipelineBenchmark.RunAsync(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(PipelineBenchmark).Assembly).Run(args);
return 0;
