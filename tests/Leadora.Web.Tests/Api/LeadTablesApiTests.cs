using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Leadora.Web.Tests.Infrastructure;

namespace Leadora.Web.Tests.Api;

/// <summary>A factory with one finished two-country search of <see cref="Owner"/>, big enough to page (made once for a test class).</summary>
public sealed class LeadTablesFactory : WebFactory, IAsyncLifetime
{
    public const string Owner = "alice";

    public static object Request { get; } = new
    {
        searchType = "customer",
        productService = "Industrial water-treatment chemicals",
        industries = new[] { "Petrochemicals", "Power generation" },
        countries = new[] { "Saudi Arabia", "United Arab Emirates" },
        limits = new { businessPersonas = 3, decisionMakerPersonas = 2, businessesPerPersona = 6, decisionMakersPerBusiness = 2 },
    };

    public Guid SearchId { get; private set; }

    /// <summary>The search document (<c>GET /api/searches/{id}</c>): the oracle the tables are checked against.</summary>
    public JsonElement Document { get; private set; }

    public async Task InitializeAsync()
    {
        using var client = ClientFor(Owner);
        SearchId = await client.CompletedSearchAsync(Request);
        Document = JsonDocument.Parse(await client.GetStringAsync($"/api/searches/{SearchId}")).RootElement.Clone();
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
}

/// <summary>
/// The results tables over HTTP: every filter, sort and page is checked against the search document (every lead of the
/// search, unfiltered), statuses and notes round-trip and reach the exports, selection exports hold exactly the chosen
/// rows, and bad parameters answer 400 naming each.
/// </summary>
public sealed class LeadTablesApiTests(LeadTablesFactory factory) : IClassFixture<LeadTablesFactory>
{
    private readonly HttpClient _alice = factory.ClientFor(LeadTablesFactory.Owner);

    private string Route(string rest) => $"/api/searches/{factory.SearchId}/{rest}";

    private IReadOnlyList<JsonElement> AllBusinesses => [.. factory.Document.GetProperty("businesses").EnumerateArray()];

    private IReadOnlyList<JsonElement> AllPeople => [.. factory.Document.GetProperty("decisionMakers").EnumerateArray()];

    private Dictionary<Guid, JsonElement> BusinessesById => AllBusinesses.ToDictionary(b => b.GetProperty("id").GetGuid());

    private async Task<JsonElement> PageAsync(string table, string query)
    {
        using var response = await _alice.GetAsync(Route($"{table}?{query}"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Every row of a filtered table (one large page), checking the total.</summary>
    private async Task<List<JsonElement>> RowsAsync(string table, string query)
    {
        var page = await PageAsync(table, query + "&pageSize=500");
        var items = page.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(items.Count, page.GetProperty("total").GetInt32());
        return items;
    }

    private static Guid BusinessId(JsonElement row) => row.GetProperty("business").GetProperty("id").GetGuid();

    private static Guid PersonId(JsonElement row) => row.GetProperty("decisionMaker").GetProperty("id").GetGuid();

    private static Guid Id(JsonElement entity) => entity.GetProperty("id").GetGuid();

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static double? Fit(JsonElement business) =>
        business.GetProperty("fit") is { ValueKind: JsonValueKind.Object } fit ? fit.GetProperty("score").GetDouble() : null;

    private string? PersonaTitle(JsonElement entity, string personas)
    {
        if (entity.GetProperty("personaMatch") is not { ValueKind: JsonValueKind.Object } match)
        {
            return null;
        }

        var id = match.GetProperty("personaId").GetGuid();
        return factory.Document.GetProperty(personas).EnumerateArray().Where(p => Id(p) == id).Select(p => p.GetProperty("title").GetString()).FirstOrDefault();
    }

    /// <summary>Asserts a filter returns exactly the oracle's businesses, in discovery order, and returns how many.</summary>
    private async Task<int> AssertBusinessFilterAsync(string query, Func<JsonElement, bool> oracle)
    {
        var expected = AllBusinesses.Where(oracle).Select(Id).ToList();
        var actual = (await RowsAsync("businesses", query)).Select(BusinessId).ToList();
        Assert.Equal(expected, actual);
        return expected.Count;
    }

    [Fact]
    public async Task The_unfiltered_tables_hold_every_lead_with_why_this_lead_fields()
    {
        var businesses = await RowsAsync("businesses", "");
        Assert.Equal(AllBusinesses.Select(Id), businesses.Select(BusinessId));
        Assert.True(businesses.Count >= 10, $"the search has {businesses.Count} businesses; the tests need enough to page");
        var first = businesses[0];
        var source = first.GetProperty("business").GetProperty("provenance");
        Assert.False(string.IsNullOrWhiteSpace(source.GetProperty("query").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(source.GetProperty("provider").GetString()));
        Assert.Equal(PersonaTitle(first.GetProperty("business"), "businessPersonas"), Text(first, "persona"));
        Assert.Equal(Fit(first.GetProperty("business")), first.GetProperty("fitScore").GetDouble());
        Assert.False(string.IsNullOrWhiteSpace(Text(first, "fitReason")));
        Assert.Equal("new", Text(first, "status"));
        Assert.Contains(businesses, b => Text(b, "mapsUrl")?.StartsWith("https://", StringComparison.Ordinal) == true);
        Assert.Equal(AllPeople.Count(p => p.GetProperty("businessId").GetGuid() == BusinessId(first)), first.GetProperty("decisionMakers").GetInt32());

        var people = await RowsAsync("decision-makers", "");
        Assert.Equal(AllPeople.Select(Id), people.Select(PersonId));
        var person = people[0];
        var business = BusinessesById[person.GetProperty("decisionMaker").GetProperty("businessId").GetGuid()];
        Assert.Equal(business.GetProperty("name").GetString(), Text(person, "businessName"));
        Assert.Equal(Text(business, "country"), Text(person, "country"));
        Assert.StartsWith("https://", person.GetProperty("decisionMaker").GetProperty("linkedInUrl").GetString(), StringComparison.Ordinal);
        Assert.Equal(PersonaTitle(person.GetProperty("decisionMaker"), "decisionMakerPersonas"), Text(person, "persona"));
    }

    [Fact]
    public async Task Each_business_filter_returns_exactly_the_matching_rows()
    {
        var all = AllBusinesses.Count;
        Assert.InRange(await AssertBusinessFilterAsync("country=SA", b => Text(b, "country") == "SA"), 1, all - 1);
        Assert.InRange(await AssertBusinessFilterAsync("country=united%20arab%20emirates", b => Text(b, "country") == "AE"), 1, all - 1);

        var city = AllBusinesses.Select(b => Text(b, "city")).First(c => c is not null)!;
        Assert.InRange(await AssertBusinessFilterAsync("city=" + Uri.EscapeDataString(city.ToUpperInvariant()), b => string.Equals(Text(b, "city"), city, StringComparison.OrdinalIgnoreCase)), 1, all - 1);

        var persona = factory.Document.GetProperty("businessPersonas")[0];
        Assert.InRange(await AssertBusinessFilterAsync("persona=" + Uri.EscapeDataString(persona.GetProperty("title").GetString()!), b => PersonaTitle(b, "businessPersonas") == persona.GetProperty("title").GetString()), 1, all);
        await AssertBusinessFilterAsync("persona=" + Id(persona), b => PersonaTitle(b, "businessPersonas") == persona.GetProperty("title").GetString());

        // Fit bands, over the leads and (includeExcluded) the businesses excluded for a low fit.
        var everything = AllBusinesses.Concat(factory.Document.GetProperty("excludedBusinesses").EnumerateArray()).ToList();
        var fits = everything.Select(Fit).OfType<double>().Distinct().Order().ToList();
        Assert.True(fits.Count > 1, "the search has more than one fit score");
        var cut = (fits[0] + fits[1]) / 2;
        foreach (var (query, oracle) in new (string, Func<JsonElement, bool>)[]
        {
            (string.Create(CultureInfo.InvariantCulture, $"includeExcluded=true&maxFit={cut}"), b => Fit(b) <= cut),
            (string.Create(CultureInfo.InvariantCulture, $"includeExcluded=true&minFit={cut}&maxFit=1"), b => Fit(b) >= cut),
            (string.Create(CultureInfo.InvariantCulture, $"includeExcluded=true&minFit={fits[0]}&maxFit={fits[0]}"), b => Fit(b) == fits[0]),
        })
        {
            var expected = everything.Where(oracle).Select(Id).Order().ToList();
            Assert.InRange(expected.Count, 1, everything.Count - 1);
            Assert.Equal(expected, (await RowsAsync("businesses", query)).Select(BusinessId).Order());
        }

        Assert.Equal(AllBusinesses.Where(b => Fit(b) >= cut).Select(Id), (await RowsAsync("businesses", string.Create(CultureInfo.InvariantCulture, $"minFit={cut}"))).Select(BusinessId));

        var withSite = await AssertBusinessFilterAsync("hasWebsite=true", b => !string.IsNullOrWhiteSpace(Text(b, "website")));
        var withoutSite = await AssertBusinessFilterAsync("hasWebsite=false", b => string.IsNullOrWhiteSpace(Text(b, "website")));
        Assert.Equal(all, withSite + withoutSite);
        await AssertBusinessFilterAsync("hasPhone=true", b => !string.IsNullOrWhiteSpace(Text(b, "phone")));

        var method = AllBusinesses.Select(b => b.GetProperty("personaMatch")).First(m => m.ValueKind == JsonValueKind.Object).GetProperty("method").GetString()!;
        Assert.InRange(await AssertBusinessFilterAsync("method=" + method, b => b.GetProperty("personaMatch") is { ValueKind: JsonValueKind.Object } m && m.GetProperty("method").GetString() == method), 1, all);

        // Free text: every word, case-insensitively, in the name (or another text field).
        var word = AllBusinesses[0].GetProperty("name").GetString()!.Split(' ')[0];
        var hits = (await RowsAsync("businesses", "q=" + Uri.EscapeDataString(word.ToLowerInvariant()))).Select(BusinessId).ToList();
        Assert.Contains(Id(AllBusinesses[0]), hits);
        Assert.All(hits, id => Assert.Contains(word, JsonSerializer.Serialize(BusinessesById[id]) + " " + PersonaTitle(BusinessesById[id], "businessPersonas"), StringComparison.OrdinalIgnoreCase));
        Assert.Empty(await RowsAsync("businesses", "q=" + Uri.EscapeDataString(word + " zzzz-no-such-word")));

        // Filters combine with AND.
        await AssertBusinessFilterAsync("country=SA&hasWebsite=true", b => Text(b, "country") == "SA" && !string.IsNullOrWhiteSpace(Text(b, "website")));
    }

    [Fact]
    public async Task Sorts_order_by_the_field_descending_with_a_minus_and_keep_every_row()
    {
        var byFit = await RowsAsync("businesses", "sort=-fitScore");
        Assert.Equal(AllBusinesses.Count, byFit.Count);
        var scores = byFit.Select(r => r.GetProperty("fitScore").GetDouble()).ToList();
        Assert.Equal(scores.OrderByDescending(s => s), scores);

        // With the excluded businesses (low fit) in, ascending fit puts them first; without, they are absent.
        var excluded = factory.Document.GetProperty("excludedBusinesses").EnumerateArray().Select(Id).ToList();
        Assert.NotEmpty(excluded);
        var withExcluded = await RowsAsync("businesses", "includeExcluded=true&sort=fitScore");
        Assert.Equal(AllBusinesses.Count + excluded.Count, withExcluded.Count);
        Assert.Equal(excluded.Order(), withExcluded.Take(excluded.Count).Select(BusinessId).Order());
        Assert.All(withExcluded.Take(excluded.Count), r => Assert.True(r.GetProperty("excluded").GetBoolean()));
        Assert.DoesNotContain(byFit, r => excluded.Contains(BusinessId(r)));

        // Empty values sort last in both directions.
        foreach (var sort in new[] { "rating", "-rating" })
        {
            var ratings = (await RowsAsync("businesses", "sort=" + sort)).Select(r => r.GetProperty("business").GetProperty("rating")).Select(v => v.ValueKind == JsonValueKind.Number ? v.GetDouble() : (double?)null).ToList();
            var known = ratings.TakeWhile(r => r is not null).ToList();
            Assert.True(known.Count > 1 && known.Count < ratings.Count, "the search has rated and unrated businesses");
            Assert.All(ratings.Skip(known.Count), r => Assert.Null(r));
            Assert.Equal(sort.StartsWith('-') ? known.OrderByDescending(r => r) : known.Order(), known);
        }

        var byMatch = (await RowsAsync("businesses", "sort=-matchScore")).Select(r => r.GetProperty("matchScore").GetDouble()).ToList();
        Assert.Equal(byMatch.OrderByDescending(s => s), byMatch);
        Assert.NotEqual(AllBusinesses.Select(Id), (await RowsAsync("businesses", "sort=-matchScore")).Select(BusinessId));

        var byName = (await RowsAsync("businesses", "sort=name")).Select(r => r.GetProperty("business").GetProperty("name").GetString()!).ToList();
        Assert.Equal(byName.Order(StringComparer.OrdinalIgnoreCase), byName);
        var byNameDescending = (await RowsAsync("businesses", "sort=-NAME")).Select(r => r.GetProperty("business").GetProperty("name").GetString()!).ToList();
        Assert.Equal(byName.OrderDescending(StringComparer.OrdinalIgnoreCase), byNameDescending);

        var people = await RowsAsync("decision-makers", "sort=-matchScore");
        var matchScores = people.Select(r => r.GetProperty("matchScore").GetDouble()).ToList();
        Assert.Equal(matchScores.OrderByDescending(s => s), matchScores);
        var byCompany = (await RowsAsync("decision-makers", "sort=company")).Select(r => Text(r, "businessName")!).ToList();
        Assert.Equal(byCompany.Order(StringComparer.OrdinalIgnoreCase), byCompany);
    }

    [Fact]
    public async Task Pages_split_the_filtered_sorted_rows_with_the_total_and_a_short_last_page()
    {
        var all = (await RowsAsync("decision-makers", "sort=name")).Select(PersonId).ToList();
        const int size = 7;
        var pages = (all.Count + size - 1) / size;
        Assert.True(pages >= 3, $"{all.Count} decision makers make {pages} pages of {size}");
        var seen = new List<Guid>();
        for (var page = 1; page <= pages; page++)
        {
            var body = await PageAsync("decision-makers", $"sort=name&page={page}&pageSize={size}");
            Assert.Equal(all.Count, body.GetProperty("total").GetInt32());
            Assert.Equal(page, body.GetProperty("page").GetInt32());
            Assert.Equal(size, body.GetProperty("pageSize").GetInt32());
            var items = body.GetProperty("items").EnumerateArray().Select(PersonId).ToList();
            Assert.Equal(page < pages ? size : all.Count - (size * (pages - 1)), items.Count);
            seen.AddRange(items);
        }

        Assert.Equal(all, seen);
        var beyond = await PageAsync("decision-makers", $"sort=name&page={pages + 1}&pageSize={size}");
        Assert.Empty(beyond.GetProperty("items").EnumerateArray());
        Assert.Equal(all.Count, beyond.GetProperty("total").GetInt32());

        var defaults = await PageAsync("businesses", "");
        Assert.Equal(1, defaults.GetProperty("page").GetInt32());
        Assert.Equal(50, defaults.GetProperty("pageSize").GetInt32());

        // A filtered, sorted middle page is that slice of the filtered, sorted rows.
        var filtered = (await RowsAsync("decision-makers", "country=SA&sort=-matchScore")).Select(PersonId).ToList();
        var second = await PageAsync("decision-makers", "country=SA&sort=-matchScore&page=2&pageSize=3");
        Assert.Equal(filtered.Skip(3).Take(3), second.GetProperty("items").EnumerateArray().Select(PersonId));
        Assert.Equal(filtered.Count, second.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Decision_maker_filters_use_the_persons_persona_and_their_businesss_facts()
    {
        var people = AllPeople;
        Guid BusinessOf(JsonElement p) => p.GetProperty("businessId").GetGuid();
        async Task<int> AssertAsync(string query, Func<JsonElement, bool> oracle)
        {
            var expected = people.Where(oracle).Select(Id).ToList();
            Assert.Equal(expected, (await RowsAsync("decision-makers", query)).Select(PersonId).ToList());
            return expected.Count;
        }

        Assert.InRange(await AssertAsync("country=AE", p => Text(BusinessesById[BusinessOf(p)], "country") == "AE"), 1, people.Count - 1);
        var persona = factory.Document.GetProperty("decisionMakerPersonas")[0].GetProperty("title").GetString()!;
        Assert.InRange(await AssertAsync("persona=" + Uri.EscapeDataString(persona), p => PersonaTitle(p, "decisionMakerPersonas") == persona), 1, people.Count);
        await AssertAsync("hasWebsite=false", p => string.IsNullOrWhiteSpace(Text(BusinessesById[BusinessOf(p)], "website")));
        var median = people.Select(p => Fit(BusinessesById[BusinessOf(p)])).OfType<double>().Order().ElementAt(people.Count / 2);
        await AssertAsync(string.Create(CultureInfo.InvariantCulture, $"minFit={median}"), p => Fit(BusinessesById[BusinessOf(p)]) >= median);
        var title = people[0].GetProperty("title").GetString()!;
        Assert.Contains(Id(people[0]), (await RowsAsync("decision-makers", "q=" + Uri.EscapeDataString(title.ToUpperInvariant()))).Select(PersonId));
    }

    [Fact]
    public async Task A_status_and_note_are_saved_shown_filtered_on_and_exported()
    {
        var business = AllBusinesses[1];
        var person = AllPeople[2];
        const string Note = "Asked for a quote, call back Tuesday, \"urgent\"";
        using (var put = await _alice.PutAsJsonAsync(Route($"leads/{Id(business)}"), new { status = "qualified", note = "  " + Note + "  " }))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
            var saved = await put.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("qualified", Text(saved, "status"));
            Assert.Equal(Note, Text(saved, "note"));
            Assert.Equal(Id(business), saved.GetProperty("leadId").GetGuid());
        }

        using (var put = await _alice.PutAsJsonAsync(Route($"leads/{Id(person)}"), new { status = "Contacted" }))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        var row = (await RowsAsync("businesses", "status=qualified")).Single();
        Assert.Equal(Id(business), BusinessId(row));
        Assert.Equal(Note, Text(row, "note"));
        var personRow = (await RowsAsync("decision-makers", "status=contacted")).Single();
        Assert.Equal(Id(person), PersonId(personRow));
        Assert.Null(Text(personRow, "note"));
        Assert.DoesNotContain(Id(business), (await RowsAsync("businesses", "status=new")).Select(BusinessId));

        // Replacing: a new status, and a blank note clears it.
        using (var put = await _alice.PutAsJsonAsync(Route($"leads/{Id(business)}"), new { status = "rejected", note = "" }))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        var replaced = (await RowsAsync("businesses", "status=rejected")).Single();
        Assert.Null(Text(replaced, "note"));
        using (var put = await _alice.PutAsJsonAsync(Route($"leads/{Id(business)}"), new { status = "qualified", note = Note }))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        // The search document and every export carry it.
        var document = JsonDocument.Parse(await _alice.GetStringAsync($"/api/searches/{factory.SearchId}")).RootElement;
        var annotation = document.GetProperty("annotations").EnumerateArray().Single(a => a.GetProperty("leadId").GetGuid() == Id(business));
        Assert.Equal(Note, Text(annotation, "note"));
        var csv = Csv.Parse(await _alice.GetByteArrayAsync($"/api/searches/{factory.SearchId}/export?format=csv"));
        Assert.All(csv.Rows.Where(r => r["business_id"] == Id(business).ToString()), r => Assert.Equal(("qualified", Note), (r["business_status"], r["business_note"])));
        Assert.Equal("contacted", csv.Rows.Single(r => r["linkedin_url"] == person.GetProperty("linkedInUrl").GetString())["decision_maker_status"]);
        var contacts = Csv.Parse(await _alice.GetByteArrayAsync($"/api/searches/{factory.SearchId}/export?format=hubspot&object=contacts"));
        Assert.Equal("contacted", contacts.Rows.Single(r => r["hs_linkedin_url"] == person.GetProperty("linkedInUrl").GetString())["leadora_status"]);
        var salesforce = Csv.Parse(await _alice.GetByteArrayAsync($"/api/searches/{factory.SearchId}/export?format=salesforce"));
        Assert.Contains(salesforce.Rows, r => r["Description"] == "Leadora status: contacted.");
    }

    [Fact]
    public async Task Bad_annotations_answer_400_naming_the_field_and_unknown_or_foreign_leads_404()
    {
        var lead = Id(AllBusinesses[0]);
        var tooLong = new string('x', 2001);
        foreach (var (body, field) in new (object Body, string Field)[]
        {
            (new { status = "won" }, "status"),
            (new { note = "no status" }, "status"),
            (new { status = 2 }, "status"),
            (new { status = "new,contacted" }, "status"),
            (new { status = "new", note = tooLong }, "note"),
            (new { status = "new", note = 5 }, "note"),
        })
        {
            using var response = await _alice.PutAsJsonAsync(Route($"leads/{lead}"), body);
            var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
            Assert.Equal([field], problem.ErrorFields());
        }

        using (var longest = await _alice.PutAsJsonAsync(Route($"leads/{Id(AllBusinesses[^1])}"), new { status = "new", note = new string('x', 2000) }))
        {
            Assert.Equal(HttpStatusCode.OK, longest.StatusCode);
        }

        using (var unknown = await _alice.PutAsJsonAsync(Route($"leads/{Guid.NewGuid()}"), new { status = "new" }))
        {
            await unknown.ProblemAsync(HttpStatusCode.NotFound);
        }

        using var bob = factory.ClientFor("bob");
        using (var foreign = await bob.PutAsJsonAsync(Route($"leads/{lead}"), new { status = "rejected", note = "mine now" }))
        {
            await foreign.ProblemAsync(HttpStatusCode.NotFound);
        }

        Assert.DoesNotContain(lead, (await RowsAsync("businesses", "status=rejected")).Select(BusinessId));
        using var foreignRows = await bob.GetAsync(Route("businesses"));
        await foreignRows.ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Bad_table_parameters_answer_400_naming_each_one()
    {
        using var response = await _alice.GetAsync(Route("businesses?sort=-email&pageSize=501&minFit=1.5&page=0&hasWebsite=maybe&method=magic&country=Atlantis&status=won"));
        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["country", "hasWebsite", "method", "minFit", "page", "pageSize", "sort", "status"], problem.ErrorFields().Order(StringComparer.Ordinal));
        Assert.Contains("fitScore", problem.GetProperty("errors").GetProperty("sort")[0].GetString(), StringComparison.Ordinal);

        using var inverted = await _alice.GetAsync(Route("decision-makers?minFit=0.8&maxFit=0.2"));
        Assert.Equal(["minFit"], (await inverted.ProblemAsync(HttpStatusCode.BadRequest)).ErrorFields());
        using var rating = await _alice.GetAsync(Route("decision-makers?sort=rating"));
        Assert.Equal(["sort"], (await rating.ProblemAsync(HttpStatusCode.BadRequest)).ErrorFields());
        using var zero = await _alice.GetAsync(Route("businesses?pageSize=0"));
        Assert.Equal(["pageSize"], (await zero.ProblemAsync(HttpStatusCode.BadRequest)).ErrorFields());
    }

    [Fact]
    public async Task A_selection_export_holds_exactly_the_chosen_rows()
    {
        // Two businesses, and one person of a third business (which comes along in company files).
        var chosenBusinesses = AllBusinesses.Take(2).Select(Id).ToList();
        var person = AllPeople.First(p => !chosenBusinesses.Contains(p.GetProperty("businessId").GetGuid()));
        var personBusiness = person.GetProperty("businessId").GetGuid();
        var ids = chosenBusinesses.Append(Id(person)).Select(g => g.ToString()).ToArray();

        async Task<Csv> ExportAsync(string format, string? @object = null)
        {
            using var response = await _alice.PostAsJsonAsync(Route("export"), new { format, ids, @object });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return Csv.Parse(await response.Content.ReadAsByteArrayAsync());
        }

        var leads = await ExportAsync("csv");
        Assert.Equal(chosenBusinesses.Append(personBusiness).Select(g => g.ToString()).Order(), leads.Rows.Select(r => r["business_id"]).Distinct().Order());
        Assert.Equal([person.GetProperty("linkedInUrl").GetString()], leads.Rows.Select(r => r["linkedin_url"]).Where(u => u.Length > 0));
        Assert.Equal(3, leads.Rows.Count);

        var companies = await ExportAsync("hubspot", "companies");
        Assert.Equal(chosenBusinesses.Append(personBusiness).Select(id => BusinessesById[id].GetProperty("name").GetString()).Order(), companies.Rows.Select(r => r["name"]).Order());
        var contacts = await ExportAsync("hubspot", "contacts");
        Assert.Equal([person.GetProperty("linkedInUrl").GetString()], contacts.Rows.Select(r => r["hs_linkedin_url"]));
        var salesforce = await ExportAsync("salesforce");
        Assert.Equal([person.GetProperty("title").GetString()], salesforce.Rows.Select(r => r["Title"]));

        using var json = await _alice.PostAsJsonAsync(Route("export"), new { ids });
        Assert.Equal("application/json", json.Content.Headers.ContentType?.MediaType);
        var document = await json.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(chosenBusinesses.Append(personBusiness).Order(), document.GetProperty("businesses").EnumerateArray().Select(Id).Order());
        Assert.Equal([Id(person)], document.GetProperty("decisionMakers").EnumerateArray().Select(Id));

        // A filtered table's rows, exported: exactly those rows.
        var filtered = (await RowsAsync("businesses", "country=AE&hasWebsite=true")).Select(BusinessId).ToList();
        using var response = await _alice.PostAsJsonAsync(Route("export"), new { format = "hubspot", ids = filtered });
        Assert.Equal(filtered.Select(id => BusinessesById[id].GetProperty("name").GetString()), Csv.Parse(await response.Content.ReadAsByteArrayAsync()).Rows.Select(r => r["name"]));
    }

    [Fact]
    public async Task Bad_selection_exports_answer_400_naming_the_field_and_foreign_searches_404()
    {
        var known = Id(AllBusinesses[0]).ToString();
        foreach (var (body, fields) in new (object Body, string[] Fields)[]
        {
            (new { format = "csv", ids = Array.Empty<string>() }, ["ids"]),
            (new { format = "csv" }, ["ids"]),
            (new { format = "csv", ids = new[] { known, "not-a-guid" } }, ["ids[1]"]),
            (new { format = "csv", ids = new[] { known, Guid.NewGuid().ToString() } }, ["ids"]),
            (new { format = "xlsx", ids = new[] { known } }, ["format"]),
            (new { format = "csv", @object = "contacts", ids = new[] { known } }, ["object"]),
            (new { format = "pdf", ids = Array.Empty<string>() }, ["format", "ids"]),
        })
        {
            using var response = await _alice.PostAsJsonAsync(Route("export"), body);
            var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
            Assert.Equal(fields, problem.ErrorFields().Order(StringComparer.Ordinal));
        }

        using var bob = factory.ClientFor("bob");
        using var foreign = await bob.PostAsJsonAsync(Route("export"), new { format = "csv", ids = new[] { known } });
        await foreign.ProblemAsync(HttpStatusCode.NotFound);
        using var text = await _alice.PostAsync(Route("export"), new StringContent("{}", Encoding.UTF8, "text/plain"));
        await text.ProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }
}
