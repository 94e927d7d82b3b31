using Leadora.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Leadora.Web.Tests.Api;

/// <summary>How the host reads its configuration at start-up (built directly, as Program.Main builds it).</summary>
public sealed class StartupTests
{
    private static readonly string[] Base =
    [
        "--environment=Production",
        "--Leadora:Web:Auth:JwtSecret=" + Infrastructure.WebFactory.Secret,
        "--Leadora:Postgres:ConnectionString=",
        "--Leadora:OpenAI:ApiKey=",
        "--Leadora:Serper:ApiKey=",
    ];

    private static async Task<WebApplication> BuildAsync(params string[] args) => await LeadoraWebApp.BuildAsync([.. Base, .. args]);

    [Fact]
    public async Task Production_without_a_secret_or_api_keys_refuses_to_start()
    {
        var args = Base.Where(a => !a.Contains("JwtSecret", StringComparison.Ordinal)).Append("--Leadora:Web:Auth:JwtSecret=").ToArray();
        var error = await Assert.ThrowsAsync<StartupException>(() => LeadoraWebApp.BuildAsync(args));
        Assert.Contains("LEADORA_JWT_SECRET", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--Leadora:Web:Auth:JwtSecret=too-short", "at least 32 bytes")]
    [InlineData("--LEADORA_API_KEYS=alice=short", "at least 32 characters")]
    [InlineData("--LEADORA_API_KEYS=no-user-here", "user=key")]
    [InlineData("--Leadora:Web:Sandbox:Latency=openai=slow", "Sandbox")]
    [InlineData("--Leadora:Web:Port=70000", "Port")]
    public async Task Invalid_settings_name_what_to_fix(string setting, string expected)
    {
        var error = await Assert.ThrowsAsync<StartupException>(() => BuildAsync(setting));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_supabase_secret_is_accepted_and_the_leadora_one_wins()
    {
        static WebHostOptions Read(params (string, string)[] settings) =>
            WebHostOptions.Read(new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Item1, (string?)s.Item2))).Build());

        var supabase = new string('s', 40);
        var leadora = new string('l', 40);
        Assert.Equal(supabase, Read(("SUPABASE_JWT_SECRET", supabase)).Auth.JwtSecret);
        Assert.Equal(leadora, Read(("SUPABASE_JWT_SECRET", supabase), ("LEADORA_JWT_SECRET", leadora)).Auth.JwtSecret);
        Assert.Equal("explicit-wins-over-both-of-them-0123456789", Read(("LEADORA_JWT_SECRET", leadora), ("Leadora:Web:Auth:JwtSecret", "explicit-wins-over-both-of-them-0123456789")).Auth.JwtSecret);
        var keys = Read(("LEADORA_API_KEYS", $"svc-a={new string('a', 32)}; svc-b={new string('b', 40)}")).Auth.ApiKeys;
        Assert.Equal(["svc-a", "svc-b"], keys.Select(k => k.UserId));
        Assert.Equal(OfflineMode.Always, Read(("LEADORA_WEB_OFFLINE", "true")).Offline);
        Assert.Equal(OfflineMode.Never, Read(("LEADORA_WEB_OFFLINE", "false")).Offline);
    }

    [Theory]
    [InlineData(new string[0], "http://127.0.0.1:5080")]
    [InlineData(new[] { "--Leadora:Web:Port=6123" }, "http://127.0.0.1:6123")]
    [InlineData(new[] { "--LEADORA_WEB_PORT=6124" }, "http://127.0.0.1:6124")]
    [InlineData(new[] { "--urls=http://0.0.0.0:9000" }, "http://0.0.0.0:9000")]
    public async Task It_listens_on_loopback_port_5080_unless_told_otherwise(string[] args, string urls)
    {
        await using var app = await BuildAsync(args);
        Assert.Equal(urls, app.Configuration["urls"]);
    }

    [Fact]
    public async Task Without_provider_keys_it_runs_offline_against_the_sandbox_and_runs_jobs_in_process()
    {
        await using var app = await BuildAsync();
        var mode = app.Services.GetRequiredService<HostMode>();
        Assert.True(mode.Synthetic);
        Assert.NotNull(mode.SandboxAddress);
        Assert.Equal("in-memory", mode.Storage);
        Assert.Contains(app.Services.GetServices<IHostedService>(), s => s is LeadoraWorkerService);
        Assert.True(app.Services.GetRequiredService<LeadoraWorker>().RunsJobs);
    }

    [Fact]
    public async Task With_provider_keys_it_uses_them_and_jobs_can_run_elsewhere()
    {
        await using var app = await BuildAsync("--OPENAI_API_KEY=sk-test-key", "--SERPER_KEY=serper-test-key", "--Leadora:OpenAI:ApiKey=sk-test-key", "--Leadora:Serper:ApiKey=serper-test-key", "--LEADORA_WEB_RUN_JOBS=false");
        var mode = app.Services.GetRequiredService<HostMode>();
        Assert.False(mode.Synthetic);
        Assert.False(mode.RunsJobs);
        Assert.False(app.Services.GetRequiredService<LeadoraWorker>().RunsJobs);
        Assert.Contains(app.Services.GetServices<IHostedService>(), s => s is LeadoraWorkerService);
    }
}
