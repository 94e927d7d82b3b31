using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Leadora.Storage.Postgres;

/// <summary>A migration embedded in this assembly.</summary>
/// <param name="Version">Version; applied in ascending order, each once.</param>
/// <param name="Name">File name without the version, for example <c>initial</c>.</param>
/// <param name="Optional">Whether it is applied only when asked (the Supabase row-level-security policies).</param>
public sealed record PostgresMigration(int Version, string Name, bool Optional);

/// <summary>What <see cref="PostgresMigrator.MigrateAsync"/> did.</summary>
/// <param name="Schema">The schema migrated.</param>
/// <param name="Applied">Migrations applied by this call, in order.</param>
/// <param name="AlreadyApplied">Migrations that were applied before.</param>
public sealed record PostgresMigrationResult(string Schema, IReadOnlyList<PostgresMigration> Applied, IReadOnlyList<PostgresMigration> AlreadyApplied);

/// <summary>
/// Applies Leadora's versioned SQL migrations (embedded in this assembly) to a schema: each once, in order, each in its own
/// transaction, all under one database-wide advisory lock, so any number of processes may start at once and exactly one
/// of them applies what is missing. The pgvector extension is created when missing.
/// </summary>
public static partial class PostgresMigrator
{
    /// <summary>Versions from this one up are optional migrations, applied only when asked.</summary>
    public const int FirstOptionalVersion = 1000;

    /// <summary>Supabase row-level-security policies (<see cref="PostgresStorageOptions.EnableSupabaseRowLevelSecurity"/>).</summary>
    public const int SupabaseRowLevelSecurityVersion = 1001;

    /// <summary>Key of the advisory lock held while migrating (any schema): "leadora\0m" as a number.</summary>
    internal const long AdvisoryLockKey = 0x6C65_6164_6F72_616D;

    private const string ResourcePrefix = "Leadora.Storage.Postgres.Migrations.";

    /// <summary>Every embedded migration, in version order.</summary>
    public static IReadOnlyList<PostgresMigration> All { get; } = typeof(PostgresMigrator).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
        .Select(n => n[ResourcePrefix.Length..^4])
        .Select(n =>
        {
            var underscore = n.IndexOf('_', StringComparison.Ordinal);
            var version = int.Parse(n[..underscore], System.Globalization.CultureInfo.InvariantCulture);
            return new PostgresMigration(version, n[(underscore + 1)..], version >= FirstOptionalVersion);
        })
        .OrderBy(m => m.Version)
        .ToList();

    /// <summary>Applies pending migrations to the configured schema and checks the embedding dimensions.</summary>
    /// <param name="options">Connection string, schema, dimensions, and whether to apply the Supabase policies.</param>
    /// <param name="logger">Where to log what was applied (never the connection string).</param>
    /// <param name="cancellationToken">Cancels the work; a migration in progress rolls back.</param>
    /// <exception cref="InvalidOperationException">The database does not match this version of Leadora (a changed migration, other dimensions, no pgvector).</exception>
    public static Task<PostgresMigrationResult> MigrateAsync(PostgresStorageOptions options, ILogger? logger = null, CancellationToken cancellationToken = default) =>
        MigrateOnAsync(options, null, logger, cancellationToken);

    /// <summary>Opens the migrator's own unpooled connection from the connection string.</summary>
    private static async ValueTask<NpgsqlConnection> OpenOwnAsync(PostgresStorageOptions options, CancellationToken cancellationToken)
    {
        var connectionString = new NpgsqlConnectionStringBuilder(PostgresConnectionString.Normalize(options.ConnectionString ?? ""))
        {
            // Its own small pool: the stores' data source must see the vector type, which may not exist until this runs.
            ApplicationName = "leadora-migrator",
            Pooling = false,
        }.ConnectionString;
        var connection = new NpgsqlConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Like <see cref="MigrateAsync(PostgresStorageOptions, ILogger?, CancellationToken)"/>, on a connection from <paramref name="open"/> when given (the application's data source).</summary>
    internal static async Task<PostgresMigrationResult> MigrateOnAsync(PostgresStorageOptions options, Func<CancellationToken, ValueTask<NpgsqlConnection>>? open, ILogger? logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        logger ??= NullLogger.Instance;
        var schema = Quote(options.Schema);
        await using var connection = open is null ? await OpenOwnAsync(options, cancellationToken).ConfigureAwait(false) : await open(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, $"SELECT pg_advisory_lock({AdvisoryLockKey})", cancellationToken).ConfigureAwait(false);
        try
        {
            await ExecuteAsync(connection, $"CREATE SCHEMA IF NOT EXISTS {schema}", cancellationToken).ConfigureAwait(false);
            await EnsureVectorExtensionAsync(connection, cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, $"""
                CREATE TABLE IF NOT EXISTS {schema}.schema_migrations (
                    version    integer     NOT NULL PRIMARY KEY,
                    name       text        NOT NULL,
                    checksum   text        NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )
                """, cancellationToken).ConfigureAwait(false);

            var applied = await ReadAppliedAsync(connection, schema, cancellationToken).ConfigureAwait(false);
            var done = new List<PostgresMigration>();
            var before = new List<PostgresMigration>();
            foreach (var migration in All)
            {
                var template = Template(migration);
                var checksum = Checksum(template);
                if (applied.TryGetValue(migration.Version, out var stored))
                {
                    if (!string.Equals(stored, checksum, StringComparison.Ordinal))
                    {
                        throw new InvalidOperationException($"Migration {migration.Version:0000}_{migration.Name} in schema {options.Schema} was applied from a different script (checksum {stored}, this version of Leadora has {checksum}). Migrations must not change once released.");
                    }

                    before.Add(migration);
                    continue;
                }

                if (migration.Optional && !(migration.Version == SupabaseRowLevelSecurityVersion && options.EnableSupabaseRowLevelSecurity))
                {
                    continue;
                }

                var sql = template.Replace("{{schema}}", schema, StringComparison.Ordinal)
                    .Replace("{{dimensions}}", options.VectorDimensions.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
                await using (var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false))
                {
                    await ExecuteAsync(connection, sql, cancellationToken).ConfigureAwait(false);
                    await using var record = new NpgsqlCommand($"INSERT INTO {schema}.schema_migrations (version, name, checksum) VALUES (@version, @name, @checksum)", connection);
                    record.Parameters.AddWithValue("version", migration.Version);
                    record.Parameters.AddWithValue("name", migration.Name);
                    record.Parameters.AddWithValue("checksum", checksum);
                    await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                }

                LogApplied(logger, migration.Version, migration.Name, options.Schema);
                done.Add(migration);
            }

            await CheckDimensionsAsync(connection, options, cancellationToken).ConfigureAwait(false);
            return new PostgresMigrationResult(options.Schema, done, before);
        }
        finally
        {
            try
            {
                await ExecuteAsync(connection, $"SELECT pg_advisory_unlock({AdvisoryLockKey})", CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
            {
                // The connection broke; closing it released the lock.
            }
        }
    }

    /// <summary>
    /// Checks, without changing anything, that the schema has every required migration of this version of Leadora and the
    /// configured embedding dimensions (used when <see cref="PostgresStorageOptions.ApplyMigrationsOnStartup"/> is off).
    /// </summary>
    /// <exception cref="InvalidOperationException">Migrations are missing or the dimensions differ; the message says what to run.</exception>
    public static Task VerifyAsync(PostgresStorageOptions options, CancellationToken cancellationToken = default) =>
        VerifyOnAsync(options, null, cancellationToken);

    /// <summary>Like <see cref="VerifyAsync(PostgresStorageOptions, CancellationToken)"/>, on a connection from <paramref name="open"/> when given.</summary>
    internal static async Task VerifyOnAsync(PostgresStorageOptions options, Func<CancellationToken, ValueTask<NpgsqlConnection>>? open, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var schema = Quote(options.Schema);
        await using var connection = open is null ? await OpenOwnAsync(options, cancellationToken).ConfigureAwait(false) : await open(cancellationToken).ConfigureAwait(false);
        await using var exists = new NpgsqlCommand("SELECT to_regclass(@table) IS NOT NULL", connection);
        exists.Parameters.AddWithValue("table", $"{schema}.schema_migrations");
        var applied = (bool)(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!
            ? await ReadAppliedAsync(connection, schema, cancellationToken).ConfigureAwait(false)
            : [];
        var missing = All.Where(m => !m.Optional && !applied.ContainsKey(m.Version)).Select(m => $"{m.Version:0000}_{m.Name}").ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"Schema {options.Schema} lacks migration(s) {string.Join(", ", missing)} and Leadora:Postgres:ApplyMigrationsOnStartup is off: run 'leadora db migrate' (or PostgresMigrator.MigrateAsync) first.");
        }

        await CheckDimensionsAsync(connection, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The SQL of a migration as embedded, with its <c>{{schema}}</c> and <c>{{dimensions}}</c> placeholders.</summary>
    public static string Template(PostgresMigration migration)
    {
        ArgumentNullException.ThrowIfNull(migration);
        var name = $"{ResourcePrefix}{migration.Version:0000}_{migration.Name}.sql";
        using var stream = typeof(PostgresMigrator).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Migration resource {name} is missing.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd().ReplaceLineEndings("\n");
    }

    internal static string Quote(string schema) =>
        PostgresStorageOptionsValidator.SchemaPattern().IsMatch(schema ?? "")
            ? $"\"{schema}\""
            : throw new ArgumentException($"Leadora:Postgres:Schema '{schema}' must be lower-case letters, digits or underscores.", nameof(schema));

    private static string Checksum(string template) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(template)))[..16];

    private static async Task EnsureVectorExtensionAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            // In public unless it exists already (Supabase keeps extensions in "extensions"): never in Leadora's own schema,
            // which the default search_path ("$user", public) would pick when the user and the schema share a name.
            await ExecuteAsync(connection, """
                DO $$
                BEGIN
                    IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'vector') THEN
                        CREATE EXTENSION vector SCHEMA public;
                    END IF;
                END
                $$
                """, cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.UndefinedFile or PostgresErrorCodes.FeatureNotSupported or PostgresErrorCodes.InsufficientPrivilege)
        {
            throw new InvalidOperationException(
                $"The pgvector extension could not be created ({ex.SqlState}: {ex.MessageText}). Install pgvector on the server " +
                "(Supabase: enable the 'vector' extension; Debian: scripts/provision-postgres.sh) or have an administrator run CREATE EXTENSION vector.", ex);
        }
    }

    private static async Task<Dictionary<int, string>> ReadAppliedAsync(NpgsqlConnection connection, string schema, CancellationToken cancellationToken)
    {
        var applied = new Dictionary<int, string>();
        await using var command = new NpgsqlCommand($"SELECT version, checksum FROM {schema}.schema_migrations", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            applied[reader.GetInt32(0)] = reader.GetString(1);
        }

        return applied;
    }

    private static async Task CheckDimensionsAsync(NpgsqlConnection connection, PostgresStorageOptions options, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT a.atttypmod FROM pg_attribute a
            WHERE a.attrelid = to_regclass(@table) AND a.attname = 'embedding' AND NOT a.attisdropped
            """, connection);
        command.Parameters.AddWithValue("table", $"{Quote(options.Schema)}.embeddings");
        var dimensions = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        if (dimensions is int stored && stored != options.VectorDimensions)
        {
            throw new InvalidOperationException(
                $"Leadora:Postgres:VectorDimensions is {options.VectorDimensions}, but the embeddings in schema {options.Schema} have {stored} dimensions. " +
                "Set VectorDimensions to the embedding model's dimensions, or use a new schema for a different model (vectors of different models are not comparable).");
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied migration {Version} ({Name}) to schema {Schema}")]
    private static partial void LogApplied(ILogger logger, int version, string name, string schema);
}
