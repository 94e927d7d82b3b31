using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Leadora.Web.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Leadora.Web.Tests.Api;

public sealed class AuthenticationTests(WebFactory factory) : IClassFixture<WebFactory>
{
    /// <summary>Every route except health, with a body where it takes one.</summary>
    public static TheoryData<string, string> ProtectedRoutes()
    {
        var id = Guid.NewGuid();
        return new TheoryData<string, string>
        {
            { "POST", "/api/searches" },
            { "GET", "/api/searches" },
            { "GET", $"/api/searches/{id}" },
            { "GET", $"/api/searches/{id}/progress" },
            { "GET", $"/api/searches/{id}/events" },
            { "POST", $"/api/searches/{id}/cancel" },
            { "GET", $"/api/searches/{id}/jobs" },
            { "GET", $"/api/searches/{id}/export?format=hubspot" },
            { "POST", "/.netlify/functions/orchestrator-run-background" },
            { "GET", $"/.netlify/functions/check-progress?search_id={id}" },
            { "GET", $"/.netlify/functions/check-jobs?search_id={id}" },
            { "GET", "/openapi/v1.json" },
        };
    }

    private static HttpRequestMessage Request(string method, string path, string? token = null)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }

        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return request;
    }

    [Theory]
    [MemberData(nameof(ProtectedRoutes))]
    public async Task Every_route_answers_401_without_a_token(string method, string path)
    {
        using var client = factory.ClientFor(null);
        using var request = Request(method, path);
        using var response = await client.SendAsync(request);
        var problem = await response.ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Contains("bearer token", problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [MemberData(nameof(ProtectedRoutes))]
    public async Task Every_route_answers_401_for_a_token_signed_with_another_secret(string method, string path)
    {
        using var client = factory.ClientFor(null);
        using var request = Request(method, path, WebFactory.TokenFor("mallory", secret: "another-secret-that-is-long-enough-for-hs256-0123"));
        using var response = await client.SendAsync(request);
        await response.ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    public static TheoryData<string, string> BadTokens()
    {
        var key = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(WebFactory.Secret));
        var handler = new JsonWebTokenHandler();
        var now = DateTime.UtcNow;
        string Sign(Dictionary<string, object> claims, DateTime? expires = null, DateTime? notBefore = null) =>
            handler.CreateToken(new SecurityTokenDescriptor
            {
                Claims = claims,
                IssuedAt = (notBefore ?? now).AddMinutes(-1),
                NotBefore = notBefore ?? now.AddMinutes(-1),
                Expires = expires ?? now.AddHours(1),
                SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
            });
        static string Base64Url(string json) => Base64UrlEncoder.Encode(json);
        var unsigned = Base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + Base64Url($"{{\"sub\":\"mallory\",\"exp\":{DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds()}}}") + ".";
        return new TheoryData<string, string>
        {
            { "expired", Sign(new() { ["sub"] = "alice" }, expires: now.AddMinutes(-5), notBefore: now.AddHours(-2)) },
            { "unsigned (alg none)", unsigned },
            { "HS512 instead of HS256", Hs512(new { sub = "alice", exp = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds() }) },
            { "no sub", Sign(new() { ["role"] = "authenticated" }) },
            { "Supabase anon key", Sign(new() { ["sub"] = "anon-user", ["role"] = "anon" }) },
            { "tampered payload", WebFactory.TokenFor("alice")[..^4] + "AAAA" },
            { "unknown API key", "lk_test_ffffffffffffffffffffffffffffffffffffff" },
        };
    }

    /// <summary>A JWT signed with HMAC-SHA512 and the server's own secret (IdentityModel refuses keys this short for HS512).</summary>
    private static string Hs512(object payload)
    {
        var header = Base64UrlEncoder.Encode("{\"alg\":\"HS512\",\"typ\":\"JWT\"}");
        var body = Base64UrlEncoder.Encode(JsonSerializer.Serialize(payload));
        var signature = System.Security.Cryptography.HMACSHA512.HashData(Encoding.UTF8.GetBytes(WebFactory.Secret), Encoding.UTF8.GetBytes(header + "." + body));
        return header + "." + body + "." + Base64UrlEncoder.Encode(signature);
    }

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task Tokens_that_break_a_rule_are_refused(string why, string token)
    {
        using var client = factory.ClientFor(null);
        using var request = Request("GET", "/api/searches", token);
        using var response = await client.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, why);
    }

    [Fact]
    public async Task Jwts_act_as_their_subject()
    {
        using var client = factory.ClientFor("jwt-user");
        var id = await client.CreateSearchAsync();
        var list = await client.GetFromJsonAsync<JsonElement>("/api/searches");
        Assert.Contains(list.GetProperty("items").EnumerateArray(), s => s.GetProperty("id").GetGuid() == id);
    }

    [Fact]
    public async Task Api_keys_act_as_their_configured_user()
    {
        using var service = factory.ClientFor(null);
        service.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", WebFactory.ApiKey);
        var id = await service.CreateSearchAsync();

        // The same search is the configured user's: their JWT sees it, anybody else's does not.
        using var owner = factory.ClientFor(WebFactory.ApiKeyUser);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/api/searches/{id}/progress")).StatusCode);
        using var stranger = factory.ClientFor("stranger");
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/searches/{id}/progress")).StatusCode);
    }

    [Fact]
    public async Task Health_endpoints_need_no_token()
    {
        using var client = factory.ClientFor(null);
        foreach (var path in new[] { "/health/live", "/health/ready" })
        {
            using var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("Healthy", body.GetProperty("status").GetString());
        }

        var ready = await client.GetFromJsonAsync<JsonElement>("/health/ready");
        Assert.Equal(["jobs", "storage"], ready.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("name").GetString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Pages_redirect_to_sign_in_and_the_session_cookie_is_read_only_for_safe_api_calls()
    {
        using var anonymous = factory.ClientFor(null);
        using var page = await anonymous.GetAsync("/searches/new");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/signin?returnUrl=%2Fsearches%2Fnew", page.Headers.Location?.OriginalString);

        using var stale = factory.ClientFor(null);
        stale.DefaultRequestHeaders.Add("Cookie", $"leadora_token={WebFactory.TokenFor("stale-user", lifetime: TimeSpan.FromMinutes(-5))}");
        using var expired = await stale.GetAsync("/");
        Assert.Equal("/signin?returnUrl=%2F&expired=true", expired.Headers.Location?.OriginalString);
        Assert.Contains("Your session expired", await stale.GetStringAsync(expired.Headers.Location), StringComparison.Ordinal);

        using var cookieClient = factory.ClientFor(null);
        cookieClient.DefaultRequestHeaders.Add("Cookie", $"leadora_token={WebFactory.TokenFor("cookie-user")}");
        Assert.Equal(HttpStatusCode.OK, (await cookieClient.GetAsync("/api/searches")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await cookieClient.GetAsync("/")).StatusCode);
        using var post = await cookieClient.PostAsJsonAsync("/api/searches", ApiCalls.SmallRequest());
        await post.ProblemAsync(HttpStatusCode.Unauthorized);
    }
}
