using Leadora.Testing;
using Leadora.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Leadora.Web.Tests.Browser;

/// <summary>
/// Coming back tomorrow (status and note survive a web host restart on PostgreSQL), the whole product by keyboard only
/// (sign in, create a search, cancel it), and the pages of a failed and a cancelled search; axe-core and screenshots on
/// each page.
/// </summary>
[Collection(ChromiumCollection.Name)]
public sealed class LeadStateAndKeyboardTests(ITestOutputHelper output)
{
    private static readonly object SmallRequest = new
    {
        searchType = "customer",
        productService = "Industrial water-treatment chemicals",
        industries = new[] { "Petrochemicals" },
        countries = new[] { "Saudi Arabia" },
        limits = new { businessPersonas = 2, decisionMakerPersonas = 2, businessesPerPersona = 6, decisionMakersPerBusiness = 2 },
    };

    [ChromiumFact]
    public async Task A_status_and_note_set_in_the_table_survive_a_web_host_restart_on_postgresql()
    {
        var server = await PostgresServer.GetAsync();
        var database = await server.CreateDatabaseAsync("webui");
        const string user = "pg-sales-user";
        await using var chromium = await ChromiumSession.LaunchAsync();

        Guid searchId;
        string leadId, otherId;
        await using (var first = await KestrelHost.StartAsync("--Leadora:Postgres:ConnectionString=" + database))
        {
            (searchId, var status) = await first.RunSearchAsync(user, SmallRequest, TimeSpan.FromMinutes(3));
            Assert.Equal("completed", status);
            await using var context = await chromium.ContextAsync(first.BaseUrl, user);
            var page = await context.NewPageAsync();
            var problems = BrowserProblems.Watch(page);
            await page.GotoAsync($"{first.BaseUrl}/searches/{searchId}/businesses");
            var rows = page.Locator("#businesses-table tbody tr");
            leadId = (await rows.Nth(0).GetAttributeAsync("data-lead"))!;
            otherId = (await rows.Nth(1).GetAttributeAsync("data-lead"))!;

            // With script: the row's form saves through fetch and says so in place, without leaving the page.
            var row = page.Locator($"#lead-{Guid.Parse(leadId):N}");
            await row.Locator("[data-status-select]").SelectOptionAsync("qualified");
            await row.Locator("[data-note-input]").FillAsync("Asked for a call on Tuesday; wants pricing for 3 sites");
            await page.EvaluateAsync("() => { window.__same = true; }");
            await row.Locator("[data-save-annotation]").ClickAsync();
            await page.WaitForFunctionAsync($"() => document.querySelector('#lead-{Guid.Parse(leadId):N} [data-saved]').textContent === 'Saved.'");
            Assert.True(await page.EvaluateAsync<bool>("() => window.__same === true"), "saving did not reload the page");

            // Without script: the same form posts and comes back to the same table.
            await using var noScript = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { JavaScriptEnabled = false, ViewportSize = ChromiumSession.Desktop });
            await noScript.AddCookiesAsync([new Cookie { Name = "leadora_token", Value = WebFactory.TokenFor(user), Url = first.BaseUrl }]);
            var plain = await noScript.NewPageAsync();
            await plain.GotoAsync($"{first.BaseUrl}/searches/{searchId}/businesses?sort=name");
            var other = plain.Locator($"#lead-{Guid.Parse(otherId):N}");
            await other.Locator("[data-status-select]").SelectOptionAsync("rejected");
            await other.Locator("[data-note-input]").FillAsync("Not a buyer: distributor only");
            await other.Locator("[data-save-annotation]").ClickAsync();
            await plain.WaitForPageAsync(new System.Text.RegularExpressions.Regex("sort=name#lead-"));
            Assert.Equal("rejected", await plain.Locator($"#lead-{Guid.Parse(otherId):N} [data-status-select]").InputValueAsync());
            Assert.Empty(problems);
        }

        // A new host on the same database: the table shows both, and the status filter finds them.
        await using var second = await KestrelHost.StartAsync("--Leadora:Postgres:ConnectionString=" + database);
        await using (var context = await chromium.ContextAsync(second.BaseUrl, user))
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync($"{second.BaseUrl}/searches/{searchId}/businesses?status=qualified");
            var row = page.Locator($"#lead-{Guid.Parse(leadId):N}");
            Assert.Equal(1, await page.Locator("#businesses-table tbody tr").CountAsync());
            Assert.Equal("qualified", await row.Locator("[data-status-select]").InputValueAsync());
            Assert.Equal("Asked for a call on Tuesday; wants pricing for 3 sites", await row.Locator("[data-note-input]").InputValueAsync());
            await page.GotoAsync($"{second.BaseUrl}/searches/{searchId}/businesses?status=rejected");
            Assert.Equal("Not a buyer: distributor only", await page.Locator($"#lead-{Guid.Parse(otherId):N} [data-note-input]").InputValueAsync());
            await ChromiumSession.CheckAsync(page, "20-businesses-status-filter");
        }

        // Another user sees neither the search nor its notes.
        await using var stranger = await chromium.ContextAsync(second.BaseUrl, "someone-else");
        var strangerPage = await stranger.NewPageAsync();
        Assert.Equal(404, (await strangerPage.GotoAsync($"{second.BaseUrl}/searches/{searchId}/businesses"))!.Status);
    }

    [ChromiumFact]
    public async Task A_search_can_be_created_and_cancelled_with_the_keyboard_alone()
    {
        // A slow sandbox, so the search is still running when it is cancelled.
        await using var host = await KestrelHost.StartAsync("--Leadora:Web:Sandbox:Latency=openai=3000,serper=300", "--Leadora:Cache:Enabled=false");
        await using var chromium = await ChromiumSession.LaunchAsync();
        await using var context = await chromium.ContextAsync(host.BaseUrl, user: null);
        var page = await context.NewPageAsync();
        var problems = BrowserProblems.Watch(page);

        await page.GotoAsync(host.BaseUrl + "/");
        Assert.Contains("/signin", page.Url, StringComparison.Ordinal);
        await ChromiumSession.CheckAsync(page, "01-sign-in");
        await TabToAsync(page, "#token");
        await page.Keyboard.TypeAsync(WebFactory.TokenFor("keyboard-user"));
        await TabToAsync(page, "[data-signin-submit]");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForPageAsync(host.BaseUrl + "/");
        await ChromiumSession.CheckAsync(page, "02-searches-empty");

        await TabToAsync(page, "nav.mainnav a[href='/searches/new']");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForPageAsync(host.BaseUrl + "/searches/new");
        await ChromiumSession.CheckAsync(page, "03-new-search");

        // Submitting the empty form shows the messages; focus can go straight back to the fields.
        await TabToAsync(page, "[data-start-search]");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForSelectorAsync("[data-validation-summary]");
        await ChromiumSession.CheckAsync(page, "04-new-search-errors");

        await TabToAsync(page, "input[name=SearchType][value=customer]");
        await page.Keyboard.PressAsync("ArrowDown");
        Assert.True(await page.IsCheckedAsync("input[name=SearchType][value=supplier]"), "arrow keys move between the search types");
        await page.Keyboard.PressAsync("ArrowUp");
        await TabToAsync(page, "#productService");
        await page.Keyboard.TypeAsync("Corrosion inhibitors for cooling towers");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("Petrochemicals, Power generation");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("Saudi Arabia");
        await TabToAsync(page, "details.advanced summary");
        await page.Keyboard.PressAsync("Enter");
        await TabToAsync(page, "#businessesPerPersona");
        await page.Keyboard.TypeAsync("4");
        await TabToAsync(page, "[data-start-search]");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForPageAsync(new System.Text.RegularExpressions.Regex("/searches/[0-9a-f-]{36}$"));
        Assert.Equal("Corrosion inhibitors for cooling towers", (await page.InnerTextAsync(".search-title h1")).Trim());
        Assert.Contains("Saudi Arabia", await page.InnerTextAsync(".search-title"), StringComparison.Ordinal);
        await ChromiumSession.CheckAsync(page, "05-search-running");

        // Cancel it by keyboard; the page says clearly what happened and what was kept.
        await TabToAsync(page, "[data-cancel-form] button");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForSelectorAsync("[data-outcome=cancelled]");
        Assert.Contains("This search was cancelled", await page.InnerTextAsync("[data-outcome]"), StringComparison.Ordinal);
        Assert.Contains("What was kept", await page.InnerTextAsync("[data-outcome]"), StringComparison.Ordinal);
        await ChromiumSession.CheckAsync(page, "06-search-cancelled");
        Assert.DoesNotContain(problems, p => !p.Contains("status of 400", StringComparison.Ordinal));
    }

    [ChromiumFact]
    public async Task A_failed_search_has_a_page_that_says_what_went_wrong_and_offers_a_new_search()
    {
        // Every LLM answers outside its schema and units get one attempt, so the personas (and the search) fail.
        await using var host = await KestrelHost.StartAsync(
            "--Leadora:Web:Sandbox:Faults=openai:schema=1,gemini:schema=1,deepseek:schema=1",
            "--Leadora:Jobs:MaxAttempts=1");
        var (id, status) = await host.RunSearchAsync("failing-user", SmallRequest, TimeSpan.FromMinutes(3));
        Assert.Equal("failed", status);

        await using var chromium = await ChromiumSession.LaunchAsync();
        await using var context = await chromium.ContextAsync(host.BaseUrl, "failing-user");
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{host.BaseUrl}/searches/{id}");
        var outcome = await page.InnerTextAsync("[data-outcome=failed]");
        output.WriteLine(outcome);
        Assert.Contains("This search failed", outcome, StringComparison.Ordinal);
        Assert.Contains("Personas could not be written", outcome, StringComparison.Ordinal);
        Assert.Contains("Steps that did not finish: Personas", outcome, StringComparison.Ordinal);
        Assert.Contains("Stopped: the search failed.", await page.InnerTextAsync("[data-now]"), StringComparison.Ordinal);
        await ChromiumSession.CheckAsync(page, "07-search-failed");
        await page.ClickAsync("[data-outcome] [data-rerun]");
        await page.WaitForPageAsync($"/searches/new?from={id}");
        Assert.Equal("Industrial water-treatment chemicals", await page.InputValueAsync("#productService"));
    }

    /// <summary>Presses Tab until the focused element matches <paramref name="selector"/>, and checks that focus is visible there.</summary>
    private static async Task TabToAsync(IPage page, string selector, int maxPresses = 60)
    {
        for (var i = 0; i < maxPresses; i++)
        {
            if (await page.EvaluateAsync<bool>("s => document.activeElement !== null && document.activeElement.matches(s)", selector))
            {
                var outline = await page.EvaluateAsync<string>("() => { const s = getComputedStyle(document.activeElement); return s.outlineStyle + ' ' + s.outlineWidth; }");
                Assert.False(outline.StartsWith("none", StringComparison.Ordinal), $"focus on {selector} is visible (outline: {outline})");
                return;
            }

            await page.Keyboard.PressAsync("Tab");
        }

        throw new Xunit.Sdk.XunitException($"{selector} was not reached with {maxPresses} Tab presses.");
    }
}
