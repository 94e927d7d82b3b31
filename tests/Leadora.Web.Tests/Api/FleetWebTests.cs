using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Leadora.Testing;
using Leadora.Web.Tests.Infrastructure;

namespace Leadora.Web.Tests.Api;

/// <summary>
/// Issue 10, acceptance 2: two web instances on one PostgreSQL database share the data-protection key ring (a cookie and
/// form token issued by one are accepted by the other, and by no instance on another database), and an event stream that
/// disconnects mid-search and reconnects to the other instance with <c>Last-Event-ID</c> receives every result exactly once.
/// </summary>
public sealed partial class FleetWebTests
{
    private sealed class PostgresWebFactory(string connectionString) : WebFactory
    {
        protected override IDictionary<string, string?> Settings()
        {
            var settings = base.Settings();
            settings["Leadora:Postgres:ConnectionString"] = connectionString;
            settings["Leadora:Web:Sandbox:Latency"] = "openai=300,serper=60";
            settings["Leadora:Cache:Enabled"] = "false";
            return settings;
        }
    }

    [GeneratedRegex("name=\"__csrf\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex CsrfField();

    [Fact]
    public async Task A_cookie_issued_by_one_instance_is_accepted_by_another_on_the_same_database_only()
    {
        var server = await PostgresServer.GetAsync();
        var database = await server.CreateDatabaseAsync("webdp");
        var other = await server.CreateDatabaseAsync("webdp2");
        await using var first = new PostgresWebFactory(database);
        await using var second = new PostgresWebFactory(database);
        await using var elsewhere = new PostgresWebFactory(other);

        // Instance one issues the antiforgery cookie and the form token that goes with it.
        using var issuer = first.ClientFor(null);
        using var page = await issuer.GetAsync("/signin?returnUrl=%2F");
        var csrf = CsrfField().Match(await page.Content.ReadAsStringAsync()).Groups[1].Value;
        var cookie = Assert.Single(page.Headers.GetValues("Set-Cookie"), c => c.StartsWith("leadora_csrf=", StringComparison.Ordinal)).Split(';')[0];

        async Task<HttpResponseMessage> SignInAsync(WebFactory instance)
        {
            using var client = instance.ClientFor(null);
            using var request = new HttpRequestMessage(HttpMethod.Post, "/signin")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__csrf"] = csrf, ["Token"] = WebFactory.TokenFor("cookie-user"), ["ReturnUrl"] = "/" }),
            };
            request.Headers.Add("Cookie", cookie);
            return await client.SendAsync(request);
        }

        // Instance two accepts them and signs the user in.
        using var accepted = await SignInAsync(second);
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Contains(accepted.Headers.GetValues("Set-Cookie"), c => c.StartsWith("leadora_token=", StringComparison.Ordinal));

        // An instance on another database has other keys: the same cookie is refused there.
        using var refused = await SignInAsync(elsewhere);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
    }

    [Fact]
    public async Task A_stream_resumed_on_another_instance_with_Last_Event_ID_gets_every_result_exactly_once()
    {
        var server = await PostgresServer.GetAsync();
        var database = await server.CreateDatabaseAsync("websse");
        await using var first = new PostgresWebFactory(database);
        await using var second = new PostgresWebFactory(database);
        using var alice = first.ClientFor("sse-alice");
        var id = await alice.CreateSearchAsync(new
        {
            searchType = "customer",
            productService = "Industrial water-treatment chemicals",
            industries = new[] { "Petrochemicals" },
            countries = new[] { "Saudi Arabia" },
            limits = new { businessPersonas = 2, decisionMakerPersonas = 2, businessesPerPersona = 6, decisionMakersPerBusiness = 2 },
        });

        var businesses = new List<string>();
        var decisionMakers = new List<string>();
        var personas = new List<string>();
        void Collect(JsonElement data)
        {
            foreach (var (list, target) in new[] { ("businesses", businesses), ("decisionMakers", decisionMakers), ("businessPersonas", personas), ("decisionMakerPersonas", personas) })
            {
                target.AddRange(data.GetProperty(list).EnumerateArray().Select(e => e.GetProperty("id").GetString()!));
            }
        }

        // The first stream leaves as soon as some businesses have arrived, while the search is still running.
        string? lastId = null;
        using (var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(90)))
        using (var response = await alice.GetAsync($"/api/searches/{id}/events", HttpCompletionOption.ResponseHeadersRead, cancellation.Token))
        {
            await foreach (var (eventId, name, data) in ReadAsync(response, cancellation.Token))
            {
                lastId = eventId;
                if (name == "results")
                {
                    Collect(data);
                }

                Assert.NotEqual("finished", name);
                if (businesses.Count > 0)
                {
                    break;
                }
            }
        }

        Assert.NotNull(lastId);

        // The second stream, on the other instance, resumes after the last event the client saw.
        using var bob = second.ClientFor("sse-alice");
        using (var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(120)))
        using (var request = new HttpRequestMessage(HttpMethod.Get, $"/api/searches/{id}/events"))
        {
            request.Headers.Add("Last-Event-ID", lastId);
            using var response = await bob.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellation.Token);
            var finished = false;
            await foreach (var (_, name, data) in ReadAsync(response, cancellation.Token))
            {
                if (name == "results")
                {
                    Collect(data);
                }

                finished |= name == "finished";
            }

            Assert.True(finished);
        }

        var result = await alice.GetFromJsonAsync<JsonElement>($"/api/searches/{id}");
        List<string> Ids(string list) => [.. result.GetProperty(list).EnumerateArray().Select(e => e.GetProperty("id").GetString()!).Order(StringComparer.Ordinal)];
        Assert.NotEmpty(Ids("businesses"));
        Assert.Equal(Ids("businesses"), businesses.Order(StringComparer.Ordinal));
        Assert.Equal(Ids("decisionMakers"), decisionMakers.Order(StringComparer.Ordinal));
        Assert.Equal(Ids("businessPersonas").Concat(Ids("decisionMakerPersonas")).Order(StringComparer.Ordinal), personas.Order(StringComparer.Ordinal));
    }

    private static async IAsyncEnumerable<(string? Id, string Name, JsonElement Data)> ReadAsync(HttpResponseMessage response, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        string? id = null, name = null, data = null;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (name is not null && data is not null)
                {
                    yield return (id, name, JsonDocument.Parse(data).RootElement.Clone());
                }

                (name, data) = (null, null);
            }
            else if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = line["id: ".Length..];
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = line["data: ".Length..];
            }
        }
    }
}
