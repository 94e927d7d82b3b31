using System.Net;
using System.Net.Http.Json;
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

    [Fact]
    public async Task Lead_statuses_and_notes_survive_a_restart_and_stay_the_users_own()
    {
        var server = await PostgresServer.GetAsync();
        var database = await server.CreateDatabaseAsync("web_annotations");

        Guid id, business, person;
        const string Note = "Met at the Jubail expo; wants a trial in March.";
        await using (var first = new PostgresWebFactory(database))
        {
            var alice = first.ClientFor("alice");
            id = await alice.CompletedSearchAsync();
            var businesses = JsonDocument.Parse(await alice.GetStringAsync($"/api/searches/{id}/businesses")).RootElement.GetProperty("items");
            business = businesses[0].GetProperty("business").GetProperty("id").GetGuid();
            var people = JsonDocument.Parse(await alice.GetStringAsync($"/api/searches/{id}/decision-makers")).RootElement.GetProperty("items");
            person = people[0].GetProperty("decisionMaker").GetProperty("id").GetGuid();
            using var put = await alice.PutAsJsonAsync($"/api/searches/{id}/leads/{business}", new { status = "qualified", note = Note });
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
            using var putPerson = await alice.PutAsJsonAsync($"/api/searches/{id}/leads/{person}", new { status = "contacted" });
            Assert.Equal(HttpStatusCode.OK, putPerson.StatusCode);
        }

        await using var second = new PostgresWebFactory(database);
        var again = second.ClientFor("alice");
        var row = Assert.Single(JsonDocument.Parse(await again.GetStringAsync($"/api/searches/{id}/businesses?status=qualified")).RootElement.GetProperty("items").EnumerateArray());
        Assert.Equal(business, row.GetProperty("business").GetProperty("id").GetGuid());
        Assert.Equal(Note, row.GetProperty("note").GetString());
        var personRow = Assert.Single(JsonDocument.Parse(await again.GetStringAsync($"/api/searches/{id}/decision-makers?status=contacted")).RootElement.GetProperty("items").EnumerateArray());
        Assert.Equal(person, personRow.GetProperty("decisionMaker").GetProperty("id").GetGuid());
        var csv = Csv.Parse(await again.GetByteArrayAsync($"/api/searches/{id}/export?format=csv"));
        Assert.All(csv.Rows.Where(r => r["business_id"] == business.ToString()), r => Assert.Equal(("qualified", Note), (r["business_status"], r["business_note"])));

        var bob = second.ClientFor("bob");
        using var stolen = await bob.PutAsJsonAsync($"/api/searches/{id}/leads/{business}", new { status = "rejected" });
        Assert.Equal(HttpStatusCode.NotFound, stolen.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync($"/api/searches/{id}/businesses")).StatusCode);
        Assert.Single(JsonDocument.Parse(await again.GetStringAsync($"/api/searches/{id}/businesses?status=qualified")).RootElement.GetProperty("items").EnumerateArray());
    }
}
