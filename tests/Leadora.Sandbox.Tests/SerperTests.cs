using System.Net;
using System.Text.Json.Nodes;

namespace Leadora.Sandbox.Tests;

public sealed class SerperTests : IClassFixture<SandboxTestHost>
{
    private readonly SandboxTestHost _host;

    public SerperTests(SandboxTestHost host) => _host = host;

    [Fact]
    public async Task Places_rows_look_like_serper_places_with_optional_fields_absent_on_some_rows()
    {
        var body = await _host.SerperJsonAsync("places", SandboxTestHost.Places("petrochemical plant in Saudi Arabia", "sa"));

        var parameters = body["searchParameters"]!;
        Assert.Equal("petrochemical plant in Saudi Arabia", parameters["q"]!.GetValue<string>());
        Assert.Equal("places", parameters["type"]!.GetValue<string>());
        Assert.Equal("google", parameters["engine"]!.GetValue<string>());
        Assert.Equal(1, body["credits"]!.GetValue<int>());
        var rows = body["places"]!.AsArray().Select(r => r!.AsObject()).ToList();
        Assert.Equal(10, rows.Count);
        Assert.Equal(Enumerable.Range(1, 10), rows.Select(r => r["position"]!.GetValue<int>()));
        Assert.All(rows, r =>
        {
            Assert.False(string.IsNullOrWhiteSpace(r["title"]!.GetValue<string>()));
            Assert.False(string.IsNullOrWhiteSpace(r["address"]!.GetValue<string>()));
            Assert.False(string.IsNullOrWhiteSpace(r["category"]!.GetValue<string>()));
            Assert.Matches("^[0-9]{1,20}$", r["cid"]!.GetValue<string>());
            Assert.InRange(r["latitude"]!.GetValue<double>(), 16, 33);
        });
        var all = await AllPlacesAsync("places", "petrochemical plant in Saudi Arabia", "sa");
        Assert.Contains(all, r => !r.ContainsKey("phoneNumber"));
        Assert.Contains(all, r => r.ContainsKey("phoneNumber"));
        Assert.Contains(all, r => !r.ContainsKey("website"));
        Assert.Contains(all, r => r.ContainsKey("website"));
        Assert.Contains(all, r => !r.ContainsKey("rating"));
        Assert.All(all.Where(r => r.ContainsKey("website")), r => Assert.Matches(@"^https://(www\.)?[a-z0-9-]+\.example/?$", r["website"]!.GetValue<string>()));
        Assert.All(all.Where(r => r.ContainsKey("phoneNumber")), r => Assert.Contains("555", r["phoneNumber"]!.GetValue<string>(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Maps_rows_are_full_and_paged_by_twenty()
    {
        var body = await _host.SerperJsonAsync("maps", SandboxTestHost.Places("petrochemical plant in Saudi Arabia", "sa"));

        Assert.Equal("maps", body["searchParameters"]!["type"]!.GetValue<string>());
        Assert.StartsWith("@", body["ll"]!.GetValue<string>(), StringComparison.Ordinal);
        var rows = body["places"]!.AsArray().Select(r => r!.AsObject()).ToList();
        Assert.Equal(20, rows.Count);
        Assert.All(rows, r =>
        {
            Assert.StartsWith("+966 ", r["phoneNumber"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.StartsWith("ChIJ", r["placeId"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Matches("^0x[0-9a-f]{16}:0x[0-9a-f]+$", r["fid"]!.GetValue<string>());
            Assert.NotEmpty(r["types"]!.AsArray());
            Assert.Equal(r["type"]!.GetValue<string>(), r["types"]![0]!.GetValue<string>());
            Assert.EndsWith("Saudi Arabia", r["address"]!.GetValue<string>(), StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Pages_return_the_next_slice_and_an_exhausted_query_returns_nothing()
    {
        var seen = new HashSet<string>();
        int page;
        for (page = 1; page <= 10; page++)
        {
            var rows = (await _host.SerperJsonAsync("places", SandboxTestHost.Places("refinery", "sa", page)))["places"]!.AsArray();
            if (rows.Count == 0)
            {
                break;
            }

            Assert.All(rows, r => Assert.True(seen.Add(r!["cid"]!.GetValue<string>()), "a business repeated across pages"));
        }

        Assert.InRange(seen.Count, 30, 40);
        Assert.InRange(page, 4, 5);
    }

    [Fact]
    public async Task Phrasings_of_one_industry_overlap_partially_and_different_industries_differ()
    {
        var company = await CidsAsync("petrochemical company in Saudi Arabia", "sa");
        var plant = await CidsAsync("petrochemical plants", "sa");
        var allPetro = (await AllPlacesAsync("places", "petrochemicals", "sa")).Select(r => r["cid"]!.GetValue<string>()).ToHashSet();
        var hospitals = await CidsAsync("hospital", "sa");

        var overlap = company.Intersect(plant).Count();
        Assert.InRange(overlap, 1, 9);
        Assert.Subset(allPetro, company);
        Assert.Subset(allPetro, plant);
        Assert.True(hospitals.Intersect(company).Count() <= 2);
    }

    [Fact]
    public async Task Related_industries_share_some_businesses_for_cross_query_dedupe()
    {
        var petro = (await AllPlacesAsync("places", "petrochemical plant", "sa")).Select(r => r["cid"]!.GetValue<string>()).ToHashSet();
        var refinery = (await AllPlacesAsync("places", "oil refinery", "sa")).Select(r => r["cid"]!.GetValue<string>()).ToHashSet();

        Assert.NotEmpty(petro.Intersect(refinery));
        Assert.True(petro.Intersect(refinery).Count() < 10);
    }

    [Fact]
    public async Task Some_businesses_are_formatted_differently_by_places_and_maps()
    {
        var places = await AllPlacesAsync("places", "petrochemical plant", "sa");
        var maps = (await AllPlacesAsync("maps", "petrochemical plant", "sa")).ToDictionary(r => r["cid"]!.GetValue<string>());

        var differentPhone = places.Where(r => r.ContainsKey("phoneNumber") && r["phoneNumber"]!.GetValue<string>() != maps[r["cid"]!.GetValue<string>()]["phoneNumber"]!.GetValue<string>()).ToList();
        var differentWebsite = places.Where(r => r.ContainsKey("website") && r["website"]!.GetValue<string>() != maps[r["cid"]!.GetValue<string>()]["website"]?.GetValue<string>()).ToList();

        Assert.NotEmpty(differentPhone.Concat(differentWebsite));
        foreach (var row in differentPhone)
        {
            var digits = new string(row["phoneNumber"]!.GetValue<string>().Where(char.IsDigit).ToArray()).TrimStart('0');
            Assert.EndsWith(digits, new string(maps[row["cid"]!.GetValue<string>()]["phoneNumber"]!.GetValue<string>().Where(char.IsDigit).ToArray()), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Unlisted_country_gets_a_country_name_address()
    {
        var rows = (await _host.SerperJsonAsync("places", SandboxTestHost.Places("cement", "cm")))["places"]!.AsArray();

        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.EndsWith("Cameroon", r!["address"]!.GetValue<string>(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task People_search_returns_linkedin_profiles_for_a_business_from_places()
    {
        var business = (await _host.SerperJsonAsync("places", SandboxTestHost.Places("petrochemical plant in Saudi Arabia", "sa")))["places"]![0]!;
        var company = business["title"]!.GetValue<string>();
        var query = $"site:linkedin.com/in \"{company}\" (\"Procurement Manager\" OR \"Plant Manager\" OR \"Operations Director\")";

        var body = await _host.SerperJsonAsync("search", new JsonObject { ["q"] = query, ["gl"] = "sa" });
        var again = await _host.SerperJsonAsync("search", new JsonObject { ["q"] = query, ["gl"] = "sa" });

        Assert.Equal("search", body["searchParameters"]!["type"]!.GetValue<string>());
        Assert.Equal(1, body["credits"]!.GetValue<int>());
        Assert.Equal(body.ToJsonString(), again.ToJsonString());
        var profiles = body["organic"]!.AsArray()
            .Where(o => o!["link"]!.GetValue<string>().StartsWith("https://www.linkedin.com/in/", StringComparison.Ordinal) && o["title"]!.GetValue<string>().Contains($" - {company} | LinkedIn", StringComparison.Ordinal))
            .ToList();
        Assert.InRange(profiles.Count, 2, 5);
        Assert.All(profiles, p =>
        {
            Assert.Matches(@"^https://www\.linkedin\.com/in/[a-z0-9-]+-[0-9a-f]{8}$", p!["link"]!.GetValue<string>());
            Assert.Matches(@"^[^ ].+ - .+ - .+ \| LinkedIn$", p["title"]!.GetValue<string>());
            Assert.Contains("Saudi Arabia", p["snippet"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Contains("Synthetic sandbox", p["snippet"]!.GetValue<string>(), StringComparison.Ordinal);
        });
        Assert.Contains(profiles, p => p!["title"]!.GetValue<string>().Contains("Manager", StringComparison.Ordinal) || p["title"]!.GetValue<string>().Contains("Director", StringComparison.Ordinal));
    }

    [Fact]
    public async Task People_results_mix_in_the_noise_a_real_serp_has()
    {
        var links = new List<string>();
        var foreignProfiles = 0;
        foreach (var company in new[] { "Najd Petrochemical Services", "Al Waha Polymers", "Marjan Refining Co.", "Sadeem Power", "Falak Water Technologies", "Durrah Olefins" })
        {
            var body = await _host.SerperJsonAsync("search", new JsonObject { ["q"] = $"site:linkedin.com/in \"{company}\" (\"Procurement Manager\" OR \"Plant Manager\")", ["gl"] = "sa" });
            foreach (var row in body["organic"]!.AsArray())
            {
                var link = row!["link"]!.GetValue<string>();
                links.Add(link);
                if (link.Contains("/in/", StringComparison.Ordinal) && !row["title"]!.GetValue<string>().Contains(company, StringComparison.Ordinal))
                {
                    foreignProfiles++;
                }
            }
        }

        Assert.Contains(links, l => l.StartsWith("https://www.linkedin.com/company/", StringComparison.Ordinal));
        Assert.Contains(links, l => l.StartsWith("https://www.linkedin.com/posts/", StringComparison.Ordinal));
        Assert.True(foreignProfiles > 0);
    }

    [Fact]
    public async Task Market_queries_return_synthetic_pages_with_concrete_figures()
    {
        foreach (var query in new[] { "petrochemicals market size Saudi Arabia", "industrial water treatment chemicals competitors Saudi Arabia", "petrochemicals industry trends Saudi Arabia 2026" })
        {
            var organic = (await _host.SerperJsonAsync("search", new JsonObject { ["q"] = query, ["gl"] = "sa" }))["organic"]!.AsArray();

            Assert.InRange(organic.Count, 5, 8);
            Assert.All(organic, o =>
            {
                Assert.Matches(@"^https://[a-z-]+\.example/", o!["link"]!.GetValue<string>());
                Assert.Contains("Synthetic sandbox", o["snippet"]!.GetValue<string>(), StringComparison.Ordinal);
            });
        }

        var size = (await _host.SerperJsonAsync("search", new JsonObject { ["q"] = "petrochemicals market size Saudi Arabia", ["gl"] = "sa" }))["organic"]!.AsArray();
        Assert.Contains(size, o => System.Text.RegularExpressions.Regex.IsMatch(o!["snippet"]!.GetValue<string>(), @"valued at USD \d+(\.\d)? (billion|million) in 2025 .* CAGR of \d+\.\d%"));
        var competitors = (await _host.SerperJsonAsync("search", new JsonObject { ["q"] = "industrial water treatment chemicals competitors Saudi Arabia", ["gl"] = "sa" }))["organic"]!.AsArray();
        Assert.Contains(competitors, o => o!["snippet"]!.GetValue<string>().Contains("% share)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Nothingfound_returns_empty_results()
    {
        var search = await _host.SerperJsonAsync("search", new JsonObject { ["q"] = "petrochemicals market size NothingFound", ["gl"] = "sa" });
        var places = await _host.SerperJsonAsync("places", SandboxTestHost.Places("nothingfound plant", "sa"));

        Assert.Empty(search["organic"]!.AsArray());
        Assert.Empty(places["places"]!.AsArray());
        Assert.Empty((await _host.SerperJsonAsync("search", new JsonObject { ["q"] = "petrochemicals market size Saudi Arabia", ["gl"] = "sa", ["page"] = 2 }))["organic"]!.AsArray());
    }

    [Fact]
    public async Task Missing_key_is_403_unauthorized_and_a_missing_query_is_400()
    {
        using var noKey = await _host.SerperAsync("places", SandboxTestHost.Places("refinery", "sa"), key: null);
        using var noQuery = await _host.SerperAsync("search", new JsonObject { ["gl"] = "sa" });

        Assert.Equal(HttpStatusCode.Forbidden, noKey.StatusCode);
        var error = await SandboxTestHost.JsonAsync(noKey);
        Assert.Equal("Unauthorized.", error["message"]!.GetValue<string>());
        Assert.Equal(403, error["statusCode"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.BadRequest, noQuery.StatusCode);
    }

    [Fact]
    public async Task Batch_bodies_return_one_result_per_query()
    {
        using var response = await _host.SerperAsync("places", new JsonArray(SandboxTestHost.Places("refinery", "sa"), SandboxTestHost.Places("hospital", "ae")));

        var results = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();
        Assert.Equal(2, results.Count);
        Assert.All(results, r => Assert.NotEmpty(r!["places"]!.AsArray()));
    }

    private async Task<HashSet<string>> CidsAsync(string q, string gl) =>
        (await _host.SerperJsonAsync("places", SandboxTestHost.Places(q, gl)))["places"]!.AsArray().Select(r => r!["cid"]!.GetValue<string>()).ToHashSet();

    private async Task<List<JsonObject>> AllPlacesAsync(string path, string q, string gl)
    {
        var rows = new List<JsonObject>();
        for (var page = 1; page <= 5; page++)
        {
            var pageRows = (await _host.SerperJsonAsync(path, SandboxTestHost.Places(q, gl, page)))["places"]!.AsArray();
            if (pageRows.Count == 0)
            {
                break;
            }

            rows.AddRange(pageRows.Select(r => r!.AsObject()));
        }

        return rows;
    }
}
