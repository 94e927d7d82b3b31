using Leadora.Storage.Postgres.Tests.Infrastructure;
using Npgsql;

namespace Leadora.Storage.Postgres.Tests;

/// <summary>Acceptance 4: migrations applied twice, or by several processes at once, leave one schema and no error.</summary>
public sealed class MigrationTests(PostgresDatabaseFixture fixture) : IClassFixture<PostgresDatabaseFixture>
{
    private const string SchemaObjects = """
        SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = @p0
        """;

    [Fact]
    public async Task Applying_twice_applies_each_migration_once()
    {
        var options = fixture.Options();
        var first = await PostgresMigrator.MigrateAsync(options);
        Assert.Equal(PostgresMigrator.All.Where(m => !m.Optional).Select(m => m.Version), first.Applied.Select(m => m.Version));
        var objects = await KillTests.ScalarAsync<long>(fixture.ConnectionString, SchemaObjects, options.Schema);

        var second = await PostgresMigrator.MigrateAsync(options);
        Assert.Empty(second.Applied);
        Assert.Equal(first.Applied, second.AlreadyApplied);
        Assert.Equal(objects, await KillTests.ScalarAsync<long>(fixture.ConnectionString, SchemaObjects, options.Schema));
        await PostgresMigrator.VerifyAsync(options);
    }

    [Fact]
    public async Task Concurrent_starts_on_separate_connections_apply_each_migration_once()
    {
        var options = fixture.Options();
        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => PostgresMigrator.MigrateAsync(options))));
        Assert.Equal(PostgresMigrator.All.Count(m => !m.Optional), results.Sum(r => r.Applied.Count));
        Assert.Equal(results.Length, results.Count(r => r.Applied.Count + r.AlreadyApplied.Count == PostgresMigrator.All.Count(m => !m.Optional)));
        Assert.Equal((long)PostgresMigrator.All.Count(m => !m.Optional), await KillTests.ScalarAsync<long>(fixture.ConnectionString, $"SELECT count(*) FROM \"{options.Schema}\".schema_migrations"));
    }

    [Fact]
    public async Task Several_processes_migrating_one_database_at_once_leave_one_schema()
    {
        var database = await fixture.Server.CreateDatabaseAsync("migrate");
        var processes = Enumerable.Range(0, 3).Select(_ => ChildProcess.Start(Programs.Cli, ["db", "migrate", "--database", database])).ToList();
        foreach (var process in processes)
        {
            await process.WaitForExitAsync(TimeSpan.FromSeconds(60));
            Assert.True(process.ExitCode == 0, process.StandardError);
        }

        var applied = processes.SelectMany(p => p.StandardOutput.Split('\n')).Where(l => l.StartsWith("applied ", StringComparison.Ordinal)).ToList();
        Assert.Equal(["applied 0001_initial", "applied 0002_persona_matching", "applied 0003_fleet_limits"], applied.Order(StringComparer.Ordinal));
        Assert.Equal(1L, await KillTests.ScalarAsync<long>(database, "SELECT count(*) FROM pg_namespace WHERE nspname = 'leadora'"));
        Assert.Equal(1L, await KillTests.ScalarAsync<long>(database, "SELECT count(*) FROM pg_extension WHERE extname = 'vector' AND extnamespace = 'public'::regnamespace"));
        Assert.Equal((long)PostgresMigrator.All.Count(m => !m.Optional), await KillTests.ScalarAsync<long>(database, "SELECT count(*) FROM leadora.schema_migrations"));
    }

    [Fact]
    public async Task A_changed_migration_is_refused()
    {
        var options = fixture.Options();
        await PostgresMigrator.MigrateAsync(options);
        await ExecuteAsync($"UPDATE \"{options.Schema}\".schema_migrations SET checksum = 'tampered' WHERE version = 1");
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => PostgresMigrator.MigrateAsync(options));
        Assert.Contains("0001_initial", error.Message);
    }

    [Fact]
    public async Task Other_embedding_dimensions_are_refused_naming_the_setting()
    {
        var options = fixture.Options(dimensions: 64);
        await PostgresMigrator.MigrateAsync(options);
        options.VectorDimensions = 1536;
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => PostgresMigrator.MigrateAsync(options));
        Assert.Contains("Leadora:Postgres:VectorDimensions is 1536", error.Message);
        Assert.Contains("64 dimensions", error.Message);
    }

    [Fact]
    public async Task Without_automatic_migration_a_missing_schema_is_reported()
    {
        var options = fixture.Options();
        options.ApplyMigrationsOnStartup = false;
        var store = new PostgresLeadStore(fixture.Open(options));
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.GetSearchAsync("tenant-a", Guid.NewGuid()));
        Assert.Contains("leadora db migrate", error.Message);
        Assert.Contains("0001_initial", error.Message);
    }

    [Fact]
    public async Task The_supabase_policies_need_auth_uid_and_are_not_applied_without_it()
    {
        var options = fixture.Options();
        options.EnableSupabaseRowLevelSecurity = true;
        var database = await fixture.Server.CreateDatabaseAsync("norls");
        options.ConnectionString = database;
        var error = await Assert.ThrowsAsync<PostgresException>(() => PostgresMigrator.MigrateAsync(options));
        Assert.Contains("auth.uid()", error.MessageText);
        Assert.Equal(0L, await KillTests.ScalarAsync<long>(database, $"SELECT count(*) FROM \"{options.Schema}\".schema_migrations WHERE version = 1001"));
    }

    [Fact]
    public async Task Supabase_row_level_security_shows_each_user_only_their_rows()
    {
        // Supabase's auth.uid() reads the JWT's subject from a setting; the authenticated role is what signed-in users get.
        var database = await fixture.Server.CreateDatabaseAsync("rls");
        await ExecuteAsync("""
            CREATE SCHEMA auth;
            CREATE FUNCTION auth.uid() RETURNS uuid LANGUAGE sql STABLE AS $$ SELECT nullif(current_setting('request.jwt.claim.sub', true), '')::uuid $$;
            DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'authenticated') THEN CREATE ROLE authenticated NOLOGIN; END IF; END $$;
            GRANT USAGE ON SCHEMA auth TO authenticated;
            """, database);
        var options = fixture.Options();
        options.ConnectionString = database;
        options.EnableSupabaseRowLevelSecurity = true;
        var result = await PostgresMigrator.MigrateAsync(options);
        Assert.Contains(result.Applied, m => m.Version == PostgresMigrator.SupabaseRowLevelSecurityVersion);

        var alice = Guid.NewGuid().ToString();
        var bob = Guid.NewGuid().ToString();
        var store = new PostgresLeadStore(fixture.Open(options));
        await store.CreateSearchAsync(Leadora.Testing.LeadStoreContract.NewSearch(alice));
        await store.CreateSearchAsync(Leadora.Testing.LeadStoreContract.NewSearch(bob));

        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var impersonate = new NpgsqlCommand($"SET LOCAL ROLE authenticated; SELECT set_config('request.jwt.claim.sub', '{alice}', true)", connection, transaction))
        {
            await impersonate.ExecuteNonQueryAsync();
        }

        await using (var read = new NpgsqlCommand($"SELECT array_agg(DISTINCT tenant_id) FROM \"{options.Schema}\".searches", connection, transaction))
        {
            Assert.Equal([alice], (string[])(await read.ExecuteScalarAsync())!);
        }

        await using var write = new NpgsqlCommand($"INSERT INTO \"{options.Schema}\".response_cache VALUES ('{bob}', 'k', 's', 'p', now(), now())", connection, transaction);
        var denied = await Assert.ThrowsAsync<PostgresException>(() => write.ExecuteNonQueryAsync());
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, denied.SqlState);
    }

    private async Task ExecuteAsync(string sql, string? database = null)
    {
        await using var connection = new NpgsqlConnection(database ?? fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
