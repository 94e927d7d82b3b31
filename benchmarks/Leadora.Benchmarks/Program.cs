using BenchmarkDotNet.Running;
using Leadora.Benchmarks.Pipeline;

// Pipeline benchmark (whole searches against the sandbox, measured against the critical-path bound):
//   dotnet run -c Release --project benchmarks/Leadora.Benchmarks -- pipeline [--json] [--postgres [CONNSTRING]]
// Micro-benchmarks: dotnet run -c Release --project benchmarks/Leadora.Benchmarks -- --filter '*'
if (args.Length > 0 && args[0] == "pipeline")
{
    return await PipelineBenchmark.RunAsync(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(PipelineBenchmark).Assembly).Run(args);
return 0;
