using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Leadora.AppHost;

namespace Leadora.AppHost.Tests;

/// <summary>
/// The Aspire app model, built as the app host builds it but not started (no container runtime is needed): its
/// resources, their references and their environment.
/// </summary>
public sealed class AppModelTests
{
    private static (IDistributedApplicationBuilder Builder, DistributedApplicationModel Model) Build(params string[] args)
    {
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions { Args = args, DisableDashboard = true });
        LeadoraAppModel.Build(builder);
        return (builder, new DistributedApplicationModel(builder.Resources));
    }

    private static async Task<IReadOnlyDictionary<string, string>> EnvironmentOf(IResource resource)
    {
        var variables = new Dictionary<string, object>();
        var context = new EnvironmentCallbackContext(new DistributedApplicationExecutionContext(DistributedApplicationOperation.Publish), variables);
        foreach (var callback in resource.Annotations.OfType<EnvironmentCallbackAnnotation>())
        {
            await callback.Callback(context);
        }

        var values = new Dictionary<string, string>();
        foreach (var (name, value) in variables)
        {
            values[name] = value switch
            {
                string text => text,
                IManifestExpressionProvider expression => expression.ValueExpression,
                _ => value.ToString() ?? "",
            };
        }

        return values;
    }

    [Fact]
    public void The_model_has_postgres_with_pgvector_a_database_the_web_host_and_two_workers()
    {
        var (_, model) = Build();
        var postgres = Assert.Single(model.Resources.OfType<PostgresServerResource>());
        var image = Assert.Single(postgres.Annotations.OfType<ContainerImageAnnotation>());
        Assert.Equal(LeadoraAppModel.PostgresImage, image.Image);
        Assert.Equal(LeadoraAppModel.PostgresTag, image.Tag);
        var database = Assert.Single(model.Resources.OfType<PostgresDatabaseResource>());
        Assert.Equal("leadora", database.DatabaseName);
        Assert.Same(postgres, database.Parent);

        var projects = model.Resources.OfType<ProjectResource>().Select(p => p.Name).Order().ToList();
        Assert.Equal(["web", "worker-1", "worker-2"], projects);
        var web = model.Resources.OfType<ProjectResource>().Single(p => p.Name == "web");
        Assert.Contains(web.Annotations.OfType<EndpointAnnotation>(), e => e.UriScheme == "http");
        Assert.Contains(web.Annotations.OfType<HealthCheckAnnotation>(), _ => true);
    }

    [Fact]
    public async Task Every_host_gets_the_database_and_waits_for_it_and_only_the_workers_run_jobs()
    {
        var (_, model) = Build();
        var database = Assert.Single(model.Resources.OfType<PostgresDatabaseResource>());
        foreach (var project in model.Resources.OfType<ProjectResource>())
        {
            Assert.Contains(project.Annotations.OfType<WaitAnnotation>(), w => w.Resource == database);
            var environment = await EnvironmentOf(project);
            // The database's connection string, resolved when the app runs (in the manifest form "{leadora.connectionString}").
            Assert.Equal("{leadora.connectionString}", environment["LEADORA_DATABASE_URL"]);
            Assert.Equal("{leadora.connectionString}", environment["ConnectionStrings__leadora"]);
            // Aspire sets OTEL_EXPORTER_OTLP_ENDPOINT at run time for resources with this annotation; the service defaults export there.
            Assert.Contains(project.Annotations, a => a is OtlpExporterAnnotation);
            Assert.False(environment.ContainsKey("OPENAI_API_KEY"));
        }

        var web = await EnvironmentOf(model.Resources.OfType<ProjectResource>().Single(p => p.Name == "web"));
        Assert.Equal("false", web["LEADORA_WEB_RUN_JOBS"]);
        Assert.Equal("Always", web["LEADORA_WEB_OFFLINE"]);
        Assert.True(web.ContainsKey("LEADORA_WEB_PORT"));
        var worker = await EnvironmentOf(model.Resources.OfType<ProjectResource>().Single(p => p.Name == "worker-1"));
        Assert.Equal("true", worker["Leadora__Worker__Offline"]);
    }

    [Fact]
    public async Task Online_the_provider_keys_come_from_secret_parameters()
    {
        var (_, model) = Build("--Leadora:Offline=false");
        var keys = model.Resources.OfType<ParameterResource>().Where(p => p.Secret).Select(p => p.Name).Order().ToList();
        Assert.Equal(["openai-api-key", "serper-key"], keys);
        foreach (var project in model.Resources.OfType<ProjectResource>())
        {
            var environment = await EnvironmentOf(project);
            Assert.Equal("{openai-api-key.value}", environment["OPENAI_API_KEY"]);
            Assert.Equal("{serper-key.value}", environment["SERPER_KEY"]);
        }
    }
}
