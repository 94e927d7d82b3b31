using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Leadora.Web.Tests.Infrastructure;

namespace Leadora.Web.Tests.Api;

public sealed class SearchApiTests(WebFactory factory) : IClassFixture<WebFactory>
{
    [Fact]
    public async Task Creating_a_search_answers_202_with_its_id_and_location()
    {
        using var client = factory.ClientFor("create-user");
        using var response = await client.PostAsJsonAsync("/api/searches", new
        {
            searchType = "supplier",
            productService = "Stainless steel valves",
            industries = new[] { "Oil and gas" },
            countries = new[] { "AE", "Saudi Arabia" },
        });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = body.GetProperty("id").GetGuid();
        Assert.Equal($"/api/searches/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("pending", body.GetProperty("status").GetString());

        var search = await client.GetFromJsonAsync<JsonElement>(response.Headers.Location);
        var request = search.GetProperty("search").GetProperty("request");
        Assert.Equal("supplier", request.GetProperty("searchType").GetString());
        Assert.Equal(["AE", "SA"], request.GetProperty("countries").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public async Task Invalid_requests_answer_400_naming_each_bad_field()
    {
        using var client = factory.ClientFor("validation-user");
        using var response = await client.PostAsJsonAsync("/api/searches", new
        {
            searchType = "buyer",
            productService = "",
            industries = Array.Empty<string>(),
            countries = new[] { "Atlantis" },
            limits = new { businessPersonas = 99, decisionMakersPerBusiness = "three" },
        });

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(
            ["countries", "industries", "limits.businessPersonas", "limits.decisionMakersPerBusiness", "productService", "searchType"],
            problem.ErrorFields().Order(StringComparer.Ordinal));
        Assert.Contains("Atlantis", problem.GetProperty("errors").GetProperty("countries")[0].GetString(), StringComparison.Ordinal);
        var list = await client.GetFromJsonAsync<JsonElement>("/api/searches");
        Assert.Equal(0, list.GetProperty("items").GetArrayLength());
    }

    [Theory]
    [InlineData("{\"productService\": 42, \"industries\": \"Petrochemicals\", \"countries\": [\"SA\"]}", "industries,productService")]
    [InlineData("[1, 2]", "request")]
    [InlineData("{not json", "request")]
    public async Task Wrong_types_and_malformed_json_are_named(string body, string fields)
    {
        using var client = factory.ClientFor("types-user");
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync("/api/searches", content);
        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(fields.Split(','), problem.ErrorFields().Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Bodies_must_be_json_and_small()
    {
        using var client = factory.ClientFor("limits-user");
        using var form = new StringContent("productService=x", Encoding.UTF8, "application/x-www-form-urlencoded");
        using var unsupported = await client.PostAsync("/api/searches", form);
        await unsupported.ProblemAsync(HttpStatusCode.UnsupportedMediaType);

        var huge = JsonSerializer.Serialize(new { productService = new string('x', 70_000), industries = new[] { "A" }, countries = new[] { "SA" } });
        using var large = new StringContent(huge, Encoding.UTF8, "application/json");
        using var tooLarge = await client.PostAsync("/api/searches", large);
        await tooLarge.ProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task The_list_is_the_callers_own_newest_first_and_paged()
    {
        using var client = factory.ClientFor("list-user");
        using var other = factory.ClientFor("list-other");
        var first = await client.CreateSearchAsync(ApiCalls.SmallRequest("first"));
        var second = await client.CreateSearchAsync(ApiCalls.SmallRequest("second"));
        var third = await client.CreateSearchAsync(ApiCalls.SmallRequest("third"));
        await other.CreateSearchAsync(ApiCalls.SmallRequest("someone else's"));

        var page1 = await client.GetFromJsonAsync<JsonElement>("/api/searches?pageSize=2");
        Assert.Equal([third, second], page1.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
        Assert.True(page1.GetProperty("hasMore").GetBoolean());
        Assert.Equal("third", page1.GetProperty("items")[0].GetProperty("productService").GetString());

        var page2 = await client.GetFromJsonAsync<JsonElement>("/api/searches?pageSize=2&page=2");
        Assert.Equal([first], page2.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
        Assert.False(page2.GetProperty("hasMore").GetBoolean());

        using var bad = await client.GetAsync("/api/searches?page=0&pageSize=abc");
        Assert.Equal(["page", "pageSize"], (await bad.ProblemAsync(HttpStatusCode.BadRequest)).ErrorFields().Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_finished_search_returns_its_full_results_progress_and_jobs()
    {
        using var client = factory.ClientFor("results-user");
        var id = await client.CompletedSearchAsync();

        var document = await client.GetFromJsonAsync<JsonElement>($"/api/searches/{id}");
        Assert.Equal("completed", document.GetProperty("search").GetProperty("status").GetString());
        Assert.Equal(2, document.GetProperty("businessPersonas").GetArrayLength());
        Assert.True(document.GetProperty("businesses").GetArrayLength() > 0);
        Assert.True(document.GetProperty("decisionMakers").GetArrayLength() > 0);
        Assert.StartsWith("https://www.linkedin.com/in/", document.GetProperty("decisionMakers")[0].GetProperty("linkedInUrl").GetString(), StringComparison.Ordinal);
        Assert.Equal("grounded", document.GetProperty("market").GetProperty("evidence").GetString());

        var progress = await client.GetFromJsonAsync<JsonElement>($"/api/searches/{id}/progress");
        Assert.Equal(100, progress.GetProperty("overall").GetDouble());
        var phases = progress.GetProperty("phases").EnumerateArray().ToList();
        Assert.Equal(["personas", "discovery", "decision_makers", "market"], phases.Select(p => p.GetProperty("phase").GetString()));
        Assert.Equal([25.0, 35, 20, 20], phases.Select(p => p.GetProperty("weight").GetDouble()));
        Assert.All(phases, p => Assert.Equal("completed", p.GetProperty("status").GetString()));
        var counts = progress.GetProperty("counts");
        Assert.Equal(2, counts.GetProperty("businessPersonas").GetInt32());
        Assert.Equal(2, counts.GetProperty("decisionMakerPersonas").GetInt32());
        Assert.Equal(document.GetProperty("businesses").GetArrayLength(), counts.GetProperty("businesses").GetInt32());
        Assert.Equal(document.GetProperty("decisionMakers").GetArrayLength(), counts.GetProperty("decisionMakers").GetInt32());
        Assert.True(counts.GetProperty("hasMarketReport").GetBoolean());

        var jobs = await client.GetFromJsonAsync<JsonElement>($"/api/searches/{id}/jobs");
        var types = jobs.GetProperty("items").EnumerateArray().Select(j => j.GetProperty("type").GetString()).ToHashSet();
        Assert.Superset(new HashSet<string?> { "personas", "discovery", "market" }, types);
        Assert.All(jobs.GetProperty("items").EnumerateArray(), j => Assert.Equal("completed", j.GetProperty("state").GetString()));
        Assert.Contains(jobs.GetProperty("counts").EnumerateArray(), c => c.GetProperty("type").GetString() == "personas" && c.GetProperty("completed").GetInt32() == 1);
    }

    [Fact]
    public async Task Cancelling_a_finished_search_is_a_conflict()
    {
        using var client = factory.ClientFor("cancel-finished-user");
        var id = await client.CompletedSearchAsync();
        using var response = await client.PostAsync($"/api/searches/{id}/cancel", null);
        var problem = await response.ProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("completed", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_ids_and_routes_answer_problem_details()
    {
        using var client = factory.ClientFor("unknown-user");
        using var missing = await client.GetAsync($"/api/searches/{Guid.NewGuid()}/progress");
        await missing.ProblemAsync(HttpStatusCode.NotFound);
        using var notAGuid = await client.GetAsync("/api/searches/not-a-guid");
        await notAGuid.ProblemAsync(HttpStatusCode.NotFound);
        using var method = await client.DeleteAsync("/api/searches");
        await method.ProblemAsync(HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_api()
    {
        using var client = factory.ClientFor("openapi-user");
        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/searches", paths);
        Assert.Contains("/api/searches/{id}/events", paths);
        Assert.Contains("/api/searches/{id}/export", paths);
        Assert.Contains("/api/searches/{id}/businesses", paths);
        Assert.Contains("/api/searches/{id}/decision-makers", paths);
        Assert.True(document.GetProperty("paths").GetProperty("/api/searches/{id}/leads/{leadId}").TryGetProperty("put", out _));
        Assert.True(document.GetProperty("paths").GetProperty("/api/searches/{id}/export").TryGetProperty("post", out _));
        Assert.Contains("/.netlify/functions/check-progress", paths);
        Assert.Equal("bearer", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer").GetProperty("scheme").GetString());
    }
}
