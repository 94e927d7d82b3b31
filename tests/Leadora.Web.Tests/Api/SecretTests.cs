using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Leadora.Sandbox;
using Leadora.Web.Tests.Infrastructure;

namespace Leadora.Web.Tests.Api;

/// <summary>The host with real provider settings (keys and base URLs), pointed at a sandbox acting as the providers.</summary>
public sealed class LiveProvidersWebFactory : WebFactory
{
    public const string OpenAIKey = "sk-live-SECRET-0a1b2c3d4e5f60718293a4b5c6d7e8f9";

    public const string SerperKey = "serper-SECRET-9f8e7d6c5b4a39281706f5e4d3c2b1a0";

    public SandboxServer Sandbox { get; } = SandboxServer.StartAsync(new SandboxOptions()).GetAwaiter().GetResult();

    protected override IDictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Leadora:Web:Offline"] = "Auto";
        settings["OPENAI_API_KEY"] = OpenAIKey;
        settings["OPENAI_BASE_URL"] = Sandbox.BaseAddressFor("openai").AbsoluteUri;
        settings["SERPER_KEY"] = SerperKey;
        settings["SERPER_BASE_URL"] = Sandbox.BaseAddressFor("serper").AbsoluteUri;
        settings["Leadora:OpenAI:MinDelayMs"] = "0";
        settings["Logging:LogLevel:Default"] = "Trace";
        return settings;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Sandbox.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

public sealed class SecretTests(LiveProvidersWebFactory factory) : IClassFixture<LiveProvidersWebFactory>
{
    private static readonly string[] Secrets = [LiveProvidersWebFactory.OpenAIKey, LiveProvidersWebFactory.SerperKey, WebFactory.Secret, WebFactory.ApiKey];

    [Fact]
    public async Task No_key_reaches_a_page_a_response_or_a_log()
    {
        using var client = factory.ClientFor("secret-user");
        var id = await client.CompletedSearchAsync();

        // The keys were really used: the sandbox saw them on provider requests.
        var requests = factory.Sandbox.RequestLog.Snapshot();
        Assert.Contains(requests, r => r.Headers.Values.Any(v => v.Contains(LiveProvidersWebFactory.OpenAIKey, StringComparison.Ordinal)));
        Assert.Contains(requests, r => r.Headers.Values.Any(v => v.Contains(LiveProvidersWebFactory.SerperKey, StringComparison.Ordinal)));

        var bodies = new List<string>();
        foreach (var path in new[]
        {
            "/api/searches", $"/api/searches/{id}", $"/api/searches/{id}/progress", $"/api/searches/{id}/events", $"/api/searches/{id}/jobs",
            $"/api/searches/{id}/export?format=json", $"/api/searches/{id}/export?format=csv", $"/api/searches/{id}/export?format=hubspot",
            $"/api/searches/{id}/export?format=hubspot&object=contacts", $"/api/searches/{id}/export?format=salesforce",
            $"/.netlify/functions/check-progress?search_id={id}", $"/.netlify/functions/check-jobs?search_id={id}",
            "/openapi/v1.json", "/health/ready", "/", "/searches/new", $"/searches/{id}", $"/searches/{id}/market", "/signin",
        })
        {
            using var response = await client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, path);
            bodies.Add(response.Headers + "\n" + response.Content.Headers + "\n" + await response.Content.ReadAsStringAsync());
        }

        foreach (var secret in Secrets)
        {
            Assert.DoesNotContain(bodies, body => body.Contains(secret, StringComparison.Ordinal));
            Assert.DoesNotContain(factory.Logs.Lines, line => line.Contains(secret, StringComparison.Ordinal));
        }

        Assert.NotEmpty(factory.Logs.Lines);
    }

    [Fact]
    public async Task Live_providers_show_no_synthetic_banner()
    {
        using var client = factory.ClientFor("banner-user");
        var html = await client.GetStringAsync("/");
        Assert.DoesNotContain("data-synthetic-banner", html, StringComparison.Ordinal);
    }
}
