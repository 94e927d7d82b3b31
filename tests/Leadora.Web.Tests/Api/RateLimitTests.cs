using System.Net;
using System.Net.Http.Json;
using Leadora.Web.Tests.Infrastructure;

namespace Leadora.Web.Tests.Api;

public sealed class RateLimitedWebFactory : WebFactory
{
    protected override IDictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Leadora:Web:RateLimit:SearchesPerWindow"] = "2";
        settings["Leadora:Web:RateLimit:Window"] = "00:10:00";
        return settings;
    }
}

public sealed class RateLimitTests(RateLimitedWebFactory factory) : IClassFixture<RateLimitedWebFactory>
{
    [Fact]
    public async Task Search_creation_is_limited_per_user()
    {
        using var alice = factory.ClientFor("rate-alice");
        await alice.CreateSearchAsync();
        await alice.CreateSearchAsync();

        using var third = await alice.PostAsJsonAsync("/api/searches", ApiCalls.SmallRequest());
        var problem = await third.ProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Contains("2 searches per", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(int.Parse(third.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) > 0);

        // The UI's form shares the allowance: its GET is not limited, its POST is.
        var form = await alice.GetStringAsync("/searches/new");
        var csrf = System.Text.RegularExpressions.Regex.Match(form, "name=\"__csrf\"[^>]*value=\"([^\"]+)\"").Groups[1].Value;
        using var post = new FormUrlEncodedContent(new Dictionary<string, string> { ["__csrf"] = csrf, ["ProductService"] = "x", ["Industries"] = "A", ["Countries"] = "SA" });
        using var limitedPage = await alice.PostAsync("/searches/new", post);
        Assert.Equal(HttpStatusCode.TooManyRequests, limitedPage.StatusCode);
        Assert.Contains("Too many searches", await limitedPage.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Reads are not limited, and other users have their own allowance.
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync("/api/searches")).StatusCode);
        using var bob = factory.ClientFor("rate-bob");
        await bob.CreateSearchAsync();
    }
}
