using Leadora.AppHost;

// dotnet run --project samples/Leadora.AppHost   (needs a container runtime: Docker or Podman, for PostgreSQL)
var builder = DistributedApplication.CreateBuilder(args);
LeadoraAppModel.Build(builder);
await builder.Build().RunAsync();
