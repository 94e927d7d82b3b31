using Leadora.Ports;
using Leadora.Storage.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Leadora;

/// <summary>Registers PostgreSQL storage on an <see cref="ILeadoraBuilder"/>.</summary>
public static class PostgresLeadoraBuilderExtensions
{
    /// <summary>
    /// Keeps everything in PostgreSQL with pgvector: replaces the in-memory lead store, vector store, job queue, response
    /// cache, usage ledger, and the request and spending limiters (so provider limits and budgets hold for every process
    /// sharing the database). Settings come from the <c>Leadora:Postgres</c> section (the connection string also from
    /// <c>LEADORA_DATABASE_URL</c>), then from <paramref name="configure"/>, and are validated at start-up. Pending migrations
    /// are applied before the first query (and when a host starts), unless <see cref="PostgresStorageOptions.ApplyMigrationsOnStartup"/> is off.
    /// </summary>
    /// <param name="builder">The Leadora builder.</param>
    /// <param name="configure">Overrides applied after configuration binding.</param>
    /// <returns>The builder.</returns>
#pragma warning disable RS0027 // The optional-configure overload predates the data-source overloads; both read naturally at call sites.
    public static ILeadoraBuilder UsePostgres(this ILeadoraBuilder builder, Action<PostgresStorageOptions>? configure = null)
#pragma warning restore RS0027
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var options = services.AddOptions<PostgresStorageOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        if (services.Any(d => d.ServiceType == typeof(PostgresMarker)))
        {
            return builder;
        }

        services.AddSingleton<PostgresMarker>();
        options.Bind(builder.Configuration.GetSection(PostgresStorageOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgresStorageOptions>, PostgresStorageOptionsValidator>());
        services.TryAddSingleton(sp => sp.GetService<DataSourceFromServices>() is { } external
            ? new PostgresDatabase(sp.GetRequiredService<IOptions<PostgresStorageOptions>>(), sp.GetRequiredService<ILoggerFactory>(), external.Resolve(sp))
            : new PostgresDatabase(sp.GetRequiredService<IOptions<PostgresStorageOptions>>(), sp.GetRequiredService<ILoggerFactory>()));

        Replace<ILeadStore, PostgresLeadStore>(services);
        Replace<IVectorStore, PostgresVectorStore>(services);
        Replace<IResponseCache, PostgresResponseCache>(services);
        Replace<IUsageLedger, PostgresUsageLedger>(services);
        Replace<IRequestLimiter, PostgresRequestLimiter>(services);
        Replace<ISpendingLimiter, PostgresSpendingLimiter>(services);
        services.TryAddSingleton<PostgresJobQueue>();
        services.RemoveAll<IJobQueue>();
        services.AddSingleton<IJobQueue>(sp => sp.GetRequiredService<PostgresJobQueue>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, PostgresStartup>());
        return builder;
    }

    /// <summary>Uses PostgreSQL at <paramref name="connectionString"/> (an Npgsql connection string or a postgres:// URL).</summary>
    /// <param name="builder">The Leadora builder.</param>
    /// <param name="connectionString">The database.</param>
    /// <returns>The builder.</returns>
    public static ILeadoraBuilder UsePostgres(this ILeadoraBuilder builder, string connectionString) =>
        builder.UsePostgres(o => o.ConnectionString = connectionString);

    /// <summary>
    /// Keeps everything in PostgreSQL through the application's own <see cref="NpgsqlDataSource"/>, for example the one
    /// Aspire's <c>AddNpgsqlDataSource</c> registers: <c>UsePostgres(sp =&gt; sp.GetRequiredService&lt;NpgsqlDataSource&gt;())</c>.
    /// Build the data source with pgvector's <c>UseVector()</c>. No connection string is needed; the schema, dimensions and
    /// migration settings still come from <c>Leadora:Postgres</c>. The application owns
    /// the data source and disposes it.
    /// </summary>
    /// <param name="builder">The Leadora builder.</param>
    /// <param name="dataSource">Resolves the data source from the application's services.</param>
    /// <returns>The builder.</returns>
    public static ILeadoraBuilder UsePostgres(this ILeadoraBuilder builder, Func<IServiceProvider, NpgsqlDataSource> dataSource) =>
        builder.UsePostgres(dataSource, static _ => { });

    /// <summary>Like <see cref="UsePostgres(ILeadoraBuilder, Func{IServiceProvider, NpgsqlDataSource})"/>, with option overrides.</summary>
    /// <param name="builder">The Leadora builder.</param>
    /// <param name="dataSource">Resolves the data source from the application's services.</param>
    /// <param name="configure">Overrides applied after configuration binding.</param>
    /// <returns>The builder.</returns>
    public static ILeadoraBuilder UsePostgres(this ILeadoraBuilder builder, Func<IServiceProvider, NpgsqlDataSource> dataSource, Action<PostgresStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(dataSource);
        builder.Services.RemoveAll<DataSourceFromServices>();
        builder.Services.AddSingleton(new DataSourceFromServices(dataSource));
        return builder.UsePostgres(o =>
        {
            o.DataSourceFromServices = true;
            configure(o);
        });
    }

    private static void Replace<TService, TImplementation>(IServiceCollection services)
        where TService : class
        where TImplementation : class, TService
    {
        services.RemoveAll<TService>();
        services.AddSingleton<TService, TImplementation>();
    }

    private sealed class PostgresMarker;

    private sealed record DataSourceFromServices(Func<IServiceProvider, NpgsqlDataSource> Resolve);

    /// <summary>Applies migrations when a host starts, so a wrong connection string or schema fails the start instead of the first job.</summary>
    private sealed class PostgresStartup(PostgresDatabase database) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => database.EnsureReadyAsync(cancellationToken).AsTask();

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
