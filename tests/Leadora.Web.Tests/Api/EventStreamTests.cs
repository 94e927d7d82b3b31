using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Leadora.Web.Tests.Infrastructure;

namespace Leadora.Web.Tests.Api;

/// <summary>Server-Sent Events and cancellation, against a sandbox slow enough that a search takes a few seconds.</summary>
public sealed class EventStreamTests(SlowWebFactory factory) : IClassFixture<SlowWebFactory>
{
    private sealed record SseEvent(string Name, JsonElement Data);

    private static async Task<(List<SseEvent> Events, List<string> Comments, string ContentType)> ReadStreamAsync(HttpClient client, Guid id)
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        using var response = await client.GetAsync($"/api/searches/{id}/events", HttpCompletionOption.ResponseHeadersRead, cancellation.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var events = new List<SseEvent>();
        var comments = new List<string>();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellation.Token));
        string? name = null;
        string? data = null;
        while (await reader.ReadLineAsync(cancellation.Token) is { } line)
        {
            if (line.Length == 0)
            {
                if (name is not null && data is not null)
                {
                    events.Add(new SseEvent(name, JsonDocument.Parse(data).RootElement.Clone()));
                }

                (name, data) = (null, null);
            }
            else if (line.StartsWith(':'))
            {
                comments.Add(line);
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

        return (events, comments, response.Content.Headers.ContentType!.MediaType!);
    }

    [Fact]
    public async Task The_stream_carries_progress_and_results_as_they_land_then_closes_after_finished()
    {
        using var client = factory.ClientFor("sse-user");
        var id = await client.CreateSearchAsync();
        var (events, comments, contentType) = await ReadStreamAsync(client, id);

        Assert.Equal("text/event-stream", contentType);
        Assert.Equal("finished", events[^1].Name);
        Assert.Equal(100, events[^1].Data.GetProperty("overall").GetDouble());
        Assert.Single(events, e => e.Name == "finished");

        var overall = events.Where(e => e.Name == "progress").Select(e => e.Data.GetProperty("overall").GetDouble()).ToList();
        Assert.True(overall.Count >= 3, $"several progress events ({overall.Count})");
        Assert.Equal(overall.Order(), overall);
        Assert.True(overall[0] < 100);

        // Results arrive in several events, each carrying only what is new; together they are the whole result.
        var results = events.Where(e => e.Name == "results").Select(e => e.Data).ToList();
        Assert.True(results.Count(r => r.GetProperty("businesses").GetArrayLength() > 0 || r.GetProperty("decisionMakers").GetArrayLength() > 0) >= 2);
        var streamedBusinesses = results.SelectMany(r => r.GetProperty("businesses").EnumerateArray().Select(b => b.GetProperty("id").GetGuid())).ToList();
        var streamedPeople = results.SelectMany(r => r.GetProperty("decisionMakers").EnumerateArray().Select(b => b.GetProperty("id").GetGuid())).ToList();
        var document = await client.GetFromJsonAsync<JsonElement>($"/api/searches/{id}");
        // The stream shows every business as it is found; the document splits them into kept and excluded.
        Assert.Equal(document.GetProperty("businesses").EnumerateArray().Concat(document.GetProperty("excludedBusinesses").EnumerateArray()).Select(b => b.GetProperty("id").GetGuid()).Order(), streamedBusinesses.Order());
        Assert.Equal(document.GetProperty("decisionMakers").EnumerateArray().Select(b => b.GetProperty("id").GetGuid()).Order(), streamedPeople.Order());
        Assert.Single(results, r => r.GetProperty("market").ValueKind == JsonValueKind.Object);

        // Keep-alive comments flow while the search runs (the test host sends one every 250 ms).
        Assert.Contains(comments, c => c.StartsWith(": keep-alive", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_finished_search_streams_its_state_and_closes_at_once()
    {
        using var client = factory.ClientFor("sse-finished-user");
        var id = await client.CreateSearchAsync();
        await client.WaitUntilFinishedAsync(id);
        var (events, _, _) = await ReadStreamAsync(client, id);
        Assert.Equal(["results", "progress", "finished"], events.Select(e => e.Name));
        Assert.True(events[0].Data.GetProperty("businesses").GetArrayLength() > 0);
    }

    [Fact]
    public async Task Cancelling_a_running_search_stops_it()
    {
        using var client = factory.ClientFor("cancel-user");
        var id = await client.CreateSearchAsync();
        using var response = await client.PostAsync($"/api/searches/{id}/cancel", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("cancelled", body.GetProperty("status").GetString());

        var progress = await client.WaitUntilFinishedAsync(id);
        Assert.Equal("cancelled", progress.GetProperty("status").GetString());
        using var again = await client.PostAsync($"/api/searches/{id}/cancel", null);
        await again.ProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_client_that_leaves_stops_its_stream()
    {
        using var client = factory.ClientFor("leaving-user");
        var id = await client.CreateSearchAsync();
        using (var cancellation = new CancellationTokenSource())
        {
            using var response = await client.GetAsync($"/api/searches/{id}/events", HttpCompletionOption.ResponseHeadersRead, cancellation.Token);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellation.Token));
            Assert.Equal("retry: 3000", await reader.ReadLineAsync(cancellation.Token));
            await cancellation.CancelAsync();
        }

        var closed = $"Event stream of search {id} closed by the client";
        for (var waited = 0; waited < 10_000 && !factory.Logs.Lines.Any(l => l.Contains(closed, StringComparison.Ordinal)); waited += 50)
        {
            await Task.Delay(50);
        }

        Assert.True(factory.Logs.Lines.Any(l => l.Contains(closed, StringComparison.Ordinal)), string.Join("\n", factory.Logs.Lines.Where(l => l.Contains("Exception", StringComparison.Ordinal) || l.Contains(id.ToString(), StringComparison.Ordinal) || l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Warn", StringComparison.Ordinal))));
        Assert.Equal("completed", (await client.WaitUntilFinishedAsync(id)).GetProperty("status").GetString());
    }
}
