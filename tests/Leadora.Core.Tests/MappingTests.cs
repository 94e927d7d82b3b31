using Leadora.DecisionMakers;
using Leadora.Embeddings;
using Leadora.Matching;
using Leadora.Ports;

namespace Leadora.Core.Tests;

public sealed class MappingTests
{
    private static readonly Guid A = Guid.Parse("00000000-0000-0000-0000-00000000000a");
    private static readonly Guid B = Guid.Parse("00000000-0000-0000-0000-00000000000b");

    [Fact]
    public void Cosine_is_a_real_cosine_in_minus_one_to_one()
    {
        Assert.Equal(1, VectorMath.Cosine([1, 2, 3], [2, 4, 6]), 6);
        Assert.Equal(-1, VectorMath.Cosine([1, 0], [-3, 0]), 6);
        Assert.Equal(0, VectorMath.Cosine([1, 0], [0, 5]), 6);
        Assert.Equal(0, VectorMath.Cosine([0, 0], [1, 1]), 6);
        Assert.Equal(1 / Math.Sqrt(2), VectorMath.Cosine([1, 0], [1, 1]), 6);
        Assert.Throws<ArgumentException>(() => VectorMath.Cosine([1, 0], [1, 0, 0]));
    }

    [Fact]
    public void Top_k_orders_best_first_and_breaks_ties_by_id()
    {
        var candidates = new List<(Guid, ReadOnlyMemory<float>)> { (B, new float[] { 1, 0 }), (A, new float[] { 1, 0 }), (Guid.NewGuid(), new float[] { 0, 1 }) };
        var top = VectorMath.TopK([1, 0], candidates, 2);
        Assert.Equal([A, B], top.Select(t => t.Id));
        Assert.Equal(3, VectorMath.TopK([1, 0], candidates, 10).Count);
        Assert.Empty(VectorMath.TopK([1, 0], candidates, 0));
    }

    [Theory]
    [InlineData(0.81, 0.79, true)]
    [InlineData(0.81, 0.7801, true)]
    [InlineData(0.81, 0.7799, false)]
    [InlineData(0.81, 0.5, false)]
    public void The_llm_decides_only_when_the_top_two_are_within_epsilon(double best, double second, bool needsTieBreak)
    {
        var decision = PersonaMatching.Top2([new VectorMatch(A, best), new VectorMatch(B, second)], 0.03);
        Assert.NotNull(decision);
        Assert.Equal(needsTieBreak, decision!.NeedsTieBreak);
        Assert.Equal(A, decision.Best.Id);
    }

    [Fact]
    public void A_single_persona_needs_no_tie_break_and_none_gives_no_match()
    {
        Assert.False(PersonaMatching.Top2([new VectorMatch(A, 0.4)], 0.03)!.NeedsTieBreak);
        Assert.Null(PersonaMatching.Top2([], 0.03));
        Assert.Null(PersonaMatching.Best([]));
    }

    [Fact]
    public void The_chosen_persona_keeps_its_own_cosine_score()
    {
        var decision = PersonaMatching.Top2([new VectorMatch(A, 0.81), new VectorMatch(B, 0.80)], 0.03)!;
        var runnerUpChosen = PersonaMatching.Resolve(decision, B);
        Assert.Equal(new PersonaMatch(B, 0.80, MatchMethod.LlmRefined, A, 0.81), runnerUpChosen);
        var bestChosen = PersonaMatching.Resolve(decision, A);
        Assert.Equal(new PersonaMatch(A, 0.81, MatchMethod.LlmRefined, B, 0.80), bestChosen);
        var vector = PersonaMatching.Resolve(PersonaMatching.Top2([new VectorMatch(A, 0.9), new VectorMatch(B, 0.2)], 0.03)!, null);
        Assert.Equal(MatchMethod.Vector, vector.Method);
    }

    [Fact]
    public async Task The_hashing_embedder_is_deterministic_normalized_and_puts_related_texts_closer()
    {
        var embedder = new HashingEmbeddingGenerator(256);
        var first = (await embedder.GenerateAsync(["Head of Procurement"]))[0].Vector.ToArray();
        var again = (await new HashingEmbeddingGenerator(256).GenerateAsync(["Head of Procurement"]))[0].Vector.ToArray();
        Assert.Equal(first, again);
        Assert.Equal(1, System.Numerics.Tensors.TensorPrimitives.Norm(first), 4);

        float[] Vec(string text)
        {
            var v = new float[256];
            HashingEmbeddingGenerator.Embed(text, v);
            return v;
        }

        var procurement = Vec("Procurement Manager at Najd Petrochemical");
        Assert.True(VectorMath.Cosine(procurement, Vec("Head of Procurement. Procurement Manager, Purchasing")) >
                    VectorMath.Cosine(procurement, Vec("Plant Manager. Operations, Maintenance")));
    }

    [Theory]
    [InlineData("Sam Example - Head of Procurement - Najd Petrochemical | LinkedIn", null, "Sam Example", "Head of Procurement", "Najd Petrochemical")]
    [InlineData("Sam Example – Senior Plant Manager – Najd Petrochemical Services LLC | LinkedIn", null, "Sam Example", "Senior Plant Manager", "Najd Petrochemical Services LLC")]
    [InlineData("Sam Example - Procurement Manager at Najd Petrochemical | LinkedIn", null, "Sam Example", "Procurement Manager", "Najd Petrochemical")]
    [InlineData("Sam Example - Najd Petrochemical | LinkedIn", "Location: Riyadh · Procurement Manager at Najd Petrochemical · 500+ connections", "Sam Example", "Procurement Manager", "Najd Petrochemical")]
    public void LinkedIn_results_parse_into_name_title_and_company(string title, string? snippet, string name, string jobTitle, string company)
    {
        Assert.True(LinkedInProfiles.TryParse(new WebResult(title, "https://sa.linkedin.com/in/sam-example-1a2b", snippet, 1), out var profile));
        Assert.Equal((name, jobTitle, company), (profile.Name, profile.Title, profile.Company));
    }

    [Theory]
    [InlineData("Najd Petrochemical | LinkedIn", "https://www.linkedin.com/company/najd")]
    [InlineData("Sam Example - Head of Procurement - Najd | LinkedIn", "https://www.linkedin.com/posts/sam_123")]
    [InlineData("Sam Example - Head of Procurement - Najd | LinkedIn", "https://linkedin.evil.example/in/sam")]
    [InlineData("Sam Example | LinkedIn", "https://www.linkedin.com/in/sam")]
    [InlineData("Top 10 procurement managers 2026 - Najd | LinkedIn", "https://www.linkedin.com/in/top10")]
    public void Non_profiles_and_incomplete_results_are_rejected(string title, string url) =>
        Assert.False(LinkedInProfiles.TryParse(new WebResult(title, url, null, 1), out _));

    // Shapes copied from genuine search-engine results (eval/linkedin/results.jsonl holds them with their sources).
    [Theory]
    [InlineData("Federico Agustín Carbia - Ingeniero de Proyectos - GRUNDFOS ...", "https://ar.linkedin.com/in/federico-agust%C3%ADn-carbia-b9a41263", null, "Federico Agustín Carbia", "Ingeniero de Proyectos", "GRUNDFOS", true)]
    [InlineData("Hallo undefined – Koch – Müller Holding GmbH & Co. KG | LinkedIn", "https://de.linkedin.com/in/hallo-undefined-9a8401261", null, "Hallo undefined", "Koch", "Müller Holding GmbH & Co. KG", false)]
    [InlineData("Alessandro Lezzi - Group Head of Cyber Risks at Beazley", "https://uk.linkedin.com/in/alessandro-lezzi-75015117", "Group Head of Cyber Risks at Beazley · Experience: Beazley · Location: London · 500+ connections on LinkedIn.", "Alessandro Lezzi", "Group Head of Cyber Risks", "Beazley", false)]
    [InlineData("Anne Wojcicki - 23andMe | LinkedIn", "https://www.linkedin.com/in/annewojcicki", "Experience: 23andMe · Location: Mountain View · 500+ connections on LinkedIn.", "Anne Wojcicki", null, "23andMe", false)]
    [InlineData("(Dr) Michael Meighu - Vice President Artificial Intelligence", "https://www.linkedin.com/in/michaelmeighu", null, "Michael Meighu", "Vice President Artificial Intelligence", null, false)]
    [InlineData("Ed Wojcicki - Retired... but Consulting and Writing - Retired | LinkedIn", "https://www.linkedin.com/in/ed-wojcicki-bb02abb", null, "Ed Wojcicki", "Retired... but Consulting and Writing", "Retired", false)]
    [InlineData("Vikas Singh - Founder | AI Product Builder", "https://ae.linkedin.com/in/vikas-singh-bril", "Vikas Singh. Founder | AI Product Builder | Shipped 80+ Agents/Apps. Brilworks Software ...", "Vikas Singh", "Founder | AI Product Builder", "Brilworks Software", true)]
    public void Real_result_shapes_give_name_title_and_company(string title, string url, string? snippet, string name, string? jobTitle, string? company, bool companyCut)
    {
        var fields = LinkedInProfiles.Read(new WebResult(title, url, snippet, 1));
        Assert.NotNull(fields);
        Assert.Equal((name, jobTitle, company, companyCut), (fields.Name, fields.Title, fields.Company, fields.CompanyTruncated));
    }

    [Fact]
    public void Other_people_named_in_a_snippet_are_not_the_profile_owner()
    {
        // The snippet lists Francisco Carbia, "COO at Directo Telecom"; the profile is Benito's, at "Directo ..." (cut short).
        var fields = LinkedInProfiles.Read(new WebResult(
            "Benito Pacheco Vergara - LIDER DE INFRAESTRUCTURA - Directo ...",
            "https://mx.linkedin.com/in/benito-pacheco-vergara-4b3b7b2a",
            "Francisco Carbia. COO at Directo Telecom. Ecatepec de Morelos, MEX ... Yair Martìnez Esquivel. Ingeniero Tier1 de NOC en Bestel.",
            1));
        Assert.Equal(("LIDER DE INFRAESTRUCTURA", "Directo", true), (fields!.Title, fields.Company, fields.CompanyTruncated));
        Assert.Equal(IdentityDecision.Uncertain, CompanyIdentity.Decide(fields.Company, fields.CompanyTruncated, fields.Location, "Directo Telecom", null));
    }

    [Theory]
    [InlineData("Yair Yaish - New York, New York, United States | Professional ...", "https://www.linkedin.com/in/yair-yaish-a221a11a")]
    [InlineData("Hallo undefined - University - İstanbul, Türkiye | LinkedIn", "https://tr.linkedin.com/in/hallo-undefined-33260425a")]
    public void A_location_or_a_school_is_not_a_company(string title, string url)
    {
        var fields = LinkedInProfiles.Read(new WebResult(title, url, null, 1));
        Assert.NotNull(fields);
        Assert.Null(fields.Company);
        Assert.Null(fields.Title);
        Assert.NotNull(fields.Location);
    }

    [Theory]
    [InlineData("400+ \"Carbia\" profiles | LinkedIn", "https://www.linkedin.com/pub/dir/+/Carbia")]
    [InlineData("Lukasz Szpruch's Post", "https://www.linkedin.com/posts/lukasz-szpruch-4604bb88_what-is-ai-insurance-and-how-is-it-related-activity-7434963439988600833-A6Z9")]
    [InlineData("Brilworks Software", "https://in.linkedin.com/company/brilworks")]
    [InlineData("Vikas Singh", "https://www.brilworks.com/blog/author/vikas-singh/")]
    public void Directories_posts_company_pages_and_other_sites_are_not_people(string title, string url) =>
        Assert.Null(LinkedInProfiles.Read(new WebResult(title, url, null, 1)));

    [Theory]
    [InlineData("Beazley", null, "Beazley plc", null, IdentityDecision.Match)]
    [InlineData("Müller Holding GmbH & Co. KG", null, "MULLER HOLDING", null, IdentityDecision.Match)]
    [InlineData("Beazley", null, "Beazley Logistics", null, IdentityDecision.NoMatch)]
    [InlineData("Crédit Agricole CIB", null, "Crédit Agricole Assurances", null, IdentityDecision.NoMatch)]
    [InlineData("Indian Institute of Technology, Bombay", "Mumbai", "Indian Institute of Technology Delhi", "Delhi", IdentityDecision.NoMatch)]
    [InlineData("Beazley", "London", "Beazley London", "London", IdentityDecision.Match)]
    [InlineData("Beazley", "London", "Beazley Dubai", "Dubai", IdentityDecision.NoMatch)]
    [InlineData("Beazley", null, "Beazley Dubai", "Dubai", IdentityDecision.Uncertain)]
    [InlineData("Whatfix", "Mumbai", "23andMe", null, IdentityDecision.NoMatch)]
    public void Identity_tells_the_business_from_lookalikes(string company, string? location, string business, string? city, IdentityDecision expected) =>
        Assert.Equal(expected, CompanyIdentity.Decide(company, false, location, business, city));

    [Theory]
    [InlineData("Najd Petrochemical", "Najd Petrochemical Services LLC", true)]
    [InlineData("NAJD PETROCHEMICAL SERVICES", "Najd Petrochemical Services", true)]
    [InlineData("Gulf Water Co", "Najd Petrochemical Services", false)]
    [InlineData("Services", "Najd Petrochemical Services", false)]
    [InlineData("Al Noor Water Treatment", "Al Noor Water Treatment Est.", true)]
    public void Companies_match_only_the_business_searched(string profileCompany, string business, bool expected) =>
        Assert.Equal(expected, CompanyNames.Match(profileCompany, business));

    [Theory]
    [InlineData("Senior Head of Procurement", true)]
    [InlineData("Purchasing Manager", true)]
    [InlineData("Head of Water Treatment Operations", true)]
    [InlineData("General Manager", true)]
    [InlineData("CEO", true)]
    [InlineData("Software Engineer", false)]
    [InlineData("Marketing Coordinator", false)]
    [InlineData("Executive Assistant", false)]
    [InlineData("Assistant Procurement Manager", true)]
    [InlineData("", false)]
    public void Only_titles_that_fit_the_wanted_roles_are_kept(string title, bool fits) =>
        Assert.Equal(fits, JobTitles.Fit(title, ["Procurement Manager", "Purchasing Manager", "Utilities Manager", "Water Treatment Manager", "Operations Director"]));

    [Fact]
    public void Profile_searches_ask_for_every_persona_s_titles()
    {
        DecisionMakerPersona P(int rank, params string[] titles) => new() { Id = Guid.NewGuid(), SearchId = Guid.Empty, Rank = rank, Title = titles[0], JobTitles = titles };
        var titles = Leadora.Pipeline.Stages.DecisionMakersStage.QueryTitles(
            [P(1, "Procurement Manager", "Head of Procurement", "Purchasing Manager", "Buyer"), P(2, "Utilities Manager", "Water Treatment Manager"), P(3, "Operations Director")], 6);
        Assert.Equal(["Procurement Manager", "Utilities Manager", "Operations Director", "Head of Procurement", "Water Treatment Manager", "Purchasing Manager"], titles);
    }

    [Fact]
    public void Profile_urls_normalize_to_one_key()
    {
        Assert.Equal(ProfileUrls.Normalize("https://www.linkedin.com/in/Sam-Example/"), ProfileUrls.Normalize("https://sa.linkedin.com/in/sam-example?trk=abc"));
    }
}
