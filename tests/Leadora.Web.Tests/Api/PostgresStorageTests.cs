using System.Net;
using System.Text.Json;
using Leadora.Testing;
using Leadora.Web.Tests.Infrastructure;

namespace Leadora.Web.Tests.Api;

/// <summary>The web host on PostgreSQL (LEADORA_DATABASE_URL): searches live in the database and survive a restart.</summary>
public sealed class PostgresStorageTests
{
    private sealed class PostgresWebFactory(string connectionString) : WebFactory
    {
        protected override IDictionary<string, string?> Settings()
        {
            var settings = base.Settings();
            settings["Leadora:Postgres:ConnectionString"] = connectionString;
            return settings;
        }
    }

    [Fact]
    public async Task A_configured_database_keeps_searches_across_restarts()
    {
        var server = await PostgresServer.GetAsync();
        var database = await server.CreateDatabaseAsync("web");

        Guid id;
        JsonElement before;
        await using (var first = new PostgresWebFactory(database))
        {
            var alice = first.ClientFor("alice");
            id = await alice.CompletedSearchAsync();
            before = JsonDocument.Parse(await alice.GetStringAsync($"/api/searches/{id}")).RootElement.Clone();
            Assert.Equal(HttpStatusCode.OK, (await first.ClientFor(null).GetAsync("/health/ready")).StatusCode);
        }

        await using var second = new PostgresWebFactory(database);
        var again = second.ClientFor("alice");
        var after = JsonDocument.Parse(await again.GetStringAsync($"/api/searches/{id}")).RootElement;
        Assert.Equal(before.GetProperty("search").GetProperty("status").GetString(), after.GetProperty("search").GetProperty("status").GetString());
        Assert.Equal(before.GetProperty("businesses").GetArrayLength(), after.GetProperty("businesses").GetArrayLength());
        Assert.Equal(before.GetProperty("decisionMakers").GetArrayLength(), after.GetProperty("decisionMakers").GetArrayLength());
        Assert.NotEqual(0, after.GetProperty("businesses").GetArrayLength());
        Assert.Contains(id.ToString(), await again.GetStringAsync("/api/searches"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await second.ClientFor("bob").GetAsync($"/api/searches/{id}")).StatusCode);
    }
}
