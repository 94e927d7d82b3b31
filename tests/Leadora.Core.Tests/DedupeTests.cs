using Leadora.Dedupe;

namespace Leadora.Core.Tests;

public sealed class DedupeTests
{
    [Theory]
    [InlineData("+966 11 555 0142", "SA", "966115550142")]
    [InlineData("011 555 0142", "SA", "966115550142")]
    [InlineData("00966115550142", "SA", "966115550142")]
    [InlineData("966115550142", "SA", "966115550142")]
    [InlineData("310/246-1501", "US", "13102461501")]
    [InlineData("(310) 246-1501", "US", "13102461501")]
    [InlineData("+1 310-246-1501", "US", "13102461501")]
    [InlineData("04 555 0100", "AE", "97145550100")]
    public void Phones_normalize_to_international_digits(string phone, string country, string expected) =>
        Assert.Equal(expected, TextKeys.NormalizePhone(phone, Countries.Get(country).CallingCode));

    [Theory]
    [InlineData("12345")]
    [InlineData("")]
    [InlineData(null)]
    public void Short_or_missing_phones_give_no_key(string? phone) => Assert.Null(TextKeys.NormalizePhone(phone, "966"));

    [Theory]
    [InlineData("https://www.Najd-Petrochem.example/about?x=1", "najd-petrochem.example")]
    [InlineData("najd-petrochem.example", "najd-petrochem.example")]
    [InlineData("http://m.acme.com", "acme.com")]
    [InlineData("https://www.facebook.com/acme", null)]
    [InlineData("https://acme.business.site", null)]
    [InlineData("https://linktr.ee/acme", null)]
    [InlineData("not a url", null)]
    public void Domains_normalize_and_shared_hosts_give_no_key(string website, string? expected) =>
        Assert.Equal(expected, TextKeys.NormalizeDomain(website));

    [Theory]
    [InlineData("Najd Petrochemical Services LLC", "najd petrochemical services")]
    [InlineData("The Najd Petrochemical Services Co.", "najd petrochemical services")]
    [InlineData("Arnie Morton's of Chicago", "arnie mortons of chicago")]
    [InlineData("Smith & Sons Ltd", "smith and sons")]
    [InlineData("Société Générale S.A.", "societe generale")]
    public void Names_fold_case_accents_punctuation_and_legal_suffixes(string name, string expected) =>
        Assert.Equal(expected, TextKeys.NormalizeName(name));

    [Fact]
    public void Street_abbreviations_make_equal_addresses_equal()
    {
        Assert.Equal(TextKeys.NormalizeStreet("12224 Ventura Boulevard, Studio City"), TextKeys.NormalizeStreet("12224 ventura blvd."));
        Assert.Equal("king fahd rd", TextKeys.NormalizeStreet("King Fahd Road, Al Olaya, Riyadh 12211"));
    }

    [Theory]
    [InlineData("King Fahd Rd, Al Olaya, Riyadh 12211, Saudi Arabia", "SA", "Riyadh")]
    [InlineData("Al Nahda St, Dubai", "AE", "Dubai")]
    [InlineData("1600 Amphitheatre Pkwy, Mountain View, CA 94043, USA", "US", "Mountain View")]
    [InlineData("48 Pirrama Rd, Pyrmont NSW 2009, Australia", "AU", "Pyrmont")]
    [InlineData("King Fahd Road", "SA", null)]
    [InlineData(null, "SA", null)]
    public void Cities_are_read_from_addresses(string? address, string country, string? city) =>
        Assert.Equal(city, TextKeys.CityFromAddress(address, country));

    [Fact]
    public void Keys_come_strongest_first_and_never_empty()
    {
        var keys = BusinessKeys.For("Najd Petrochemical", "King Fahd Road, Riyadh", "+966 11 555 0142", "https://najd.example", "ChIJabc", "123", "SA", "966");
        Assert.Equal(["pid:ChIJabc", "cid:123", "dom:najd.example|SA", "tel:966115550142", "na:najd petrochemical|king fahd rd|SA"], keys);
        Assert.Equal(["n:najd petrochemical|SA"], BusinessKeys.For("Najd Petrochemical", null, null, null, null, null, "sa", null));
    }

    [Fact]
    public void The_same_business_from_places_and_maps_shares_a_key()
    {
        var fromPlaces = BusinessKeys.For("Najd Petrochemical Services", "King Fahd Road, Riyadh", null, null, null, "8877", "SA", "966");
        var fromMaps = BusinessKeys.For("Najd Petrochemical Services LLC", "King Fahd Rd, Riyadh 12211", "011 555 0142", "www.najd.example", "ChIJx", "8877", "SA", "966");
        Assert.NotEmpty(fromPlaces.Intersect(fromMaps));
    }

    [Fact]
    public void Different_businesses_do_not_share_keys()
    {
        var a = BusinessKeys.For("Najd Petrochemical", "King Fahd Road, Riyadh", "+966 11 555 0142", "https://www.facebook.com/najd", null, null, "SA", "966");
        var b = BusinessKeys.For("Gulf Water", "King Fahd Road, Riyadh", "+966 11 555 0199", "https://www.facebook.com/gulfwater", null, null, "SA", "966");
        Assert.Empty(a.Intersect(b));
    }

    [Fact]
    public void A_name_on_a_street_is_one_site_only_within_one_country()
    {
        // Two sites of the sandbox's synthetic world that the name + street key used to merge across countries.
        var saudi = BusinessKeys.For("Falak Aluminium", "Al Nahda St, Yanbu", null, null, null, null, "SA");
        var emirati = BusinessKeys.For("Falak Aluminium Est.", "Al Nahda St, Dubai", null, null, null, null, "AE");
        var sameCountry = BusinessKeys.For("Falak Aluminium Est.", "Al Nahda Street, Yanbu", null, null, null, null, "SA");
        Assert.Empty(saudi.Intersect(emirati));
        Assert.NotEmpty(saudi.Intersect(sameCountry));
    }

    [Fact]
    public void A_company_website_links_its_sites_within_a_country_not_across_countries()
    {
        // Illustrative inputs (a reserved .example host): one company with sites in two US cities and a branch in the UK.
        var chicago = BusinessKeys.For("Bluewater Olefins Inc.", "Harbor Rd, Chicago", null, "https://bluewater-olefins.example", null, null, "US");
        var houston = BusinessKeys.For("Bluewater Olefins", "Main St, Houston", null, "https://www.bluewater-olefins.example/houston", null, null, "US");
        var manchester = BusinessKeys.For("Bluewater Olefins", "Industrial Pkwy, Manchester", null, "https://bluewater-olefins.example", null, null, "GB");
        Assert.NotEmpty(chicago.Intersect(houston));
        Assert.Empty(chicago.Intersect(manchester));
    }
}
