using System.Text;
using Leadora.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Leadora.Web.Tests.Browser;

/// <summary>
/// The whole product in a real browser: the app runs on Kestrel on 127.0.0.1 (built exactly as Program.Main builds it,
/// offline against a deliberately slow sandbox), and Debian's Chromium signs in with a test token, starts a search,
/// watches the progress bar reach 100 % without a reload, sees businesses and decision makers, downloads the HubSpot
/// companies CSV and opens the market page. Every page it opens is checked with axe-core (<see cref="ChromiumSession.CheckAsync"/>); screenshots land in <see cref="ArtifactsDirectory"/>.
/// </summary>
[Collection(ChromiumCollection.Name)]
public sealed class BrowserTests(ITestOutputHelper output)
{
    /// <summary>Where screenshots and downloads are saved: TestResults/browser under the test output directory.</summary>
    public static string ArtifactsDirectory { get; } =
        Environment.GetEnvironmentVariable("LEADORA_TEST_ARTIFACTS") is { Length: > 0 } configured
            ? configured
            : Path.Combine(AppContext.BaseDirectory, "TestResults", "browser");

    private static string ProjectDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Leadora.sln")))
            {
                return Path.Combine(directory.FullName, "samples", "Leadora.Web");
            }
        }

        throw new InvalidOperationException("Leadora.sln not found above the test output directory.");
    }

    [ChromiumFact]
    public async Task A_user_signs_in_runs_a_search_watches_it_finish_and_exports_to_hubspot()
    {
        Assert.True(File.Exists(ChromiumFactAttribute.ExecutablePath),
            $"Chromium is required for the browser test but {ChromiumFactAttribute.ExecutablePath} does not exist: run scripts/provision-chromium.sh.");
        Directory.CreateDirectory(ArtifactsDirectory);

        await using var app = await LeadoraWebApp.BuildAsync(
        [
            "--urls=http://127.0.0.1:0",
            "--contentRoot=" + ProjectDirectory(),
            "--environment=Production",
            "--Leadora:Web:Auth:JwtSecret=" + WebFactory.Secret,
            "--Leadora:Web:Offline=Always",
            "--Leadora:Web:Sandbox:Latency=openai=600,serper=80",
            "--Leadora:Postgres:ConnectionString=",
            "--Leadora:Cache:Enabled=false",
            "--Leadora:Pipeline:WatchPollInterval=00:00:00.200",
            "--Logging:LogLevel:Default=Warning",
        ]);
        await app.StartAsync();
        var baseUrl = app.Urls.Single().TrimEnd('/');
        output.WriteLine($"App on {baseUrl}; artifacts in {ArtifactsDirectory}");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumFactAttribute.ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            AcceptDownloads = true,
            ViewportSize = new ViewportSize { Width = 1366, Height = 900 },
        });
        // Generous timeouts: CI machines are small, and other test classes run at the same time.
        context.SetDefaultTimeout(60_000);
        context.SetDefaultNavigationTimeout(60_000);
        var page = await context.NewPageAsync();
        var problems = new List<string>();
        page.PageError += (_, error) => problems.Add("page error: " + error);
        page.Console += (_, message) =>
        {
            // The form answers 400 when it shows validation messages, which Chromium reports as a failed load.
            var expected = page.Url.EndsWith("/searches/new", StringComparison.Ordinal) && message.Text.Contains("status of 400", StringComparison.Ordinal);
            if (message.Type == "error" && !expected)
            {
                problems.Add("console error: " + message.Text);
            }
        };

        // Signing in: any page sends an anonymous visitor to the sign-in form, which takes a bearer token.
        await page.GotoAsync(baseUrl + "/");
        Assert.EndsWith("/signin?returnUrl=%2F", page.Url, StringComparison.Ordinal);
        await ChromiumSession.CheckAsync(page, "01-sign-in");
        await page.FillAsync("#token", WebFactory.TokenFor("browser-user"));
        await page.ClickAsync("[data-signin-submit]");
        await page.WaitForPageAsync(baseUrl + "/");
        Assert.Contains("browser-user", await page.InnerTextAsync(".user"), StringComparison.Ordinal);
        Assert.True(await page.IsVisibleAsync("[data-synthetic-banner]"), "the synthetic-data banner is shown offline");

        // A new search: the form's validation messages first, then a valid search.
        await page.ClickAsync("nav.mainnav a[href='/searches/new']");
        await page.WaitForPageAsync(baseUrl + "/searches/new");
        await page.ClickAsync("[data-start-search]");
        Assert.Contains("must not be empty", await page.InnerTextAsync("[data-error-for=productService]"), StringComparison.Ordinal);
        Assert.Contains("at least one country", await page.InnerTextAsync("[data-error-for=countries]"), StringComparison.Ordinal);
        await ChromiumSession.CheckAsync(page, "02-new-search-validation");
        await page.FillAsync("#productService", "Industrial water-treatment chemicals for cooling towers");
        await page.FillAsync("#industries", "Petrochemicals, Power generation");
        await page.FillAsync("#countries", "Saudi Arabia");
        await page.ClickAsync("details.advanced summary");
        await page.FillAsync("#businessesPerPersona", "5");
        await page.FillAsync("#decisionMakersPerBusiness", "2");
        await page.ClickAsync("[data-start-search]");
        await page.WaitForPageAsync(new System.Text.RegularExpressions.Regex("/searches/[0-9a-f-]{36}$"));
        var searchUrl = page.Url;

        // Live progress: the bar starts below 100 % and reaches it through Server-Sent Events, in the same document.
        await page.EvaluateAsync("() => { window.__leadoraSamePage = true; }");
        var initial = int.Parse(await page.GetAttributeAsync("[data-overall]", "aria-valuenow") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        output.WriteLine($"Overall progress when the page opened: {initial} %");
        Assert.True(initial < 100, "the search is still running when its page opens");
        await ChromiumSession.CheckAsync(page, "03-search-running");
        await page.WaitForFunctionAsync(
            "() => document.querySelector('[data-overall]').getAttribute('aria-valuenow') === '100' && document.querySelector('[data-status-badge]').textContent.trim() === 'Completed'",
            null,
            new PageWaitForFunctionOptions { Timeout = 120_000, PollingInterval = 100 });
        Assert.True(await page.EvaluateAsync<bool>("() => window.__leadoraSamePage === true"), "the page was not reloaded");
        Assert.Equal(searchUrl, page.Url);
        Assert.Equal("100%", (await page.InnerTextAsync("[data-overall-text]")).Trim());

        // Businesses and decision makers (with LinkedIn links and persona matches) are in their tables.
        await page.ClickAsync("[data-businesses-tab]");
        await page.WaitForSelectorAsync("#businesses-table tbody tr");
        var businesses = int.Parse((await page.InnerTextAsync("[data-total]")).Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(businesses > 0);

        // The persona filter narrows the businesses table, on the server; the filtered view is a URL.
        var firstPersona = await page.Locator("#businesses-persona option").Nth(1).GetAttributeAsync("value");
        await page.SelectOptionAsync("#businesses-persona", firstPersona!);
        await page.ClickAsync("[data-apply-filters]");
        await page.WaitForPageAsync(new System.Text.RegularExpressions.Regex("persona=" + firstPersona));
        var visible = await page.Locator("#businesses-table tbody tr").CountAsync();
        Assert.InRange(visible, 0, businesses);
        Assert.Equal(visible, await page.Locator($"#businesses-table tbody tr[data-persona='{firstPersona}']").CountAsync());

        await page.ClickAsync("[data-decision-makers-tab]");
        await page.WaitForSelectorAsync("#dm-table tbody tr");
        var people = await page.Locator("#dm-table tbody tr").CountAsync();
        output.WriteLine($"{businesses} businesses, {people} decision makers on the first page");
        Assert.StartsWith("https://www.linkedin.com/in/", await page.Locator("#dm-table [data-linkedin]").First.GetAttributeAsync("href"), StringComparison.Ordinal);
        Assert.Contains("cos ", await page.Locator("#dm-table .score").First.InnerTextAsync(), StringComparison.Ordinal);
        await page.ClickAsync("[data-businesses-tab]");

        // The HubSpot companies export downloads a CSV with HubSpot's column names.
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-export=hubspot-companies]"));
        var csvPath = Path.Combine(ArtifactsDirectory, download.SuggestedFilename);
        await download.SaveAsAsync(csvPath);
        var bytes = await File.ReadAllBytesAsync(csvPath);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var header = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n")[0];
        Assert.Equal("name,domain,website,phone,address,city,country,industry,leadora_status,leadora_note", header);
        Assert.Equal(businesses + 1, Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);

        // The market page: TAM/SAM/SOM as a chart, competitors and trends with their sources.
        await page.ClickAsync("[data-market-tab]");
        await page.WaitForSelectorAsync("[data-tam-chart]");
        Assert.True(await page.Locator("[data-competitors] tbody tr").CountAsync() > 0);
        Assert.True(await page.Locator("[data-sources] li").CountAsync() > 0);
        await ChromiumSession.CheckAsync(page, "05-market-page");

        Assert.Empty(problems);
    }
}
