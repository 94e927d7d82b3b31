using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Leadora.Storage.Postgres;

/// <summary>
/// Settings of PostgreSQL storage (configuration section <c>Leadora:Postgres</c>; the connection string also comes from
/// <c>LEADORA_DATABASE_URL</c>).
/// </summary>
public sealed class PostgresStorageOptions
{
    /// <summary>Configuration section, relative to <c>Leadora</c>.</summary>
    public const string SectionName = "Postgres";

    /// <summary>
    /// The database: an Npgsql connection string (<c>Host=…;Username=…;Password=…;Database=…</c>) or a URL
    /// (<c>postgres://user:password@host:5432/db?sslmode=require</c>, as Supabase and Heroku give it). Required.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>Set when the data source comes from the application's services (<c>UsePostgres(sp =&gt; dataSource)</c>); no connection string is needed then.</summary>
    internal bool DataSourceFromServices { get; set; }

    /// <summary>Schema holding Leadora's tables (created when missing). Lower-case letters, digits and underscores. Default <c>leadora</c>.</summary>
    public string Schema { get; set; } = "leadora";

    /// <summary>
    /// Dimensions of the stored embeddings; must equal the embedding model's (text-embedding-3-small: 1536, the default).
    /// Fixed when the schema is created: a database created with other dimensions is refused at start-up.
    /// </summary>
    public int VectorDimensions { get; set; } = 1536;

    /// <summary>Apply pending migrations when the stores are first used (and by the hosted start-up check). Default <see langword="true"/>.</summary>
    public bool ApplyMigrationsOnStartup { get; set; } = true;

    /// <summary>Also apply the Supabase row-level-security migration (policies <c>tenant_id = auth.uid()</c>). Default <see langword="false"/>.</summary>
    public bool EnableSupabaseRowLevelSecurity { get; set; }

    /// <summary>
    /// Lease of a fleet-wide request permit or budget reservation. Its process renews it every third of this while the call
    /// runs; a process that dies frees it when the lease runs out. Default 15 s.
    /// </summary>
    public TimeSpan LimiterLease { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Longest a permit or reservation is renewed; a call that holds one longer (it was never finished) lets it lapse. Default 10 minutes.</summary>
    public TimeSpan LimiterMaxHold { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Added to each provider's minimum delay between request starts when the pacing is fleet-wide: the time between the
    /// database booking a start and the request leaving its process varies by a few milliseconds (more on a busy machine).
    /// Default 50 ms. A process's first request to a provider also books 500 ms more, as it leaves late.
    /// </summary>
    public TimeSpan PacingSlack { get; set; } = TimeSpan.FromMilliseconds(50);
}

/// <summary>Validates <see cref="PostgresStorageOptions"/>, naming the setting to fix. Never echoes the connection string.</summary>
internal sealed partial class PostgresStorageOptionsValidator : IValidateOptions<PostgresStorageOptions>
{
    /// <summary>Largest dimension an HNSW index on <c>vector</c> supports.</summary>
    public const int MaxIndexedDimensions = 2000;

    public ValidateOptionsResult Validate(string? name, PostgresStorageOptions options)
    {
        var failures = new List<string>();
        if (options.DataSourceFromServices)
        {
            // The application's NpgsqlDataSource carries the connection.
        }
        else if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add("Leadora:Postgres:ConnectionString (or LEADORA_DATABASE_URL) is required: an Npgsql connection string or a postgres:// URL.");
        }
        else if (!PostgresConnectionString.TryNormalize(options.ConnectionString, out _, out var problem))
        {
            failures.Add($"Leadora:Postgres:ConnectionString (or LEADORA_DATABASE_URL) is not valid: {problem}");
        }

        if (options.Schema is null || !SchemaPattern().IsMatch(options.Schema))
        {
            failures.Add($"Leadora:Postgres:Schema is '{options.Schema}'; it must be 1–48 lower-case letters, digits or underscores, starting with a letter or underscore.");
        }

        if (options.VectorDimensions is < 1 or > MaxIndexedDimensions)
        {
            failures.Add($"Leadora:Postgres:VectorDimensions is {options.VectorDimensions}; it must be between 1 and {MaxIndexedDimensions} (the most pgvector's HNSW index supports) and equal the embedding model's dimensions.");
        }

        if (options.LimiterLease < TimeSpan.FromSeconds(1) || options.LimiterMaxHold < options.LimiterLease)
        {
            failures.Add($"Leadora:Postgres:LimiterLease is {options.LimiterLease} and LimiterMaxHold {options.LimiterMaxHold}; the lease must be at least 1 second and the hold at least the lease.");
        }

        if (options.PacingSlack < TimeSpan.Zero || options.PacingSlack > TimeSpan.FromSeconds(1))
        {
            failures.Add($"Leadora:Postgres:PacingSlack is {options.PacingSlack}; it must be between 0 and 1 second.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,47}$")]
    internal static partial Regex SchemaPattern();
}
