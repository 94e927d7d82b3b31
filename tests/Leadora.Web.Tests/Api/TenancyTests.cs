using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Leadora.Web.Tests.Infrastructure;

namespace Leadora.Web.Tests.Api;

/// <summary>Every read and write is scoped to the caller: another user's search answers 404, never 403 or data.</summary>
public sealed class TenancyTests(FinishedSearchFactory factory) : IClassFixture<FinishedSearchFactory>
{
    private readonly Guid _aliceSearch = factory.SearchId;

    public static TheoryData<string, string, string?> IdRoutes() => new()
    {
        { "GET", "/api/searches/{id}", null },
        { "GET", "/api/searches/{id}/progress", null },
        { "GET", "/api/searches/{id}/events", null },
        { "POST", "/api/searches/{id}/cancel", null },
        { "GET", "/api/searches/{id}/jobs", null },
        { "GET", "/api/searches/{id}/export?format=json", null },
        { "GET", "/api/searches/{id}/export?format=csv", null },
        { "GET", "/api/searches/{id}/export?format=hubspot&object=companies", null },
        { "GET", "/api/searches/{id}/export?format=hubspot&object=contacts", null },
        { "GET", "/api/searches/{id}/export?format=salesforce", null },
        { "GET", "/api/searches/{id}/businesses", null },
        { "GET", "/api/searches/{id}/decision-makers?sort=-matchScore", null },
        { "PUT", "/api/searches/{id}/leads/" + Guid.Empty, "{\"status\":\"qualified\",\"note\":\"taken\"}" },
        { "POST", "/api/searches/{id}/export", "{\"format\":\"csv\",\"ids\":[\"" + Guid.Empty + "\"]}" },
        { "GET", "/.netlify/functions/check-progress?search_id={id}", null },
        { "GET", "/.netlify/functions/check-jobs?search_id={id}", null },
        { "POST", "/.netlify/functions/orchestrator-run-background", "{\"search_id\":\"{id}\",\"user_id\":\"bob\"}" },
        { "POST", "/.netlify/functions/orchestrator-run-background", "{\"search_id\":\"{id}\",\"user_id\":\"alice\"}" },
    };

    private static HttpRequestMessage Request(string method, string route, string? body, Guid id)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), route.Replace("{id}", id.ToString(), StringComparison.Ordinal));
        if (body is not null)
        {
            request.Content = new StringContent(body.Replace("{id}", id.ToString(), StringComparison.Ordinal), Encoding.UTF8, "application/json");
        }

        return request;
    }

    [Theory]
    [MemberData(nameof(IdRoutes))]
    public async Task Another_users_search_answers_404_exactly_like_a_missing_one(string method, string route, string? body)
    {
        using var bob = factory.ClientFor("bob");
        using var stolen = Request(method, route, body, _aliceSearch);
        using var stolenResponse = await bob.SendAsync(stolen);
        var problem = await stolenResponse.ProblemAsync(HttpStatusCode.NotFound);
        Assert.DoesNotContain(_aliceSearch.ToString(), problem.GetProperty("detail").GetString() ?? "", StringComparison.Ordinal);

        using var missing = Request(method, route, body, Guid.NewGuid());
        using var missingResponse = await bob.SendAsync(missing);
        var missingProblem = await missingResponse.ProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(missingProblem.GetProperty("detail").GetString(), problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("/searches/{id}")]
    [InlineData("/searches/{id}/market")]
    [InlineData("/searches/{id}?handler=Fragment")]
    public async Task Another_users_search_pages_answer_404(string route)
    {
        using var bob = factory.ClientFor("bob");
        using var response = await bob.GetAsync(route.Replace("{id}", _aliceSearch.ToString(), StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("Industrial water-treatment", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_user_can_neither_list_nor_cancel_the_search()
    {
        using var bob = factory.ClientFor("bob");
        var list = await bob.GetFromJsonAsync<JsonElement>("/api/searches");
        Assert.DoesNotContain(list.GetProperty("items").EnumerateArray(), s => s.GetProperty("id").GetGuid() == _aliceSearch);

        using var alice = factory.ClientFor(FinishedSearchFactory.Owner);
        var progress = await alice.GetFromJsonAsync<JsonElement>($"/api/searches/{_aliceSearch}/progress");
        Assert.Equal("completed", progress.GetProperty("status").GetString());
    }
}
