using Leadora.Dedupe;
using Leadora.Pipeline;
using Leadora.Ports;

namespace Leadora.Testing;

/// <summary>Behaviour every <see cref="ILeadStore"/> adapter must have.</summary>
public abstract class LeadStoreContract
{
    protected static readonly DateTimeOffset Now = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);

    /// <summary>A new, empty store.</summary>
    protected abstract Task<ILeadStore> CreateStoreAsync();

    public static LeadSearch NewSearch(string tenant = "tenant-a", DateTimeOffset? createdAt = null) => new()
    {
        Id = Guid.NewGuid(),
        TenantId = tenant,
        SearchType = SearchType.Customer,
        ProductService = "Industrial water-treatment chemicals",
        Industries = ["Petrochemicals"],
        Countries = ["SA", "AE"],
        Limits = new SearchLimits(),
        CreatedAt = createdAt ?? Now,
        UpdatedAt = createdAt ?? Now,
    };

    public static KeyedBusiness Business(LeadSearch search, string name, string? phone = null, string? website = null, string? placeId = null, string? address = null, string unit = "unit-1")
    {
        var keys = BusinessKeys.For(name, address, phone, website, placeId, null, "SA");
        return new KeyedBusiness(new Business
        {
            Id = StableIds.For(search.Id, "business:" + BusinessKeys.IdentityKey(keys, name)),
            SearchId = search.Id,
            Name = name,
            Address = address,
            Country = "SA",
            Phone = phone,
            Website = website,
            Domain = TextKeys.NormalizeDomain(website),
            PlaceId = placeId,
            Provenance = new Provenance("serper", "places", "petrochemical plant", "SA", 1),
            DiscoveredBy = unit,
            FoundAt = Now,
        }, keys);
    }

    public static DecisionMaker Person(LeadSearch search, Guid businessId, string url, string name = "Sam Example") => new()
    {
        Id = StableIds.For(search.Id, "decision-maker:" + Leadora.DecisionMakers.ProfileUrls.Normalize(url)),
        SearchId = search.Id,
        BusinessId = businessId,
        Name = name,
        Title = "Procurement Manager",
        Company = "Najd Petrochemical",
        LinkedInUrl = url,
        Provenance = new Provenance("serper", "search", "site:linkedin.com/in", "SA", 1, url),
        FoundAt = Now,
    };

    [Fact]
    public async Task Creating_a_search_twice_keeps_one_and_reads_it_back()
    {
        var store = await CreateStoreAsync();
        var search = NewSearch();
        await store.CreateSearchAsync(search);
        await store.CreateSearchAsync(search);
        var read = await store.GetSearchAsync("tenant-a", search.Id);
        Assert.NotNull(read);
        Assert.Equal(search.ProductService, read!.ProductService);
        Assert.Equal(search.Countries, read.Countries);
        Assert.Single(await store.ListSearchesAsync("tenant-a", 0, 10), s => s.Id == search.Id);
    }

    [Fact]
    public async Task Searches_list_newest_first_with_paging()
    {
        var store = await CreateStoreAsync();
        var tenant = "list-" + Guid.NewGuid().ToString("N");
        var searches = Enumerable.Range(0, 5).Select(i => NewSearch(tenant, Now.AddMinutes(i))).ToList();
        foreach (var search in searches)
        {
            await store.CreateSearchAsync(search);
        }

        var page = await store.ListSearchesAsync(tenant, 1, 2);
        Assert.Equal([searches[3].Id, searches[2].Id], page.Select(s => s.Id));
    }

    [Fact]
    public async Task Status_changes_stop_at_a_terminal_status()
    {
        var store = await CreateStoreAsync();
        var search = NewSearch();
        await store.CreateSearchAsync(search);
        Assert.True(await store.SetSearchStatusAsync("tenant-a", search.Id, SearchStatus.Running, null, Now));
        Assert.False(await store.SetSearchStatusAsync("tenant-a", search.Id, SearchStatus.Running, null, Now));
        Assert.True(await store.SetSearchStatusAsync("tenant-a", search.Id, SearchStatus.Cancelled, null, Now.AddMinutes(1)));
        Assert.False(await store.SetSearchStatusAsync("tenant-a", search.Id, SearchStatus.Completed, null, Now.AddMinutes(2)));
        var read = await store.GetSearchAsync("tenant-a", search.Id);
        Assert.Equal(SearchStatus.Cancelled, read!.Status);
        Assert.Equal(Now.AddMinutes(1), read.CompletedAt);
    }

    [Fact]
    public async Task Businesses_that_share_any_key_are_one_business_and_merge_missing_fields()
    {
        var store = await CreateStoreAsync();
        var search = NewSearch();
        await store.CreateSearchAsync(search);
        var first = Business(search, "Najd Petrochemical Services", phone: "+966 11 555 0142", address: "King Fahd Road, Riyadh");
        var samePhone = Business(search, "Najd Petrochem", phone: "011 555 0142", website: "https://www.najd-petrochem.example", unit: "unit-2");
        var sameDomain = Business(search, "NPS", website: "http://najd-petrochem.example/about", unit: "unit-3");
        var other = Business(search, "Gulf Water Co", phone: "+966 12 555 0199");

        var result = await store.AddBusinessesAsync("tenant-a", search.Id, [first, samePhone, other]);
        Assert.Equal(new BusinessBatchResult(2, 1), result);
        Assert.Equal(new BusinessBatchResult(0, 1), await store.AddBusinessesAsync("tenant-a", search.Id, [sameDomain]));

        var stored = await store.GetBusinessesAsync("tenant-a", search.Id);
        Assert.Equal(["Najd Petrochemical Services", "Gulf Water Co"], stored.Select(b => b.Name));
        Assert.Equal("https://www.najd-petrochem.example", stored[0].Website);
        Assert.Equal("najd-petrochem.example", stored[0].Domain);
        Assert.Equal("unit-1", stored[0].DiscoveredBy);
        Assert.Single(await store.GetBusinessesAsync("tenant-a", search.Id, "unit-1"), b => b.Name == "Gulf Water Co");
        Assert.Empty(await store.GetBusinessesAsync("tenant-a", search.Id, "unit-2"));
    }

    [Fact]
    public async Task Two_places_of_one_company_stay_two_businesses_whichever_is_stored_first()
    {
        // Illustrative inputs (a reserved .example host): one company's two plants, each a place with its own id, sharing
        // the company's website and switchboard number; and a web listing of the company without a place id.
        var store = await CreateStoreAsync();
        IReadOnlyList<KeyedBusiness> Plants(LeadSearch search) =>
        [
            Business(search, "Riverbend Refining Inc.", phone: "+966 11 555 0142", website: "https://riverbend.example", placeId: "place-refinery", address: "Main St, Yanbu", unit: "unit-1"),
            Business(search, "Riverbend Power Generation", phone: "+966 11 555 0142", website: "https://www.riverbend.example/power", placeId: "place-power", address: "Harbor Rd, Yanbu", unit: "unit-2"),
        ];

        var inOrder = NewSearch();
        var reversed = NewSearch();
        await store.CreateSearchAsync(inOrder);
        await store.CreateSearchAsync(reversed);
        foreach (var plant in Plants(inOrder))
        {
            await store.AddBusinessesAsync("tenant-a", inOrder.Id, [plant]);
        }

        foreach (var plant in Plants(reversed).Reverse())
        {
            await store.AddBusinessesAsync("tenant-a", reversed.Id, [plant]);
        }

        static IEnumerable<string> Names(IReadOnlyList<Business> businesses) => businesses.Select(b => $"{b.Name} | {b.PlaceId} | {b.DiscoveredBy}").Order(StringComparer.Ordinal);
        var stored = await store.GetBusinessesAsync("tenant-a", inOrder.Id);
        Assert.Equal(2, stored.Count);
        Assert.Equal(Names(stored), Names(await store.GetBusinessesAsync("tenant-a", reversed.Id)));

        // A listing that is not a place of its own still merges into the business its website points to.
        var listing = Business(inOrder, "Riverbend", website: "https://riverbend.example/contact", unit: "unit-3");
        Assert.Equal(new BusinessBatchResult(0, 1), await store.AddBusinessesAsync("tenant-a", inOrder.Id, [listing]));
        Assert.Equal(2, (await store.GetBusinessesAsync("tenant-a", inOrder.Id)).Count);
    }

    [Fact]
    public async Task The_same_place_from_two_providers_merges_with_the_richer_fields_and_both_provenances()
    {
        // One restaurant as two guides list it (Fodors–Zagat benchmark pair 534/219: genuine records, formatted
        // differently); the provider labels and the missing fields are this test's, to stand for Serper /places and
        // Google Places rows of the same place.
        var store = await CreateStoreAsync();
        var search = NewSearch();
        await store.CreateSearchAsync(search);
        var serperKeys = BusinessKeys.For("arnie mortons of chicago", "435 s. la cienega blv., los angeles", "310/246-1501", null, null, "4718293", "US");
        var serper = new KeyedBusiness(Business(search, "x").Business with
        {
            Id = StableIds.For(search.Id, "business:" + BusinessKeys.IdentityKey(serperKeys, "arnie mortons of chicago")), Name = "arnie mortons of chicago", Country = "US",
            Address = "435 s. la cienega blv., los angeles", Phone = "310/246-1501", Cid = "4718293", Rating = 4.5, RatingCount = 12,
            Types = ["Steak house"], Provenance = new Provenance("serper", "places", "steakhouse los angeles", "US", 1),
        }, serperKeys);
        var googleKeys = BusinessKeys.For("arnie mortons of chicago", "435 s. la cienega blvd., los angeles, CA 90048, USA", "310-246-1501", "https://www.mortons.com", "ChIJ-morton", null, "US");
        var google = new KeyedBusiness(Business(search, "y").Business with
        {
            Id = StableIds.For(search.Id, "business:" + BusinessKeys.IdentityKey(googleKeys, "arnie mortons of chicago")), Name = "arnie mortons of chicago", Country = "US",
            Address = "435 s. la cienega blvd., los angeles, CA 90048, USA", Phone = "310-246-1501", Website = "https://www.mortons.com",
            Domain = "mortons.com", PlaceId = "ChIJ-morton", Rating = 4.6, RatingCount = 1400, Types = ["restaurant", "food"],
            Provenance = new Provenance("google_places", "places", "steakhouses in los angeles", "US", 1), DiscoveredBy = "unit-2",
        }, googleKeys);

        await store.AddBusinessesAsync("tenant-a", search.Id, [serper]);
        Assert.Equal(new BusinessBatchResult(0, 1), await store.AddBusinessesAsync("tenant-a", search.Id, [google]));

        var merged = Assert.Single(await store.GetBusinessesAsync("tenant-a", search.Id));
        Assert.Equal(serper.Business.Id, merged.Id);
        Assert.Equal("serper", merged.Provenance.Provider);
        Assert.Equal(["google_places"], merged.AlsoFoundBy.Select(p => p.Provider));
        Assert.Equal("435 s. la cienega blvd., los angeles, CA 90048, USA", merged.Address);
        Assert.Equal("https://www.mortons.com", merged.Website);
        Assert.Equal("ChIJ-morton", merged.PlaceId);
        Assert.Equal("4718293", merged.Cid);
        Assert.Equal((4.6, 1400), (merged.Rating, merged.RatingCount));
        Assert.Equal(["Steak house", "restaurant", "food"], merged.Types);

        // A different restaurant at the same switchboard number stays apart (Fodors–Zagat: two restaurants of one hotel).
        var sameHotel = Business(search, "ritz-carlton dining room (buckhead)", phone: "404/237-2700", address: "3434 peachtree rd. ne");
        var cafe = Business(search, "cafe  ritz-carlton  buckhead", phone: "404-237-2700", address: "3434 peachtree rd.");
        await store.AddBusinessesAsync("tenant-a", search.Id, [sameHotel, cafe]);
        Assert.Equal(3, (await store.GetBusinessesAsync("tenant-a", search.Id)).Count);
    }

    [Fact]
    public async Task Fits_types_and_provenances_are_saved()
    {
        var store = await CreateStoreAsync();
        var search = NewSearch();
        await store.CreateSearchAsync(search);
        var business = Business(search, "Najd Petrochemical", phone: "+966115550142");
        business = business with { Business = business.Business with { Types = ["chemical_plant", "establishment"] } };
        await store.AddBusinessesAsync("tenant-a", search.Id, [business]);
        var fit = new BusinessFit(0.2, "category 'fuel station' is not one of: petrochemical plant", FitMethod.Category, Excluded: true);
        await store.SetBusinessFitsAsync("tenant-a", search.Id, [(business.Business.Id, fit)]);
        var read = Assert.Single(await store.GetBusinessesAsync("tenant-a", search.Id));
        Assert.Equal(fit, read.Fit);
        Assert.True(read.Excluded);
        Assert.Equal(["chemical_plant", "establishment"], read.Types);
        Assert.Empty(read.AlsoFoundBy);
    }

    [Fact]
    public async Task Concurrent_batches_with_overlapping_businesses_store_each_once()
    {
        var store = await CreateStoreAsync();
        var search = NewSearch();
        await store.CreateSearchAsync(search);
        var batches = Enumerable.Range(0, 8).Select(b => Enumerable.Range(0, 30)
            .Select(i => Business(search, $"Company {(i + b * 5) % 60}", phone: $"+966 11 555 {((i + b * 5) % 60):0000}", unit: $"unit-{b}"))
            .ToList()).ToList();
        var results = await Task.WhenAll(batches.Select(batch => store.AddBusinessesAsync("tenant-a", search.Id, batch)));
        var stored = await store.GetBusinessesAsync("tenant-a", search.Id);
        Assert.Equal(stored.Count, results.Sum(r => r.Inserted));
        Assert.Equal(stored.Count, stored.Select(b => b.Phone).Distinct().Count());
        Assert.Equal(60, stored.Count);
    }

    [Fact]
    public async Task Persona_matches_and_enrichment_flags_are_saved()
    {
        var store = await CreateStoreAsync();
        var search = NewSearch();
        await store.CreateSearchAsync(search);
        var business = Business(search, "Najd Petrochemical", phone: "+966115550142");
        await store.AddBusinessesAsync("tenant-a", search.Id, [business]);
        var personaId = Guid.NewGuid();
        await store.SetBusinessMatchesAsync("tenant-a", search.Id, [(business.Business.Id, new PersonaMatch(personaId, 0.71, MatchMethod.Vector))]);
        await store.MarkDecisionMakersSearchedAsync("tenant-a", search.Id, [business.Business.Id]);
        var read = Assert.Single(await store.GetBusinessesByIdAsync("tenant-a", search.Id, [business.Business.Id, Guid.NewGuid()]));
        Assert.Equal(personaId, read.PersonaMatch!.PersonaId);
        Assert.Equal(0.71, read.PersonaMatch.Score, 6);
        Assert.True(read.DecisionMakersSearched);
        Assert.Equal("serper", read.Provenance.Provider);
    }

    [Fact]
    public async Task Personas_upsert_by_id_and_read_by_rank()
    {
        var store = await CreateStoreAsync();
        var search = NewSearch();
        await store.CreateSearchAsync(search);
        BusinessPersona P(int rank, string title) => new()
        {
            Id = StableIds.For(search.Id, $"business-persona:{rank}"),
            SearchId = search.Id,
            Rank = rank,
            Title = title,
            SearchPhrases = ["petrochemical plant"],
            Demographics = new BusinessDemographics { Industry = "Petrochemicals" },
        };
        await store.SaveBusinessPersonasAsync("tenant-a", search.Id, [P(2, "Second"), P(1, "First")]);
        await store.SaveBusinessPersonasAsync("tenant-a", search.Id, [P(2, "Second, revised")]);
        var read = await store.GetBusinessPersonasAsync("tenant-a", search.Id);
        Assert.Equal(["First", "Second, revised"], read.Select(p => p.Title));
        Assert.Equal(["petrochemical plant"], read[0].SearchPhrases);
        Assert.Equal("Petrochemicals", read[0].Demographics.Industry);
        Assert.True(read[0].MarketPotential.IsEstimate);

        var dm = new DecisionMakerPersona { Id = Guid.NewGuid(), SearchId = search.Id, Rank = 1, Title = "Head of Procurement", JobTitles = ["Procurement Manager"] };
        await store.SaveDecisionMakerPersonasAsync("tenant-a", search.Id, [dm]);
        Assert.Equal(["Procurement Manager"], Assert.Single(await store.GetDecisionMakerPersonasAsync("tenant-a", search.Id)).JobTitles);
    }

    [Fact]
    public async Task Decision_makers_are_unique_by_profile_url()
    {
        var store = await CreateStoreAsync();
        var search = NewSearch();
        await store.CreateSearchAsync(search);
        var business = Guid.NewGuid();
        var added = await store.AddDecisionMakersAsync("tenant-a", search.Id,
        [
            Person(search, business, "https://www.linkedin.com/in/sam-example-1a2b"),
            Person(search, business, "https://sa.linkedin.com/in/Sam-Example-1a2b/?trk=x"),
            Person(search, business, "https://www.linkedin.com/in/lee-example-9f9f", "Lee Example"),
        ]);
        Assert.Equal(2, added);
        Assert.Equal(0, await store.AddDecisionMakersAsync("tenant-a", search.Id, [Person(search, business, "https://www.linkedin.com/in/lee-example-9f9f/")]));
        var people = await store.GetDecisionMakersAsync("tenant-a", search.Id);
        Assert.Equal(2, people.Count);
        Assert.Equal("https://www.linkedin.com/in/sam-example-1a2b", people.Single(p => p.Name == "Sam Example").LinkedInUrl);
    }

    [Fact]
    public async Task Results_after_a_cursor_are_only_what_is_new_and_scoped_by_tenant()
    {
        var store = await CreateStoreAsync();
        var search = NewSearch();
        await store.CreateSearchAsync(search);
        var start = await store.GetResultsAfterAsync("tenant-a", search.Id, ResultsCursor.Start);
        Assert.True(start.IsEmpty);
        Assert.Equal(ResultsCursor.Start, start.Next);

        var persona = new BusinessPersona { Id = Guid.NewGuid(), SearchId = search.Id, Rank = 1, Title = "Refineries", SearchPhrases = ["refinery"], Demographics = new BusinessDemographics { Industry = "Petrochemicals" } };
        await store.SaveBusinessPersonasAsync("tenant-a", search.Id, [persona]);
        var najd = Business(search, "Najd Petrochemical", phone: "+966 11 000 0001");
        await store.AddBusinessesAsync("tenant-a", search.Id, [najd, Business(search, "Gulf Cooling Towers", phone: "+966 11 000 0002")]);
        var first = await store.GetResultsAfterAsync("tenant-a", search.Id, ResultsCursor.Start);
        Assert.Equal(["Refineries"], first.BusinessPersonas.Select(p => p.Title));
        Assert.Equal(["Najd Petrochemical", "Gulf Cooling Towers"], first.Businesses.Select(b => b.Name));
        Assert.Equal(new ResultsCursor(1, 0, 2, 0, false), first.Next);

        // A duplicate merges into a business already seen: nothing new. New rows come after the cursor, in stored order.
        await store.AddBusinessesAsync("tenant-a", search.Id, [Business(search, "Najd Petrochemical", phone: "+966 11 000 0001", website: "https://najd.example")]);
        Assert.True((await store.GetResultsAfterAsync("tenant-a", search.Id, first.Next)).IsEmpty);
        await store.AddBusinessesAsync("tenant-a", search.Id, [Business(search, "Eastern Water Works", phone: "+966 11 000 0003")]);
        await store.AddDecisionMakersAsync("tenant-a", search.Id, [Person(search, najd.Business.Id, "https://www.linkedin.com/in/sam-example-1a2b")]);
        await store.SaveMarketReportAsync("tenant-a", new MarketReport { SearchId = search.Id, Evidence = EvidenceLevel.Insufficient, Summary = "Not enough evidence.", GeneratedAt = Now });
        var second = await store.GetResultsAfterAsync("tenant-a", search.Id, first.Next);
        Assert.Empty(second.BusinessPersonas);
        Assert.Equal(["Eastern Water Works"], second.Businesses.Select(b => b.Name));
        Assert.Equal(["Sam Example"], second.DecisionMakers.Select(d => d.Name));
        Assert.NotNull(second.Market);
        Assert.Equal(new ResultsCursor(1, 0, 3, 1, true), second.Next);
        Assert.True((await store.GetResultsAfterAsync("tenant-a", search.Id, second.Next)).IsEmpty);

        Assert.True((await store.GetResultsAfterAsync("tenant-b", search.Id, ResultsCursor.Start)).IsEmpty);
    }

    [Fact]
    public async Task Market_report_round_trips_with_its_sources()
    {
        var store = await CreateStoreAsync();
        var search = NewSearch();
        await store.CreateSearchAsync(search);
        var report = new MarketReport
        {
            SearchId = search.Id,
            Evidence = EvidenceLevel.Grounded,
            Summary = "Summary.",
            Tam = new MarketSize { ValueUsd = 4_200_000_000m, Display = "USD 4.2 billion", Method = "Top-down", SourceUrls = ["https://a.example/r"] },
            Trends = [new MarketTrend { Statement = "Growing", Confidence = TrendConfidence.High, HorizonYears = 5, SourceUrls = ["https://a.example/r"] }],
            Sources = [new MarketSource("Report", "https://a.example/r", "snippet", "q", "serper")],
            GeneratedAt = Now,
        };
        await store.SaveMarketReportAsync("tenant-a", report);
        var read = await store.GetMarketReportAsync("tenant-a", search.Id);
        Assert.NotNull(read);
        Assert.Equal(4_200_000_000m, read!.Tam!.ValueUsd);
        Assert.Equal(TrendConfidence.High, Assert.Single(read.Trends).Confidence);
        Assert.Equal("https://a.example/r", Assert.Single(read.Sources).Url);
    }

    [Fact]
    public async Task Warnings_are_unique_per_code_and_subject()
    {
        var store = await CreateStoreAsync();
        var search = NewSearch();
        await store.CreateSearchAsync(search);
        await store.AddWarningAsync("tenant-a", search.Id, new SearchWarning("fallback_used", "one", "places:serper", Now));
        await store.AddWarningAsync("tenant-a", search.Id, new SearchWarning("fallback_used", "again", "places:serper", Now));
        await store.AddWarningAsync("tenant-a", search.Id, new SearchWarning("fallback_used", "other", "chat:openai", Now));
        Assert.Equal(["one", "other"], (await store.GetWarningsAsync("tenant-a", search.Id)).Select(w => w.Message));
    }

    [Fact]
    public async Task Counts_reflect_what_was_stored()
    {
        var store = await CreateStoreAsync();
        var search = NewSearch();
        await store.CreateSearchAsync(search);
        await store.AddBusinessesAsync("tenant-a", search.Id, [Business(search, "A Co", phone: "+966115550001"), Business(search, "B Co", phone: "+966115550002")]);
        Assert.Equal(new SearchCounts(0, 0, 2, 0, false), await store.GetCountsAsync("tenant-a", search.Id));
    }

    [Fact]
    public async Task Lead_annotations_are_set_per_lead_replaced_and_read_in_one_call()
    {
        var store = await CreateStoreAsync();
        var search = NewSearch();
        await store.CreateSearchAsync(search);
        var business = Business(search, "Najd Petrochemical", phone: "+966115550142");
        var other = Business(search, "Gulf Water Co", phone: "+966125550199");
        await store.AddBusinessesAsync("tenant-a", search.Id, [business, other]);
        var person = Person(search, business.Business.Id, "https://www.linkedin.com/in/sam-example");
        await store.AddDecisionMakersAsync("tenant-a", search.Id, [person]);
        Assert.Empty(await store.GetAnnotationsAsync("tenant-a", search.Id));

        Assert.True(await store.SetAnnotationAsync("tenant-a", search.Id, new LeadAnnotation(business.Business.Id, LeadStatus.Contacted, "Called the switchboard; «call back» Tuesday.", Now)));
        Assert.True(await store.SetAnnotationAsync("tenant-a", search.Id, new LeadAnnotation(person.Id, LeadStatus.Qualified, null, Now)));
        Assert.True(await store.SetAnnotationAsync("tenant-a", search.Id, new LeadAnnotation(business.Business.Id, LeadStatus.Rejected, "Wrong segment.", Now.AddMinutes(5))));

        var read = (await store.GetAnnotationsAsync("tenant-a", search.Id)).ToDictionary(a => a.LeadId);
        Assert.Equal(2, read.Count);
        Assert.Equal(new LeadAnnotation(business.Business.Id, LeadStatus.Rejected, "Wrong segment.", Now.AddMinutes(5)), read[business.Business.Id]);
        Assert.Equal(new LeadAnnotation(person.Id, LeadStatus.Qualified, null, Now), read[person.Id]);

        // The full note length is kept; one character more is refused before anything is stored.
        var longest = new string('n', LeadAnnotation.MaxNoteLength);
        Assert.True(await store.SetAnnotationAsync("tenant-a", search.Id, new LeadAnnotation(other.Business.Id, LeadStatus.New, longest, Now)));
        Assert.Equal(longest, (await store.GetAnnotationsAsync("tenant-a", search.Id)).Single(a => a.LeadId == other.Business.Id).Note);
        var tooLong = await Assert.ThrowsAsync<ArgumentException>(() => store.SetAnnotationAsync("tenant-a", search.Id, new LeadAnnotation(other.Business.Id, LeadStatus.New, longest + "n", Now)));
        Assert.Contains("2000", tooLong.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(() => store.SetAnnotationAsync("tenant-a", search.Id, new LeadAnnotation(other.Business.Id, (LeadStatus)42, null, Now)));
        Assert.Equal(longest, (await store.GetAnnotationsAsync("tenant-a", search.Id)).Single(a => a.LeadId == other.Business.Id).Note);
    }

    [Fact]
    public async Task Lead_annotations_need_a_lead_of_the_tenants_search()
    {
        var store = await CreateStoreAsync();
        var search = NewSearch("tenant-a");
        var second = NewSearch("tenant-a");
        await store.CreateSearchAsync(search);
        await store.CreateSearchAsync(second);
        var business = Business(search, "Najd Petrochemical", phone: "+966115550142");
        await store.AddBusinessesAsync("tenant-a", search.Id, [business]);
        var annotation = new LeadAnnotation(business.Business.Id, LeadStatus.Qualified, "Good fit.", Now);

        Assert.False(await store.SetAnnotationAsync("tenant-b", search.Id, annotation));
        Assert.False(await store.SetAnnotationAsync("tenant-a", second.Id, annotation));
        Assert.False(await store.SetAnnotationAsync("tenant-a", search.Id, annotation with { LeadId = Guid.NewGuid() }));
        Assert.False(await store.SetAnnotationAsync("tenant-a", Guid.NewGuid(), annotation));
        Assert.Empty(await store.GetAnnotationsAsync("tenant-a", search.Id));
        Assert.Empty(await store.GetAnnotationsAsync("tenant-a", second.Id));

        Assert.True(await store.SetAnnotationAsync("tenant-a", search.Id, annotation));
        Assert.Single(await store.GetAnnotationsAsync("tenant-a", search.Id));
        Assert.Empty(await store.GetAnnotationsAsync("tenant-b", search.Id));
    }

    [Fact]
    public async Task Every_read_path_is_scoped_by_tenant()
    {
        var store = await CreateStoreAsync();
        var search = NewSearch("tenant-a");
        await store.CreateSearchAsync(search);
        var business = Business(search, "Najd Petrochemical", phone: "+966115550142");
        await store.AddBusinessesAsync("tenant-a", search.Id, [business]);
        await store.AddDecisionMakersAsync("tenant-a", search.Id, [Person(search, business.Business.Id, "https://www.linkedin.com/in/sam-example")]);
        await store.SaveBusinessPersonasAsync("tenant-a", search.Id, [new BusinessPersona { Id = Guid.NewGuid(), SearchId = search.Id, Rank = 1, Title = "P" }]);
        await store.SaveDecisionMakerPersonasAsync("tenant-a", search.Id, [new DecisionMakerPersona { Id = Guid.NewGuid(), SearchId = search.Id, Rank = 1, Title = "D" }]);
        await store.SaveMarketReportAsync("tenant-a", new MarketReport { SearchId = search.Id, Evidence = EvidenceLevel.Insufficient, Summary = "none" });
        await store.AddWarningAsync("tenant-a", search.Id, new SearchWarning("w", "m", "s", Now));

        const string intruder = "tenant-b";
        Assert.Null(await store.GetSearchAsync(intruder, search.Id));
        Assert.DoesNotContain(await store.ListSearchesAsync(intruder, 0, 100), s => s.Id == search.Id);
        Assert.Empty(await store.GetBusinessPersonasAsync(intruder, search.Id));
        Assert.Empty(await store.GetDecisionMakerPersonasAsync(intruder, search.Id));
        Assert.Empty(await store.GetBusinessesAsync(intruder, search.Id));
        Assert.Empty(await store.GetBusinessesByIdAsync(intruder, search.Id, [business.Business.Id]));
        Assert.Empty(await store.GetDecisionMakersAsync(intruder, search.Id));
        Assert.Null(await store.GetMarketReportAsync(intruder, search.Id));
        Assert.Empty(await store.GetWarningsAsync(intruder, search.Id));
        Assert.Equal(SearchCounts.Empty, await store.GetCountsAsync(intruder, search.Id));
        Assert.False(await store.SetSearchStatusAsync(intruder, search.Id, SearchStatus.Cancelled, null, Now));
        Assert.Equal(new BusinessBatchResult(0, 0), await store.AddBusinessesAsync(intruder, search.Id, [Business(search, "Other", phone: "+966115559999")]));
        Assert.Single(await store.GetBusinessesAsync("tenant-a", search.Id));
    }
}
