using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Leadora.Web.Tests.Infrastructure;

namespace Leadora.Web.Tests.Api;

/// <summary>The earlier Netlify routes, for existing front ends: same authentication, same scoping, their JSON shapes.</summary>
public sealed class CompatibilityTests(FinishedSearchFactory factory) : IClassFixture<FinishedSearchFactory>
{
    private HttpClient Owner() => factory.ClientFor(FinishedSearchFactory.Owner);

    [Fact]
    public async Task Check_progress_reports_weighted_progress_in_the_seed_shape()
    {
        using var client = Owner();
        var body = await client.GetFromJsonAsync<JsonElement>($"/.netlify/functions/check-progress?search_id={factory.SearchId}");
        Assert.Equal(100, body.GetProperty("overall").GetDouble());
        Assert.Equal("completed", body.GetProperty("status").GetString());
        var phases = body.GetProperty("phases").EnumerateArray().ToList();
        Assert.Equal(["personas", "discovery", "dm_enrichment", "market_research"], phases.Select(p => p.GetProperty("name").GetString()));
        Assert.All(phases, p =>
        {
            Assert.Equal("completed", p.GetProperty("status").GetString());
            Assert.Equal(100, p.GetProperty("progress").GetDouble());
            Assert.True(p.GetProperty("attempt").GetInt32() >= 1);
            Assert.Equal(JsonValueKind.String, p.GetProperty("started_at").ValueKind);
        });
        var summary = body.GetProperty("progress");
        Assert.Equal("completed", summary.GetProperty("phase").GetString());
        Assert.Equal(100, summary.GetProperty("progress_pct").GetInt32());
        var counts = body.GetProperty("data_counts");
        Assert.Equal(2, counts.GetProperty("business_personas").GetInt32());
        Assert.Equal(2, counts.GetProperty("dm_personas").GetInt32());
        Assert.True(counts.GetProperty("businesses").GetInt32() > 0);
        Assert.True(counts.GetProperty("decision_makers").GetInt32() > 0);
        Assert.Equal(1, counts.GetProperty("market_insights").GetInt32());
    }

    [Fact]
    public async Task Check_jobs_lists_the_searchs_jobs_with_counts_by_status()
    {
        using var client = Owner();
        var body = await client.GetFromJsonAsync<JsonElement>($"/.netlify/functions/check-jobs?search_id={factory.SearchId}");
        var recent = body.GetProperty("recent").EnumerateArray().ToList();
        Assert.Contains(recent, j => j.GetProperty("type").GetString() == "personas");
        Assert.All(recent, j => Assert.Equal(factory.SearchId, j.GetProperty("search_id").GetGuid()));
        var counts = body.GetProperty("counts").EnumerateArray().ToList();
        Assert.Equal(recent.Count, counts.Sum(c => c.GetProperty("count").GetInt32()));
        Assert.Equal("completed", Assert.Single(counts).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Orchestrator_run_background_accepts_the_callers_own_search()
    {
        using var client = Owner();
        using var content = new StringContent($"{{\"search_id\":\"{factory.SearchId}\",\"user_id\":\"{FinishedSearchFactory.Owner}\"}}", Encoding.UTF8, "application/json");
        using var response = await client.PostAsync("/.netlify/functions/orchestrator-run-background", content);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(body.GetProperty("ok").GetBoolean());
        Assert.Equal(factory.SearchId, body.GetProperty("search_id").GetGuid());
        Assert.Equal("completed", body.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("POST", "/.netlify/functions/orchestrator-run-background", "{}", "search_id,user_id")]
    [InlineData("POST", "/.netlify/functions/orchestrator-run-background", "{\"search_id\":\"nope\",\"user_id\":\"alice\"}", "search_id")]
    [InlineData("GET", "/.netlify/functions/check-progress", null, "search_id")]
    [InlineData("GET", "/.netlify/functions/check-progress?search_id=42", null, "search_id")]
    [InlineData("GET", "/.netlify/functions/check-jobs", null, "search_id")]
    public async Task Missing_or_malformed_ids_are_named(string method, string path, string? body, string fields)
    {
        using var client = Owner();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request);
        Assert.Equal(fields.Split(','), (await response.ProblemAsync(HttpStatusCode.BadRequest)).ErrorFields().Order(StringComparer.Ordinal));
    }
}
