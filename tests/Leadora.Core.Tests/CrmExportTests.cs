using System.Text;
using Leadora.Exports;
using Leadora.Testing;

namespace Leadora.Core.Tests;

public sealed class CrmExportTests
{
    private static readonly LeadSearch Search = LeadStoreContract.NewSearch();

    private static readonly BusinessPersona Persona = new()
    {
        Id = Guid.NewGuid(),
        SearchId = Search.Id,
        Rank = 1,
        Title = "Large petrochemical producers",
        Demographics = new BusinessDemographics { Industry = "Petrochemicals" },
    };

    private static Business NewBusiness(string name, string country = "SA", PersonaMatch? match = null, string? category = "Chemical plant") => new()
    {
        Id = Guid.NewGuid(),
        SearchId = Search.Id,
        Name = name,
        Address = "King Fahd Rd, Jubail",
        City = "Jubail",
        Country = country,
        Phone = "+966 13 000 0000",
        Website = "https://najd.example/",
        Domain = "najd.example",
        Category = category,
        Provenance = new Provenance("serper", "places", "petrochemical plant", country, 1),
        DiscoveredBy = "unit",
        PersonaMatch = match,
    };

    private static DecisionMaker NewPerson(Business business, string name, string title = "Procurement Manager") => new()
    {
        Id = Guid.NewGuid(),
        SearchId = Search.Id,
        BusinessId = business.Id,
        Name = name,
        Title = title,
        Company = business.Name + " (as shown)",
        LinkedInUrl = "https://www.linkedin.com/in/" + name.Replace(' ', '-').ToLowerInvariant(),
        Provenance = new Provenance("serper", "search", "site:linkedin.com/in", business.Country, 1),
    };

    private static LeadSearchResult Result(IReadOnlyList<Business> businesses, IReadOnlyList<DecisionMaker> people) => new()
    {
        Search = Search,
        BusinessPersonas = [Persona],
        DecisionMakerPersonas = [],
        Businesses = businesses,
        DecisionMakers = people,
        Progress = new SearchProgress(Search.Id, SearchStatus.Completed, 100, [], SearchCounts.Empty),
        Usage = [],
        Warnings = [],
    };

    private static async Task<string[]> Lines(Func<Stream, Task> write)
    {
        using var stream = new MemoryStream();
        await write(stream);
        var bytes = stream.ToArray();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        return Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
    }

    [Fact]
    public async Task HubSpot_companies_use_hubspot_property_names_country_names_and_persona_industry()
    {
        var matched = NewBusiness("Najd Petrochemicals", match: new PersonaMatch(Persona.Id, 0.42, MatchMethod.Vector));
        var unmatched = NewBusiness("Gulf Cooling Services", country: "AE", category: "Water treatment supplier");
        var lines = await Lines(s => HubSpotCsv.WriteCompaniesAsync(s, Result([matched, unmatched], [])));
        Assert.Equal("name,domain,website,phone,address,city,country,industry,leadora_status,leadora_note", lines[0]);
        Assert.Equal("Najd Petrochemicals,najd.example,https://najd.example/,'+966 13 000 0000,\"King Fahd Rd, Jubail\",Jubail,Saudi Arabia,Petrochemicals,new,", lines[1]);
        Assert.EndsWith(",United Arab Emirates,Water treatment supplier,new,", lines[2]);
        Assert.Equal(3, lines.Length);
    }

    [Fact]
    public async Task HubSpot_contacts_split_names_and_use_the_matched_business_name()
    {
        var business = NewBusiness("Najd Petrochemicals");
        var lines = await Lines(s => HubSpotCsv.WriteContactsAsync(s, Result([business], [NewPerson(business, "Amit Kumar Rao"), NewPerson(business, "Dr. Sara Al Harbi, PhD", "Plant Manager")])));
        Assert.Equal("firstname,lastname,jobtitle,company,hs_linkedin_url,leadora_status,leadora_note", lines[0]);
        Assert.Equal("Amit,Kumar Rao,Procurement Manager,Najd Petrochemicals,https://www.linkedin.com/in/amit-kumar-rao,new,", lines[1]);
        Assert.StartsWith("Sara,Al Harbi,Plant Manager,Najd Petrochemicals,", lines[2]);
    }

    [Fact]
    public async Task Salesforce_leads_have_one_row_per_decision_maker_with_business_fields()
    {
        var business = NewBusiness("Najd Petrochemicals");
        var lonely = NewBusiness("No People Co");
        var lines = await Lines(s => SalesforceCsv.WriteLeadsAsync(s, Result([business, lonely], [NewPerson(business, "Amit Rao")])));
        Assert.Equal("FirstName,LastName,Title,Company,Website,Phone,City,Country,LeadSource,Description", lines[0]);
        Assert.Equal("Amit,Rao,Procurement Manager,Najd Petrochemicals,https://najd.example/,'+966 13 000 0000,Jubail,Saudi Arabia,Leadora,", lines[1]);
        Assert.Equal(2, lines.Length);
    }

    [Fact]
    public async Task Crm_files_neutralize_formulas_in_every_text_cell()
    {
        var business = NewBusiness("=HYPERLINK(\"http://x\")");
        var result = Result([business], [NewPerson(business, "@Eve Mallory", "-1+1")]);
        var companies = await Lines(s => HubSpotCsv.WriteCompaniesAsync(s, result));
        Assert.StartsWith("\"'=HYPERLINK(\"\"http://x\"\")\",", companies[1]);
        var leads = await Lines(s => SalesforceCsv.WriteLeadsAsync(s, result));
        Assert.StartsWith("'@Eve,Mallory,'-1+1,\"'=HYPERLINK(", leads[1]);
    }

    [Fact]
    public async Task Every_export_carries_the_users_status_and_note_of_each_lead()
    {
        var business = NewBusiness("Najd Petrochemicals");
        var other = NewBusiness("Gulf Cooling Services");
        var amit = NewPerson(business, "Amit Rao");
        var sara = NewPerson(business, "Sara Al Harbi");
        var result = Result([business, other], [amit, sara]) with
        {
            Annotations =
            [
                new LeadAnnotation(business.Id, LeadStatus.Qualified, "Expanding the Jubail plant, call in Q1", Search.CreatedAt),
                new LeadAnnotation(amit.Id, LeadStatus.Contacted, null, Search.CreatedAt),
                new LeadAnnotation(sara.Id, LeadStatus.Rejected, "Left the company", Search.CreatedAt),
            ],
        };

        var leads = await Lines(s => LeadsCsv.WriteAsync(s, result));
        Assert.EndsWith(",business_status,business_note,decision_maker_status,decision_maker_note", leads[0]);
        Assert.EndsWith(",qualified,\"Expanding the Jubail plant, call in Q1\",contacted,", leads[1]);
        Assert.EndsWith(",qualified,\"Expanding the Jubail plant, call in Q1\",rejected,Left the company", leads[2]);
        Assert.EndsWith(",new,,,", leads[3]);

        var companies = await Lines(s => HubSpotCsv.WriteCompaniesAsync(s, result));
        Assert.EndsWith(",qualified,\"Expanding the Jubail plant, call in Q1\"", companies[1]);
        Assert.EndsWith(",new,", companies[2]);
        var contacts = await Lines(s => HubSpotCsv.WriteContactsAsync(s, result));
        Assert.EndsWith(",contacted,", contacts[1]);
        Assert.EndsWith(",rejected,Left the company", contacts[2]);

        var salesforce = await Lines(s => SalesforceCsv.WriteLeadsAsync(s, result));
        Assert.EndsWith(",Leadora,Leadora status: contacted.", salesforce[1]);
        Assert.EndsWith(",Leadora,Leadora status: rejected. Left the company", salesforce[2]);

        var document = LeadSearchDocument.From(result).ToJson();
        Assert.Contains("\"status\": \"rejected\"", document, StringComparison.Ordinal);
        Assert.Contains("\"note\": \"Left the company\"", document, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Amit Rao", "Amit", "Rao")]
    [InlineData("  Amit   Kumar  Rao ", "Amit", "Kumar Rao")]
    [InlineData("Madonna", "", "Madonna")]
    [InlineData("Eng. Khalid Al-Otaibi", "Khalid", "Al-Otaibi")]
    [InlineData("Jane Doe, MBA", "Jane", "Doe")]
    [InlineData("Jane Doe | Water Treatment", "Jane", "Doe")]
    [InlineData("Dr", "", "Dr")]
    [InlineData("", "", "")]
    public void Names_split_into_first_token_and_the_rest(string name, string first, string last) =>
        Assert.Equal((first, last), CrmFields.SplitName(name));

    [Fact]
    public void Unknown_country_codes_are_kept_as_given() => Assert.Equal("XX", CrmFields.CountryName("XX"));
}
