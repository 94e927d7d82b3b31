using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace Leadora.AppHost;

/// <summary>
/// The Leadora app model: PostgreSQL with pgvector and a <c>leadora</c> database, the web host (which leaves the jobs to
/// the workers) and two workers draining the shared PostgreSQL job queue. Offline (the default, <c>Leadora:Offline</c>)
/// every host runs against its in-process sandbox with synthetic data; with <c>Leadora:Offline=false</c> the provider keys
/// come from the <c>openai-api-key</c> and <c>serper-key</c> parameters.
/// </summary>
public static class LeadoraAppModel
{
    /// <summary>The pgvector image, PostgreSQL 17 with the vector extension.</summary>
    public const string PostgresImage = "pgvector/pgvector";

    /// <summary>The pgvector image tag.</summary>
    public const string PostgresTag = "pg17";

    /// <summary>Adds every Leadora resource to <paramref name="builder"/>.</summary>
    public static void Build(IDistributedApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var offline = !string.Equals(builder.Configuration["Leadora:Offline"], "false", StringComparison.OrdinalIgnoreCase);

        var postgres = builder.AddPostgres("postgres")
            .WithImage(PostgresImage, PostgresTag)
            .WithDataVolume();
        var database = postgres.AddDatabase("leadora");

        var web = builder.AddProject<Projects.Leadora_Web>("web")
            .WithReference(database)
            .WaitFor(database)
            .WithEnvironment("LEADORA_DATABASE_URL", database)
            .WithEnvironment("LEADORA_WEB_RUN_JOBS", "false")
            .WithEnvironment("LEADORA_WEB_OFFLINE", offline ? "Always" : "Never")
            .WithHttpEndpoint(env: "LEADORA_WEB_PORT")
            .WithHttpHealthCheck("/health/ready");

        foreach (var name in new[] { "worker-1", "worker-2" })
        {
            var worker = builder.AddProject<Projects.Leadora_Worker>(name)
                .WithReference(database)
                .WaitFor(database)
                .WithEnvironment("LEADORA_DATABASE_URL", database)
                .WithEnvironment("Leadora__Worker__Offline", offline ? "true" : "false");
            if (!offline)
            {
                AddProviderKeys(builder, worker);
            }
        }

        if (!offline)
        {
            AddProviderKeys(builder, web);
        }
    }

    private static void AddProviderKeys(IDistributedApplicationBuilder builder, IResourceBuilder<ProjectResource> project)
    {
        foreach (var (parameter, variable) in new[] { ("openai-api-key", "OPENAI_API_KEY"), ("serper-key", "SERPER_KEY") })
        {
            var key = builder.Resources.OfType<ParameterResource>().FirstOrDefault(p => p.Name == parameter) is { } existing
                ? builder.CreateResourceBuilder(existing)
                : builder.AddParameter(parameter, secret: true);
            project.WithEnvironment(variable, key);
        }
    }
}
