using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Leadora.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;

namespace Leadora.Web.Tests.Browser;

/// <summary>
/// The web app on real Kestrel (127.0.0.1, a free port), built exactly as Program.Main builds it, offline against the
/// sandbox's synthetic world. Extra settings are command-line arguments, as an operator would pass them.
/// </summary>
internal sealed class KestrelHost : IAsyncDisposable
{
    private KestrelHost(WebApplication app)
    {
        App = app;
        BaseUrl = app.Urls.Single().TrimEnd('/');
    }

    public WebApplication App { get; }

    public string BaseUrl { get; }

    public static async Task<KestrelHost> StartAsync(params string[] settings)
    {
        var app = await LeadoraWebApp.BuildAsync(
        [
            "--urls=http://127.0.0.1:0",
            "--contentRoot=" + ProjectDirectory(),
            "--environment=Production",
            "--Leadora:Web:Auth:JwtSecret=" + WebFactory.Secret,
            "--Leadora:Web:Offline=Always",
            "--Leadora:Web:RateLimit:SearchesPerWindow=1000",
            "--Leadora:Postgres:ConnectionString=",
            "--Leadora:Pipeline:WatchPollInterval=00:00:00.200",
            "--Logging:LogLevel:Default=Warning",
            .. settings,
        ]);
        await app.StartAsync();
        return new KestrelHost(app);
    }

    /// <summary>An API client acting as <paramref name="user"/>.</summary>
    public HttpClient ClientFor(string user)
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromMinutes(5) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", WebFactory.TokenFor(user));
        return client;
    }

    /// <summary>Starts a search through the API and waits until it finishes; returns its id and final status.</summary>
    public async Task<(Guid Id, string Status)> RunSearchAsync(string user, object request, TimeSpan timeout)
    {
        using var client = ClientFor(user);
        using var response = await client.PostAsJsonAsync("/api/searches", request);
        response.EnsureSuccessStatusCode();
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var progress = await client.WaitUntilFinishedAsync(id, timeout);
        return (id, progress.GetProperty("status").GetString()!);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }

    public static string ProjectDirectory()
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
}

/// <summary>Debian's Chromium driven by Playwright, with the checks every visited page gets: axe-core and screenshots.</summary>
internal sealed class ChromiumSession : IAsyncDisposable
{
    public static readonly ViewportSize Desktop = new() { Width = 1440, Height = 900 };

    public static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    private readonly IPlaywright _playwright;

    private ChromiumSession(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    /// <summary>Where screenshots and downloads are saved: TestResults/browser under the test output directory.</summary>
    public static string ArtifactsDirectory => BrowserTests.ArtifactsDirectory;

    public static async Task<ChromiumSession> LaunchAsync()
    {
        Assert.True(File.Exists(ChromiumFactAttribute.ExecutablePath),
            $"Chromium is required for the browser test but {ChromiumFactAttribute.ExecutablePath} does not exist: run scripts/provision-chromium.sh.");
        Directory.CreateDirectory(ArtifactsDirectory);
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumFactAttribute.ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        return new ChromiumSession(playwright, browser);
    }

    /// <summary>A new browser context, signed in as <paramref name="user"/> through the session cookie when given.</summary>
    public async Task<IBrowserContext> ContextAsync(string baseUrl, string? user)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { AcceptDownloads = true, ViewportSize = Desktop });
        // Generous timeouts: CI machines are small, and other test classes run at the same time.
        context.SetDefaultTimeout(60_000);
        context.SetDefaultNavigationTimeout(60_000);
        if (user is not null)
        {
            await context.AddCookiesAsync([new Cookie { Name = "leadora_token", Value = WebFactory.TokenFor(user), Url = baseUrl }]);
        }

        return context;
    }

    /// <summary>
    /// Runs axe-core on the page as it is (at both viewports) and fails on any serious or critical violation, naming the
    /// rule and the elements; then saves screenshots at 1440×900 and 390×844 as <c>{name}-desktop.png</c> and
    /// <c>{name}-phone.png</c> (the viewport) and <c>{name}-desktop-full.png</c> and <c>{name}-phone-full.png</c> (the whole page).
    /// </summary>
    public static async Task CheckAsync(IPage page, string name)
    {
        var original = page.ViewportSize is { } size ? new ViewportSize { Width = size.Width, Height = size.Height } : Desktop;
        foreach (var (viewport, suffix) in new[] { (Desktop, "desktop"), (Phone, "phone") })
        {
            await page.SetViewportSizeAsync(viewport.Width, viewport.Height);
            var results = await page.RunAxe();
            var serious = results.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
            Assert.True(serious.Count == 0, $"axe-core on {name} ({suffix}, {page.Url}): " + string.Join("; ", serious.Select(Describe)));
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ArtifactsDirectory, $"{name}-{suffix}.png") });
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ArtifactsDirectory, $"{name}-{suffix}-full.png"), FullPage = true });
        }

        await page.SetViewportSizeAsync(original.Width, original.Height);
    }

    private static string Describe(AxeResultItem violation) =>
        $"{violation.Id} ({violation.Impact}): {violation.Help} at {string.Join(", ", violation.Nodes.Take(3).Select(n => string.Join(" ", n.Target?.ToString() ?? "")))}";

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}

/// <summary>Waiting for a navigation without Playwright's record of the page's load event.</summary>
internal static class Navigation
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>Waits until the page's URL ends with <paramref name="urlEnd"/> and its document has loaded.</summary>
    public static Task WaitForPageAsync(this IPage page, string urlEnd) =>
        page.WaitForPageAsync(url => url.EndsWith(urlEnd, StringComparison.Ordinal), $"a URL ending with {urlEnd}");

    /// <summary>Waits until the page's URL matches <paramref name="url"/> and its document has loaded.</summary>
    public static Task WaitForPageAsync(this IPage page, System.Text.RegularExpressions.Regex url) =>
        page.WaitForPageAsync(url.IsMatch, $"a URL matching {url}");

    // WaitForURLAsync waits for the load event as Playwright recorded it. On a loaded CI machine one such wait timed out
    // after 60 s although "networkidle" had fired for the page. Asking the document itself whether it has loaded does
    // not depend on that bookkeeping.
    private static async Task WaitForPageAsync(this IPage page, Func<string, bool> matches, string expected)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!matches(page.Url))
        {
            Assert.True(DateTime.UtcNow < deadline, $"the page stayed at {page.Url} for {Timeout.TotalSeconds:0} s, waiting for {expected}");
            await Task.Delay(25);
        }

        await page.WaitForFunctionAsync("() => document.readyState === 'complete'", null, new PageWaitForFunctionOptions { Timeout = (float)Timeout.TotalMilliseconds });
    }
}
