using System.Text.Json;
using Leadora.Fit;
using Leadora.Ports;
using Leadora.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Leadora.Core.Tests.Fit;

/// <summary>Business fit: the rules on genuine place results, and the light-LLM band against the sandbox.</summary>
public sealed class FitTests
{
    private static readonly string[] HotelCategories = ["hotel", "hostel", "lodging"];

    [Theory]
    [InlineData("Sydney Harbour Marriott Hotel at Circular Quay", new[] { "bar", "lodging", "restaurant", "food", "point_of_interest", "establishment" }, false)]
    [InlineData("Nick's Seafood Restaurant", new[] { "bar", "restaurant", "food", "point_of_interest", "establishment" }, true)]
    [InlineData("Town Hall", new[] { "train_station", "transit_station", "point_of_interest", "establishment" }, true)]
    public void Category_rules_read_google_types(string name, string[] types, bool excluded)
    {
        // Rows of the genuine Google nearby-search captures in eval/places (googlemaps/google-maps-services-java fixtures).
        var fit = FitScoring.Decide(FitRules.Assess(name, null, types, HotelCategories), similarity: null, new FitOptions());
        Assert.Equal(excluded, fit.Excluded);
        Assert.Equal(FitMethod.Category, fit.Method);
        Assert.False(string.IsNullOrWhiteSpace(fit.Reason));
    }

    [Fact]
    public void Businesses_without_category_evidence_are_decided_by_similarity()
    {
        var assessment = FitRules.Assess("The Sanctuary", null, ["point_of_interest", "establishment"], ["homeless shelter"]);
        Assert.False(assessment.Certain);
        var options = new FitOptions { SimilarityPivot = 0.1 };
        Assert.True(FitScoring.Decide(assessment, 0.02, options).Excluded);
        var kept = FitScoring.Decide(assessment, 0.3, options);
        Assert.False(kept.Excluded);
        Assert.Equal(FitMethod.Embedding, kept.Method);
    }

    [Fact]
    public async Task The_light_llm_judges_the_uncertain_band_in_batches_counted_in_usage_and_cached()
    {
        await using var leadora = await SandboxLeadora.StartAsync();
        var scorer = leadora.Services.GetRequiredService<BusinessFitScorer>();
        var usage = leadora.Services.GetRequiredService<IUsageLedger>();
        var search = new LeadSearch
        {
            Id = Guid.NewGuid(), TenantId = SandboxLeadora.Tenant, SearchType = SearchType.Customer, ProductService = "case management software",
            Industries = ["homeless services"], Countries = ["US"], Limits = new SearchLimits(), CreatedAt = DateTimeOffset.UnixEpoch,
        };
        var persona = new BusinessPersona
        {
            Id = Guid.NewGuid(), SearchId = search.Id, Rank = 1, Title = "Homeless shelters and housing-services nonprofits",
            PlaceCategories = ["homeless shelter", "transitional housing"],
        };

        // Genuine San Francisco place results (eval/places, shelter-software) whose Google types say nothing.
        var rows = File.ReadLines(Path.Combine(RepoRoot(), "eval", "places", "places.jsonl"))
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Where(r => r.GetProperty("search").GetString() is "shelter-software" or "meal-programs")
            .Select(r => new Business
            {
                Id = Guid.NewGuid(), SearchId = search.Id, Name = r.GetProperty("name").GetString()!, Country = "US",
                Address = r.TryGetProperty("address", out var a) ? a.GetString() : null,
                Types = r.TryGetProperty("types", out var t) ? t.EnumerateArray().Select(x => x.GetString()!).ToList() : [],
                Provenance = new Provenance("google_places", "places", "eval", "US"), DiscoveredBy = "eval",
                PersonaMatch = new PersonaMatch(persona.Id, 0.3, MatchMethod.Vector),
            })
            .ToList();

        IReadOnlyList<BusinessFit> fits;
        using (SearchContext.Enter(search.TenantId, search.Id))
        {
            fits = await scorer.ScoreAsync(search, [persona], rows, CancellationToken.None);
        }

        var judged = fits.Count(f => f.Method == FitMethod.Llm);
        Assert.True(judged > 20, $"{judged} judged by the LLM");
        Assert.All(fits.Where(f => f.Method == FitMethod.Llm), f => Assert.Contains(f.Score, new[] { 0.2, 0.8 }));
        var light = Assert.Single(await usage.SummarizeAsync(search.TenantId, search.Id), u => u.Operation == "chat.light");
        Assert.Equal((judged + 19) / 20, light.Calls + light.CacheHits);

        // The same batches again are answered from the response cache.
        using (SearchContext.Enter(search.TenantId, search.Id))
        {
            var again = await scorer.ScoreAsync(search, [persona], rows, CancellationToken.None);
            Assert.Equal(fits, again);
        }

        var after = Assert.Single(await usage.SummarizeAsync(search.TenantId, search.Id), u => u.Operation == "chat.light");
        Assert.True(after.CacheHits >= light.CacheHits + ((judged + 19) / 20), $"{after.CacheHits} cache hits");
    }

    [Fact]
    public void The_llm_schema_requires_one_verdict_per_business()
    {
        using var schema = JsonDocument.Parse(BusinessFitScorer.Schema(["b1", "b2"]).GetRawText());
        Assert.Equal(["b1", "b2"], schema.RootElement.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        Assert.False(schema.RootElement.GetProperty("additionalProperties").GetBoolean());
    }

    private static string RepoRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Leadora.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Leadora.sln not found.");
    }
}
