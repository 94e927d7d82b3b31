namespace Leadora.Core.Tests;

public sealed class RequestValidationTests
{
    private static LeadSearchRequest Valid() => new()
    {
        SearchType = SearchType.Customer,
        ProductService = "Industrial water-treatment chemicals",
        Industries = ["Petrochemicals", "Power generation"],
        Countries = ["Saudi Arabia", "UAE"],
    };

    [Fact]
    public void A_valid_request_normalizes_countries_to_iso_codes()
    {
        Assert.Empty(LeadSearchValidator.Validate(Valid()));
        var search = LeadSearchValidator.Normalize(Valid() with { Countries = ["saudi arabia", "AE", "United Arab Emirates", "KSA"] }, Guid.NewGuid(), "t", DateTimeOffset.UnixEpoch);
        Assert.Equal(["SA", "AE"], search.Countries);
        Assert.Equal(3, search.Limits.BusinessPersonas);
    }

    [Theory]
    [InlineData("", "productService")]
    [InlineData("   ", "productService")]
    public void Empty_product_is_rejected(string product, string field) =>
        Assert.Equal(field, Assert.Single(LeadSearchValidator.Validate(Valid() with { ProductService = product })).Field);

    [Fact]
    public void A_product_of_2000_characters_or_more_is_rejected()
    {
        Assert.Empty(LeadSearchValidator.Validate(Valid() with { ProductService = new string('x', 1999) }));
        var problem = Assert.Single(LeadSearchValidator.Validate(Valid() with { ProductService = new string('x', 2000) }));
        Assert.Equal("productService", problem.Field);
        Assert.Contains("2,000", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_industries_and_countries_are_each_named()
    {
        var problems = LeadSearchValidator.Validate(Valid() with { Industries = [" "], Countries = [] });
        Assert.Equal(["industries", "countries"], problems.Select(p => p.Field));
    }

    [Fact]
    public void Unknown_country_names_are_named_in_the_message()
    {
        var problem = Assert.Single(LeadSearchValidator.Validate(Valid() with { Countries = ["Saudi Arabia", "Atlantis"] }));
        Assert.Equal("countries", problem.Field);
        Assert.Contains("'Atlantis'", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Undefined_search_type_and_out_of_range_limits_are_rejected()
    {
        var problems = LeadSearchValidator.Validate(Valid() with
        {
            SearchType = (SearchType)7,
            Limits = new SearchLimits { BusinessPersonas = 0, DecisionMakersPerBusiness = 99 },
        });
        Assert.Equal(["searchType", "limits.businessPersonas", "limits.decisionMakersPerBusiness"], problems.Select(p => p.Field));
    }

    [Fact]
    public void Normalize_throws_with_every_problem_and_stores_nothing()
    {
        var ex = Assert.Throws<LeadSearchValidationException>(() =>
            LeadSearchValidator.Normalize(Valid() with { ProductService = "", Countries = ["Narnia"] }, Guid.NewGuid(), "t", DateTimeOffset.UnixEpoch));
        Assert.Equal(2, ex.Problems.Count);
        Assert.Contains("productService", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Narnia", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("UAE", "AE")]
    [InlineData("u.a.e.", "AE")]
    [InlineData("the netherlands", "NL")]
    [InlineData("Côte d'Ivoire", "CI")]
    [InlineData("cote divoire", "CI")]
    [InlineData("us", "US")]
    [InlineData("United Kingdom", "GB")]
    [InlineData("South Korea", "KR")]
    [InlineData("Türkiye", "TR")]
    public void Countries_resolve_names_aliases_and_codes(string input, string code)
    {
        Assert.True(Countries.TryResolve(input, out var country));
        Assert.Equal(code, country!.Code);
    }

    [Theory]
    [InlineData("Atlantis")]
    [InlineData("XX")]
    [InlineData("")]
    [InlineData(null)]
    public void Unknown_countries_do_not_resolve(string? input) => Assert.False(Countries.TryResolve(input, out _));

    [Fact]
    public void The_country_table_has_unique_codes_and_calling_codes_for_all()
    {
        Assert.Equal(Countries.All.Count, Countries.All.Select(c => c.Code).Distinct().Count());
        Assert.True(Countries.All.Count >= 249);
        Assert.All(Countries.All, c => Assert.Matches("^[0-9]{1,4}$", c.CallingCode));
        Assert.Equal("966", Countries.Get("SA").CallingCode);
    }
}
