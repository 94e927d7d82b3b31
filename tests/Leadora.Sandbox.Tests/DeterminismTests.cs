using System.Text.Json.Nodes;

namespace Leadora.Sandbox.Tests;

public sealed class DeterminismTests
{
    [Fact]
    public async Task Same_seed_gives_the_same_world_regardless_of_order_and_concurrency()
    {
        await using var first = await SandboxTestHost.StartAsync();
        await using var second = await SandboxTestHost.StartAsync();
        var queries = new[] { "petrochemical plant", "refinery", "power generation company", "hospital", "cement" };

        // Different orders, concurrently on one server, sequentially in reverse on the other.
        var concurrent = await Task.WhenAll(queries.Select(q => BodyAsync(first, q)));
        var reversed = new List<string>();
        foreach (var q in queries.Reverse())
        {
            reversed.Add(await BodyAsync(second, q));
        }

        reversed.Reverse();
        Assert.Equal(concurrent, reversed);
    }

    [Fact]
    public async Task Different_seed_gives_a_different_world()
    {
        await using var seed42 = await SandboxTestHost.StartAsync();
        await using var seed7 = await SandboxTestHost.StartAsync(new SandboxOptions { Seed = 7 });

        Assert.NotEqual(await BodyAsync(seed42, "petrochemical plant"), await BodyAsync(seed7, "petrochemical plant"));
    }

    [Fact]
    public async Task People_do_not_depend_on_whether_the_places_query_ran_first()
    {
        await using var placesFirst = await SandboxTestHost.StartAsync();
        await using var peopleFirst = await SandboxTestHost.StartAsync();
        var company = (await placesFirst.SerperJsonAsync("places", SandboxTestHost.Places("refinery", "sa")))["places"]![0]!["title"]!.GetValue<string>();
        var query = new JsonObject { ["q"] = $"site:linkedin.com/in \"{company}\" (\"Plant Manager\")", ["gl"] = "sa" };

        var afterPlaces = await placesFirst.SerperJsonAsync("search", query);
        var cold = await peopleFirst.SerperJsonAsync("search", query);

        Assert.Equal(afterPlaces.ToJsonString(), cold.ToJsonString());
    }

    private static async Task<string> BodyAsync(SandboxTestHost host, string q)
    {
        using var response = await host.SerperAsync("places", SandboxTestHost.Places(q, "sa"));
        return await response.Content.ReadAsStringAsync();
    }
}
