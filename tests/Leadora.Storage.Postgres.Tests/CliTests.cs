using Leadora.Storage.Postgres.Tests.Infrastructure;

namespace Leadora.Storage.Postgres.Tests;

/// <summary>The CLI's database flags: what needs a database says so, and a bad address is explained without its password.</summary>
public sealed class CliTests(PostgresDatabaseFixture fixture) : IClassFixture<PostgresDatabaseFixture>
{
    private static readonly string[] Request = ["--product", "Industrial water-treatment chemicals", "--industry", "Petrochemicals", "--country", "SA"];

    [Theory]
    [InlineData("search --offline --detach", "--detach needs a database")]
    [InlineData("show 01a20bf5-0a68-7c02-b66f-b3e9b47240fc", "show reads the database")]
    [InlineData("worker --offline", "worker drains the database's job queue")]
    [InlineData("db migrate", "db migrate needs a database")]
    public async Task Commands_that_need_a_database_say_how_to_give_one(string command, string message)
    {
        var arguments = command.Split(' ').Concat(command.StartsWith("search", StringComparison.Ordinal) ? Request : []);
        var run = await ChildProcess.RunAsync(Programs.Cli, arguments);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.StandardError);
    }

    [Fact]
    public async Task A_bad_database_url_is_explained_without_its_password()
    {
        var run = await ChildProcess.RunAsync(Programs.Cli, ["worker", "--offline", "--database", "postgres://app:hunter2@db.example.com/leads?sslmode=sometimes"]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("sslmode", run.StandardError);
        Assert.DoesNotContain("hunter2", run.StandardError + run.StandardOutput);
    }

    [Fact]
    public async Task An_unreachable_database_fails_cleanly_without_its_password()
    {
        var run = await ChildProcess.RunAsync(Programs.Cli, ["show", Guid.NewGuid().ToString(), "--database", "postgres://app:hunter2@127.0.0.1:1/leads"]);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("leadora: database error", run.StandardError);
        Assert.DoesNotContain("hunter2", run.StandardError + run.StandardOutput);
        Assert.DoesNotContain("   at ", run.StandardError);
    }

    [Fact]
    public async Task Detach_prints_only_the_id_and_show_reads_the_pending_search_from_LEADORA_DATABASE_URL()
    {
        var environment = new Dictionary<string, string?> { ["LEADORA_DATABASE_URL"] = fixture.ConnectionString };
        var detached = await ChildProcess.RunAsync(Programs.Cli, ["search", "--offline", "--detach", .. Request], environment);
        Assert.True(detached.ExitCode == 0, detached.StandardError);
        var id = Guid.Parse(detached.StandardOutput.Trim());

        var shown = await ChildProcess.RunAsync(Programs.Cli, ["show", id.ToString(), "--json"], environment);
        Assert.True(shown.ExitCode == 0, shown.StandardError);
        using var document = System.Text.Json.JsonDocument.Parse(shown.StandardOutput);
        Assert.Equal(id, document.RootElement.GetProperty("search").GetProperty("id").GetGuid());
        Assert.Equal("pending", document.RootElement.GetProperty("search").GetProperty("status").GetString());
        Assert.Equal(2, document.RootElement.GetProperty("progress").GetProperty("phases").GetProperty("personas").GetProperty("totalUnits").GetInt32()
            + document.RootElement.GetProperty("progress").GetProperty("phases").GetProperty("market").GetProperty("totalUnits").GetInt32());

        var missing = await ChildProcess.RunAsync(Programs.Cli, ["show", Guid.NewGuid().ToString()], environment);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("does not exist", missing.StandardError);
    }
}
