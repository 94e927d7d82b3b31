using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Leadora.Storage.Postgres;

/// <summary>
/// The database the Postgres adapters share: one <see cref="NpgsqlDataSource"/> with pgvector's type mapping, the schema
/// name, and the one-time start-up work (migrations and the dimension check) that every adapter awaits before its first query.
/// </summary>
public sealed partial class PostgresDatabase : IAsyncDisposable, IDisposable
{
    private readonly ILogger<PostgresDatabase> _logger;
    private readonly SemaphoreSlim _readyGate = new(1, 1);
    private readonly Lazy<NpgsqlDataSource> _dataSource;
    private readonly bool _ownsDataSource = true;
    private volatile bool _ready;

    /// <summary>
    /// Uses the application's <paramref name="dataSource"/> (for example one registered by Aspire's
    /// <c>AddNpgsqlDataSource</c>) instead of building one from <see cref="PostgresStorageOptions.ConnectionString"/>. Build
    /// it with pgvector's <c>UseVector()</c>. The application owns it: disposing this handle leaves it open.
    /// </summary>
    /// <param name="options">Schema, dimensions and migration settings.</param>
    /// <param name="loggerFactory">Loggers.</param>
    /// <param name="dataSource">The data source every adapter and the migrator use.</param>
    public PostgresDatabase(IOptions<PostgresStorageOptions> options, ILoggerFactory loggerFactory, NpgsqlDataSource dataSource)
        : this(options, loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _dataSource = new Lazy<NpgsqlDataSource>(dataSource);
        _ownsDataSource = false;
    }

    /// <summary>Creates the database handle; nothing connects until first use.</summary>
    public PostgresDatabase(IOptions<PostgresStorageOptions> options, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        Options = options.Value;
        _logger = loggerFactory.CreateLogger<PostgresDatabase>();
        Schema = PostgresMigrator.Quote(Options.Schema);
        _dataSource = new Lazy<NpgsqlDataSource>(() =>
        {
            var builder = new NpgsqlDataSourceBuilder(PostgresConnectionString.Normalize(Options.ConnectionString ?? ""));
            if (string.IsNullOrEmpty(builder.ConnectionStringBuilder.ApplicationName))
            {
                builder.ConnectionStringBuilder.ApplicationName = "leadora";
            }

            builder.UseVector();
            builder.UseLoggerFactory(loggerFactory);
            return builder.Build();
        });
    }

    /// <summary>The validated options.</summary>
    public PostgresStorageOptions Options { get; }

    /// <summary>The schema, quoted for use in SQL.</summary>
    public string Schema { get; }

    /// <summary>The job queue's <c>LISTEN/NOTIFY</c> channel: one per schema.</summary>
    public string JobChannel => $"{Options.Schema}_jobs";

    /// <summary>The shared data source (pgvector mapping included).</summary>
    public NpgsqlDataSource DataSource => _dataSource.Value;

    /// <summary>
    /// Applies pending migrations (or, with <see cref="PostgresStorageOptions.ApplyMigrationsOnStartup"/> off, checks none is
    /// missing) once per process; later calls return at once. A failure is retried by the next call.
    /// </summary>
    public async ValueTask EnsureReadyAsync(CancellationToken cancellationToken)
    {
        if (_ready)
        {
            return;
        }

        await _readyGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_ready)
            {
                return;
            }

            Func<CancellationToken, ValueTask<NpgsqlConnection>>? open = _ownsDataSource ? null : ct => DataSource.OpenConnectionAsync(ct);
            if (Options.ApplyMigrationsOnStartup)
            {
                var result = await PostgresMigrator.MigrateOnAsync(Options, open, _logger, cancellationToken).ConfigureAwait(false);
                var database = PostgresConnectionString.Describe(_ownsDataSource ? Options.ConnectionString ?? "" : DataSource.ConnectionString);
                LogReady(_logger, Options.Schema, database, result.Applied.Count);
            }
            else
            {
                await PostgresMigrator.VerifyOnAsync(Options, open, cancellationToken).ConfigureAwait(false);
            }

            if (!_ownsDataSource && Options.ApplyMigrationsOnStartup)
            {
                // The application's data source may have loaded its types before the migrations created the vector type.
                await using var connection = await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                await connection.ReloadTypesAsync(cancellationToken).ConfigureAwait(false);
            }

            _ready = true;
        }
        finally
        {
            _readyGate.Release();
        }
    }

    /// <summary>Opens a connection after <see cref="EnsureReadyAsync"/>.</summary>
    public async ValueTask<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
        return await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A command on a new pooled connection that is closed with the command's owner (<see cref="NpgsqlDataSource.CreateCommand"/>).</summary>
    public async ValueTask<NpgsqlCommand> CommandAsync(string sql, CancellationToken cancellationToken)
    {
        await EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
        return DataSource.CreateCommand(sql);
    }

    /// <summary>Substitutes the schema into <paramref name="sql"/> (written with <c>{s}</c> before each table).</summary>
    public string Sql(string sql) => sql.Replace("{s}", Schema, StringComparison.Ordinal);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_ownsDataSource && _dataSource.IsValueCreated)
        {
            await _dataSource.Value.DisposeAsync().ConfigureAwait(false);
        }

        _readyGate.Dispose();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsDataSource && _dataSource.IsValueCreated)
        {
            _dataSource.Value.Dispose();
        }

        _readyGate.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "PostgreSQL storage ready: schema {Schema} at {Database}; {Applied} migration(s) applied")]
    private static partial void LogReady(ILogger logger, string schema, string database, int applied);
}
