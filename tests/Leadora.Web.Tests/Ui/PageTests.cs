using System.Net;
using System.Text.RegularExpressions;
using Leadora.Web.Tests.Infrastructure;

namespace Leadora.Web.Tests.Ui;

/// <summary>The server-rendered pages over the TestServer (the browser test covers them in Chromium).</summary>
public sealed partial class PageTests(FinishedSearchFactory factory) : IClassFixture<FinishedSearchFactory>
{
    [GeneratedRegex("name=\"__csrf\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex CsrfField();

    [GeneratedRegex("<tr id=\"lead-[0-9a-f]{32}\" data-lead=\"([0-9a-f-]{36})\"")]
    private static partial Regex LeadIds();

    private static async Task<string> CsrfAsync(HttpClient client, string path)
    {
        var html = await client.GetStringAsync(path);
        return CsrfField().Match(html).Groups[1].Value;
    }

    [Fact]
    public async Task Signing_in_with_a_token_sets_a_strict_httponly_session_cookie()
    {
        using var client = factory.ClientFor(null);
        var csrf = await CsrfAsync(client, "/signin?returnUrl=%2Fsearches%2Fnew");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__csrf"] = csrf,
            ["Token"] = "Bearer " + WebFactory.TokenFor("page-user"),
            ["ReturnUrl"] = "/searches/new",
        });
        using var response = await client.PostAsync("/signin", form);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/searches/new", response.Headers.Location?.OriginalString);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("leadora_token=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("expires", cookie, StringComparison.OrdinalIgnoreCase);

        // The cookie now authenticates pages.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/searches/new")).StatusCode);
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("eyJhbGciOiJub25lIn0.eyJzdWIiOiJhIn0.")]
    public async Task Invalid_tokens_do_not_sign_in(string token)
    {
        using var client = factory.ClientFor(null);
        var csrf = await CsrfAsync(client, "/signin");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["__csrf"] = csrf, ["Token"] = token });
        using var response = await client.PostAsync("/signin", form);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("data-signin-error", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Set-Cookie") && response.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith("leadora_token", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Forms_need_their_antiforgery_token_and_development_sign_in_is_off_with_a_configured_secret()
    {
        using var client = factory.ClientFor(null);
        using var noToken = new FormUrlEncodedContent(new Dictionary<string, string> { ["Token"] = WebFactory.TokenFor("x") });
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync("/signin", noToken)).StatusCode);

        var html = await client.GetStringAsync("/signin");
        Assert.DoesNotContain("Sign in as developer", html, StringComparison.Ordinal);
        using var developer = new FormUrlEncodedContent(new Dictionary<string, string> { ["__csrf"] = CsrfField().Match(html).Groups[1].Value, ["DeveloperUser"] = "alice" });
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("/signin?handler=Developer", developer)).StatusCode);
    }

    [Fact]
    public async Task The_new_search_form_shows_a_message_next_to_each_bad_field()
    {
        using var client = factory.ClientFor("form-user");
        var csrf = await CsrfAsync(client, "/searches/new");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__csrf"] = csrf,
            ["SearchType"] = "customer",
            ["ProductService"] = "",
            ["Industries"] = "",
            ["Countries"] = "Narnia",
            ["BusinessPersonas"] = "many",
        });
        using var response = await client.PostAsync("/searches/new", form);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        foreach (var field in new[] { "productService", "industries", "countries", "limits.businessPersonas" })
        {
            Assert.Contains($"data-error-for=\"{field}\"", html, StringComparison.Ordinal);
        }

        Assert.Contains("Narnia", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_valid_form_starts_a_search_and_opens_its_page()
    {
        using var client = factory.ClientFor("form-ok-user");
        var csrf = await CsrfAsync(client, "/searches/new");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__csrf"] = csrf,
            ["SearchType"] = "supplier",
            ["ProductService"] = "Corrosion inhibitors",
            ["Industries"] = "Petrochemicals, Power generation",
            ["Countries"] = "Saudi Arabia, AE",
            ["BusinessesPerPersona"] = "3",
        });
        using var response = await client.PostAsync("/searches/new", form);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Matches("^/searches/[0-9a-f-]{36}$", response.Headers.Location!.OriginalString);
        var page = await client.GetStringAsync(response.Headers.Location);
        Assert.Contains("Corrosion inhibitors", page, StringComparison.Ordinal);
        Assert.Contains("United Arab Emirates", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_search_page_shows_progress_personas_businesses_decision_makers_and_exports()
    {
        using var client = factory.ClientFor(FinishedSearchFactory.Owner);
        var html = await client.GetStringAsync($"/searches/{factory.SearchId}");
        Assert.Contains("data-synthetic-banner", html, StringComparison.Ordinal);
        Assert.Contains("aria-valuenow=\"100\" data-overall", html, StringComparison.Ordinal);
        Assert.Contains("data-persona-card", html, StringComparison.Ordinal);
        Assert.Contains("LLM estimate", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/searches/{factory.SearchId}/businesses\" data-open-businesses", html, StringComparison.Ordinal);
        Assert.Contains("Finished:", html, StringComparison.Ordinal);
        foreach (var export in new[] { "format=json", "format=csv", "format=hubspot&amp;object=companies", "format=hubspot&amp;object=contacts", "format=salesforce" })
        {
            Assert.Contains($"/api/searches/{factory.SearchId}/export?{export}", html, StringComparison.Ordinal);
        }

        var fragment = await client.GetStringAsync($"/searches/{factory.SearchId}?handler=Fragment");
        Assert.Contains("data-open-decision-makers", fragment, StringComparison.Ordinal);
        Assert.DoesNotContain("<html", fragment, StringComparison.Ordinal);

        var businesses = await client.GetStringAsync($"/searches/{factory.SearchId}/businesses?sort=-fitScore");
        Assert.Contains("id=\"businesses-table\"", businesses, StringComparison.Ordinal);
        Assert.Matches("cos -?[01]\\.\\d\\d · (vector|LLM-refined|heuristic)", businesses);
        Assert.Contains("aria-sort=\"descending\" data-sort-column=\"fitScore\"", businesses, StringComparison.Ordinal);
        var people = await client.GetStringAsync($"/searches/{factory.SearchId}/decision-makers");
        Assert.Contains("id=\"dm-table\"", people, StringComparison.Ordinal);
        Assert.Contains("data-linkedin", people, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await factory.ClientFor("mallory").GetAsync($"/searches/{factory.SearchId}/businesses")).StatusCode);
    }

    [Fact]
    public async Task A_status_and_note_post_without_script_and_a_selection_exports_only_its_rows()
    {
        using var client = factory.ClientFor(FinishedSearchFactory.Owner);
        var path = $"/searches/{factory.SearchId}/businesses";
        var html = await client.GetStringAsync(path + "?sort=name");
        var csrf = CsrfField().Match(html).Groups[1].Value;
        var ids = LeadIds().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.True(ids.Count >= 3);

        using var note = new FormUrlEncodedContent(new Dictionary<string, string> { ["__csrf"] = csrf, ["leadId"] = ids[0], ["status"] = "contacted", ["note"] = "  Called; call back in May  " });
        using var saved = await client.PostAsync(path + "?handler=Annotate&sort=name", note);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal($"{path}?sort=name#lead-{Guid.Parse(ids[0]):N}", saved.Headers.Location?.OriginalString);
        var after = await client.GetStringAsync(path + "?status=contacted");
        Assert.Contains("value=\"Called; call back in May\"", after, StringComparison.Ordinal);
        Assert.Single(LeadIds().Matches(after));

        using var bad = new FormUrlEncodedContent(new Dictionary<string, string> { ["__csrf"] = csrf, ["leadId"] = ids[0], ["status"] = "won" });
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync(path + "?handler=Annotate", bad)).StatusCode);

        using var export = new FormUrlEncodedContent([new("__csrf", csrf), new("ids", ids[1]), new("ids", ids[2]), new("export", "hubspot")]);
        using var file = await client.PostAsync(path + "?handler=Export&sort=name", export);
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal("text/csv", file.Content.Headers.ContentType?.MediaType);
        var lines = (await file.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
    }

    [Fact]
    public async Task A_new_search_can_start_from_an_old_ones_settings()
    {
        using var client = factory.ClientFor(FinishedSearchFactory.Owner);
        var html = await client.GetStringAsync($"/searches/new?from={factory.SearchId}");
        Assert.Contains($"data-rerun-of=\"{factory.SearchId}\"", html, StringComparison.Ordinal);
        Assert.Contains(">Industrial water-treatment chemicals</textarea>", html, StringComparison.Ordinal);
        Assert.Contains("value=\"Saudi Arabia\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-rerun-of", await factory.ClientFor("mallory").GetStringAsync($"/searches/new?from={factory.SearchId}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_market_page_charts_tam_sam_som_and_links_its_sources()
    {
        using var client = factory.ClientFor(FinishedSearchFactory.Owner);
        var html = await client.GetStringAsync($"/searches/{factory.SearchId}/market");
        Assert.Contains("data-tam-chart", html, StringComparison.Ordinal);
        Assert.Contains("circle class=\"size-tam\"", html, StringComparison.Ordinal);
        Assert.Contains("data-competitors", html, StringComparison.Ordinal);
        Assert.Contains("data-trends", html, StringComparison.Ordinal);
        Assert.Matches("class=\"cite\" target=\"_blank\" rel=\"noopener noreferrer nofollow\" href=\"https://", html);
    }

    [Fact]
    public async Task The_cancel_button_posts_with_its_antiforgery_token()
    {
        using var client = factory.ClientFor(FinishedSearchFactory.Owner);
        using var withoutToken = await client.PostAsync($"/searches/{factory.SearchId}?handler=Cancel", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, withoutToken.StatusCode);

        var csrf = await CsrfAsync(client, "/searches/new");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["__csrf"] = csrf });
        using var response = await client.PostAsync($"/searches/{factory.SearchId}?handler=Cancel", form);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/searches/{factory.SearchId}", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Signing_out_clears_the_session_cookie()
    {
        using var client = factory.ClientFor(FinishedSearchFactory.Owner);
        var csrf = await CsrfAsync(client, "/");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["__csrf"] = csrf });
        using var response = await client.PostAsync("/signin?handler=SignOut", form);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("leadora_token=;", StringComparison.Ordinal) && c.Contains("expires=Thu, 01 Jan 1970", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Pages_send_a_strict_content_security_policy()
    {
        using var client = factory.ClientFor(FinishedSearchFactory.Owner);
        using var response = await client.GetAsync("/");
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
    }
}
