using Leadora.Testing;
using Leadora.Ports;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Leadora.Storage.Postgres.Tests.Infrastructure;

/// <summary>One database per test class (created on the shared throwaway cluster); each test gets its own schema in it.</summary>
public sealed class PostgresDatabaseFixture : IAsyncLifetime
{
    private readonly List<PostgresDatabase> _opened = [];

    /// <summary>Connection string of this class's database.</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>The shared server.</summary>
    public PostgresServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await PostgresServer.GetAsync();
        ConnectionString = await Server.CreateDatabaseAsync("t");
    }

    /// <summary>A fresh schema name.</summary>
    public static string NewSchema() => "s_" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>Storage options for a schema of this database.</summary>
    public PostgresStorageOptions Options(string? schema = null, int dimensions = 64) => new()
    {
        ConnectionString = ConnectionString,
        Schema = schema ?? NewSchema(),
        VectorDimensions = dimensions,
    };

    /// <summary>A database handle (its own connection pool) for a schema; disposed with the fixture.</summary>
    public PostgresDatabase Open(PostgresStorageOptions options)
    {
        var database = new PostgresDatabase(Microsoft.Extensions.Options.Options.Create(options), NullLoggerFactory.Instance);
        lock (_opened)
        {
            _opened.Add(database);
        }

        return database;
    }

    /// <summary>A job queue over a schema, with the given clock and queue options.</summary>
    public PostgresJobQueue Queue(PostgresDatabase database, TimeProvider time, JobQueueOptions jobs) =>
        new(database, Microsoft.Extensions.Options.Options.Create(new LeadoraOptions { Jobs = jobs }), time, NullLogger<PostgresJobQueue>.Instance);

    public async Task DisposeAsync()
    {
        foreach (var database in _opened)
        {
            await database.DisposeAsync();
        }
    }
}
