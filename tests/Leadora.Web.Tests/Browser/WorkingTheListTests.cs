using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Leadora.Web.Tests.Browser;

/// <summary>A sales team working a search of about a thousand businesses in Chromium.</summary>
public sealed class WorkingTheListTests(LargeSearchFixture search, ITestOutputHelper output) : IClassFixture<LargeSearchFixture>
{
    [ChromiumFact]
    public async Task Probe()
    {
        using var client = search.Host.ClientFor(LargeSearchFixture.Owner);
        var result = await client.GetFromJsonAsync<JsonElement>($"/api/searches/{search.SearchId}");
        output.WriteLine($"search took {search.SearchTime}; {result.GetProperty("businesses").GetArrayLength()} businesses, {result.GetProperty("decisionMakers").GetArrayLength()} people");
    }
}
