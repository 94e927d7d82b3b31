using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Leadora.Ports;
using Leadora.Testing;
using Leadora.Web.Tests.Infrastructure;

namespace Leadora.Web.Tests.Api;

public sealed class ExportTests(FinishedSearchFactory factory) : IClassFixture<FinishedSearchFactory>, IDisposable
{
    private const string User = FinishedSearchFactory.Owner;
    private readonly HttpClient _client = factory.ClientFor(User);
    private readonly Guid _id = factory.SearchId;

    public void Dispose() => _client.Dispose();

    private async Task<(string ContentType, string? FileName, byte[] Bytes)> ExportAsync(string query)
    {
        using var response = await _client.GetAsync($"/api/searches/{_id}/export?{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (response.Content.Headers.ContentType!.MediaType!, response.Content.Headers.ContentDisposition?.FileNameStar, await response.Content.ReadAsByteArrayAsync());
    }

    private static string[] CsvLines(byte[] bytes)
    {
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        return Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
    }

    [Theory]
    [InlineData("format=hubspot", "name,domain,website,phone,address,city,country,industry,leadora_status,leadora_note", "hubspot-companies")]
    [InlineData("format=hubspot&object=companies", "name,domain,website,phone,address,city,country,industry,leadora_status,leadora_note", "hubspot-companies")]
    [InlineData("format=hubspot&object=contacts", "firstname,lastname,jobtitle,company,hs_linkedin_url,leadora_status,leadora_note", "hubspot-contacts")]
    [InlineData("format=salesforce", "FirstName,LastName,Title,Company,Website,Phone,City,Country,LeadSource,Description", "salesforce")]
    [InlineData("format=csv", "business_id,business_name,country,address,phone,website,category,rating,business_persona,business_persona_score,business_source,business_query,decision_maker_name,decision_maker_title,linkedin_url,decision_maker_persona,decision_maker_persona_score,match_method,business_status,business_note,decision_maker_status,decision_maker_note", "leads")]
    public async Task Csv_exports_use_each_systems_column_names_with_a_bom(string query, string header, string suffix)
    {
        var (contentType, fileName, bytes) = await ExportAsync(query);
        Assert.Equal("text/csv", contentType);
        Assert.Equal($"leadora-{_id.ToString("N")[..8]}-{suffix}.csv", fileName);
        var lines = CsvLines(bytes);
        Assert.Equal(header, lines[0]);
        Assert.True(lines.Length > 1, "the export has rows");
    }

    [Fact]
    public async Task Crm_rows_carry_country_names_and_leadora_as_lead_source()
    {
        var salesforce = CsvLines((await ExportAsync("format=salesforce")).Bytes);
        Assert.All(salesforce.Skip(1), line => Assert.EndsWith(",Saudi Arabia,Leadora,", line, StringComparison.Ordinal));
        var contacts = CsvLines((await ExportAsync("format=hubspot&object=contacts")).Bytes);
        Assert.All(contacts.Skip(1), line => Assert.Contains(",https://www.linkedin.com/in/", line, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_json_export_is_the_search_document()
    {
        var (contentType, fileName, bytes) = await ExportAsync("format=json");
        Assert.Equal("application/json", contentType);
        Assert.EndsWith("-json.json", fileName, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(bytes);
        Assert.Equal(_id, document.RootElement.GetProperty("search").GetProperty("id").GetGuid());
        Assert.True(document.RootElement.GetProperty("businesses").GetArrayLength() > 0);
        Assert.Equal("completed", document.RootElement.GetProperty("progress").GetProperty("phases").GetProperty("decisionMakers").GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("format=xml", "format")]
    [InlineData("format=hubspot&object=deals", "object")]
    [InlineData("format=csv&object=contacts", "object")]
    public async Task Bad_export_parameters_are_named(string query, string field)
    {
        using var response = await _client.GetAsync($"/api/searches/{_id}/export?{query}");
        Assert.Equal([field], (await response.ProblemAsync(HttpStatusCode.BadRequest)).ErrorFields());
    }

    [Fact]
    public async Task A_business_named_like_a_formula_opens_as_text_in_every_csv()
    {
        // A provider could return any text as a name; put such a business (and a person) into this user's search.
        var store = factory.Service<ILeadStore>();
        var search = (await store.GetSearchAsync(User, _id))!;
        var business = LeadStoreContract.Business(search, "=HYPERLINK(\"http://x\")", phone: "+1 555 0100", website: "https://evil.example/");
        await store.AddBusinessesAsync(User, _id, [business]);
        await store.AddDecisionMakersAsync(User, _id, [LeadStoreContract.Person(search, business.Business.Id, "https://www.linkedin.com/in/eve-mallory", "@Eve Mallory")]);

        const string NeutralizedName = "\"'=HYPERLINK(\"\"http://x\"\")\"";
        foreach (var query in new[] { "format=csv", "format=hubspot", "format=hubspot&object=contacts", "format=salesforce" })
        {
            var lines = CsvLines((await ExportAsync(query)).Bytes);
            var row = Assert.Single(lines, l => l.Contains("HYPERLINK", StringComparison.Ordinal));
            Assert.Contains(NeutralizedName, row, StringComparison.Ordinal);
            Assert.DoesNotContain(",=HYPERLINK", row, StringComparison.Ordinal);
            Assert.False(row.StartsWith('='), query);
        }

        var contacts = CsvLines((await ExportAsync("format=hubspot&object=contacts")).Bytes);
        Assert.Contains("'@Eve,Mallory,", Assert.Single(contacts, l => l.Contains("Mallory", StringComparison.Ordinal)), StringComparison.Ordinal);

        // The JSON export keeps the name exactly as found.
        var json = await _client.GetFromJsonAsync<JsonElement>($"/api/searches/{_id}");
        Assert.Contains(json.GetProperty("businesses").EnumerateArray(), b => b.GetProperty("name").GetString() == "=HYPERLINK(\"http://x\")");
    }
}
