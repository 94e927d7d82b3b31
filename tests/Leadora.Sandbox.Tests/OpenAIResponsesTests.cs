using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Leadora.Sandbox.Tests;

public sealed class OpenAIResponsesTests : IClassFixture<SandboxTestHost>
{
    private readonly SandboxTestHost _host;

    public OpenAIResponsesTests(SandboxTestHost host) => _host = host;

    [Fact]
    public async Task Reasoning_model_returns_reasoning_then_message_with_schema_valid_json()
    {
        using var response = await _host.OpenAIAsync("responses", Prompts.Responses("gpt-5", "business_personas", Schemas.BusinessPersonas, Prompts.CustomerRequest));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("synthetic", response.Headers.GetValues("X-Leadora-Sandbox").Single());
        var body = await SandboxTestHost.JsonAsync(response);
        Assert.StartsWith("resp_", body["id"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("response", body["object"]!.GetValue<string>());
        Assert.Equal("completed", body["status"]!.GetValue<string>());
        Assert.Equal("gpt-5", body["model"]!.GetValue<string>());
        var output = body["output"]!.AsArray();
        Assert.Equal("reasoning", output[0]!["type"]!.GetValue<string>());
        Assert.StartsWith("rs_", output[0]!["id"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("message", output[1]!["type"]!.GetValue<string>());
        Assert.StartsWith("msg_", output[1]!["id"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("output_text", output[1]!["content"]![0]!["type"]!.GetValue<string>());

        var usage = body["usage"]!;
        Assert.True(usage["input_tokens"]!.GetValue<int>() > 50);
        Assert.True(usage["output_tokens_details"]!["reasoning_tokens"]!.GetValue<int>() > 0);
        Assert.Equal(usage["input_tokens"]!.GetValue<int>() + usage["output_tokens"]!.GetValue<int>(), usage["total_tokens"]!.GetValue<int>());
        Assert.True(body["sandbox"]!["synthetic"]!.GetValue<bool>());

        var text = Prompts.OutputText(body);
        await SchemaValidation.AssertValidAsync(Schemas.BusinessPersonas, text);
        Assert.DoesNotContain("sandbox", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Non_reasoning_model_has_no_reasoning_item_and_accepts_temperature()
    {
        var request = Prompts.Responses("gpt-4o-mini", "decision_maker_personas", Schemas.DecisionMakerPersonas, Prompts.CustomerRequest);
        request["temperature"] = 0.2;

        using var response = await _host.OpenAIAsync("responses", request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await SandboxTestHost.JsonAsync(response);
        Assert.Single(body["output"]!.AsArray());
        Assert.Equal(0, body["usage"]!["output_tokens_details"]!["reasoning_tokens"]!.GetValue<int>());
    }

    [Fact]
    public async Task Business_personas_follow_the_request_and_their_phrases_find_businesses()
    {
        using var response = await _host.OpenAIAsync("responses", Prompts.Responses("gpt-5", "business_personas", Schemas.BusinessPersonas, Prompts.CustomerRequest));
        var personas = JsonNode.Parse(Prompts.OutputText(await SandboxTestHost.JsonAsync(response)))!["personas"]!.AsArray();

        Assert.Equal(4, personas.Count);
        Assert.Contains(personas, p => p!["demographics"]!["industry"]!.GetValue<string>() == "Petrochemicals");
        Assert.Contains(personas, p => p!["demographics"]!["industry"]!.GetValue<string>() == "Power generation");
        Assert.Equal(personas.Count, personas.Select(p => p!["title"]!.GetValue<string>()).Distinct().Count());
        foreach (var persona in personas)
        {
            var rate = persona!["marketPotential"]!["estimatedConversionRate"]!.GetValue<double>();
            Assert.InRange(rate, 0, 1);
            foreach (var phrase in persona["searchPhrases"]!.AsArray().Select(p => p!.GetValue<string>()))
            {
                var places = await _host.SerperJsonAsync("places", new JsonObject { ["q"] = $"{phrase} in Saudi Arabia", ["gl"] = "sa" });
                Assert.NotEmpty(places["places"]!.AsArray());
            }
        }
    }

    [Fact]
    public async Task Decision_maker_personas_are_buyer_roles_for_customers_and_sales_roles_for_suppliers()
    {
        using var customer = await _host.OpenAIAsync("responses", Prompts.Responses("gpt-5", "decision_maker_personas", Schemas.DecisionMakerPersonas, Prompts.CustomerRequest + "\nBusiness personas: Large petrochemical producers (SA, AE)"));
        using var supplier = await _host.OpenAIAsync("responses", Prompts.Responses("gpt-5", "decision_maker_personas", Schemas.DecisionMakerPersonas, Prompts.SupplierRequest));

        var customerTitles = Titles(await SandboxTestHost.JsonAsync(customer));
        var supplierTitles = Titles(await SandboxTestHost.JsonAsync(supplier));
        Assert.Contains("Procurement Manager", customerTitles);
        Assert.Contains(supplierTitles, t => t.Contains("Sales", StringComparison.Ordinal) || t.Contains("Business Development", StringComparison.Ordinal));
        Assert.DoesNotContain(supplierTitles, t => t.Contains("Procurement", StringComparison.Ordinal));

        static List<string> Titles(JsonObject body) =>
            JsonNode.Parse(Prompts.OutputText(body))!["personas"]!.AsArray().Select(p => p!["title"]!.GetValue<string>()).ToList();
    }

    [Fact]
    public async Task Market_analysis_cites_only_retrieved_urls_and_takes_figures_from_snippets()
    {
        var search = await _host.SerperJsonAsync("search", new JsonObject { ["q"] = "industrial water treatment chemicals market size Saudi Arabia", ["gl"] = "sa" });
        var organic = search["organic"]!.AsArray();
        var urls = organic.Select(o => o!["link"]!.GetValue<string>()).ToList();
        var sources = string.Join("\n", organic.Select((o, i) => $"[{i + 1}] {o!["link"]} | {o["title"]}\n{o["snippet"]}"));
        var schema = Schemas.Market(urls);

        using var response = await _host.OpenAIAsync("responses", Prompts.Responses("gpt-5", "market_analysis", schema, Prompts.CustomerRequest + "\nSources:\n" + sources));
        var text = Prompts.OutputText(await SandboxTestHost.JsonAsync(response));
        await SchemaValidation.AssertValidAsync(schema, text);

        var report = JsonNode.Parse(text)!;
        Assert.Equal("grounded", report["evidence"]!.GetValue<string>());
        var tam = report["tam"]!;
        var tamValue = tam["valueUsd"]!.GetValue<double>();
        var reported = organic.Select(o => o!["snippet"]!.GetValue<string>())
            .Select(s => System.Text.RegularExpressions.Regex.Match(s, @"valued at USD (\d+(?:\.\d+)?) (billion|million)"))
            .Where(m => m.Success)
            .Select(m => double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) * (m.Groups[2].Value == "billion" ? 1e9 : 1e6))
            .ToList();
        Assert.Contains(tamValue, reported);
        Assert.All(tam["sourceUrls"]!.AsArray(), u => Assert.Contains(u!.GetValue<string>(), urls));
    }

    [Fact]
    public async Task Market_analysis_without_sources_says_so_instead_of_inventing()
    {
        var schema = Schemas.Market([]);
        using var response = await _host.OpenAIAsync("responses", Prompts.Responses("gpt-5", "market_analysis", schema, Prompts.CustomerRequest + "\nSources:\n(none)"));
        var report = JsonNode.Parse(Prompts.OutputText(await SandboxTestHost.JsonAsync(response)))!;

        Assert.Equal("insufficient", report["evidence"]!.GetValue<string>());
        Assert.Null(report["tam"]);
        Assert.Empty(report["competitors"]!.AsArray());
        Assert.Empty(report["trends"]!.AsArray());
    }

    [Fact]
    public async Task Persona_tiebreak_picks_the_closest_candidate()
    {
        const string procurement = "0b7c2a4e-1111-4c3e-9a51-6f7f0c1d2e3f";
        const string finance = "9d8e7f6a-2222-4b1c-8d7e-5a4b3c2d1e0f";
        var prompt = $"Person: Senior Procurement Manager at Najd Petrochemical Services\nCandidates:\n- {finance}: Chief Financial Officer\n- {procurement}: Procurement Manager";

        using var response = await _host.OpenAIAsync("responses", Prompts.Responses("gpt-5-mini", "persona_tiebreak", Schemas.Tiebreak([finance, procurement]), prompt));
        var choice = JsonNode.Parse(Prompts.OutputText(await SandboxTestHost.JsonAsync(response)))!;

        Assert.Equal(procurement, choice["personaId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Company_identity_confirms_a_pair_only_when_the_result_names_every_word_of_the_business()
    {
        // The layout of Leadora's company_identity prompt: a cut-short company the snippet completes, and one nothing completes.
        var prompt = """
            Pairs:
            - p1
              Profile company: Najd Petroch ... (cut short by the search engine)
              Profile headline: Sara Al-Harbi - Procurement Manager - Najd Petroch ...
              Profile snippet: Location: Jubail, Saudi Arabia · Procurement Manager at Najd Petrochemical Co. · 500+ connections on LinkedIn.
              Business: Najd Petrochemical Co.
            - p2
              Profile company: Najd Petroch ... (cut short by the search engine)
              Profile headline: Sara Al-Harbi - Procurement Manager - Najd Petroch ...
              Business: Najd Petrochemical Logistics
            """;
        var schema = """
            {
              "type": "object",
              "properties": {
                "p1": { "type": "object", "properties": { "reason": { "type": "string" }, "same": { "type": "boolean" } }, "required": ["reason", "same"], "additionalProperties": false },
                "p2": { "type": "object", "properties": { "reason": { "type": "string" }, "same": { "type": "boolean" } }, "required": ["reason", "same"], "additionalProperties": false }
              },
              "required": ["p1", "p2"],
              "additionalProperties": false
            }
            """;

        using var response = await _host.OpenAIAsync("responses", Prompts.Responses("gpt-5-mini", "company_identity", schema, prompt));
        var verdicts = JsonNode.Parse(Prompts.OutputText(await SandboxTestHost.JsonAsync(response)))!;

        Assert.True(verdicts["p1"]!["same"]!.GetValue<bool>());
        Assert.False(verdicts["p2"]!["same"]!.GetValue<bool>());
        Assert.Contains("petrochemical logistics", verdicts["p2"]!["reason"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Repair_request_gets_a_valid_reply()
    {
        var request = Prompts.Responses("gpt-5", "decision_maker_personas", Schemas.DecisionMakerPersonas, Prompts.CustomerRequest);
        request["input"]!.AsArray().Add(new JsonObject { ["type"] = "message", ["role"] = "assistant", ["content"] = new JsonArray(new JsonObject { ["type"] = "output_text", ["text"] = "{\"personas\":" }) });
        request["input"]!.AsArray().Add(Prompts.Message("user", "Your previous reply did not match the JSON schema: unexpected end of data. Reply again with JSON only."));

        using var response = await _host.OpenAIAsync("responses", request);

        await SchemaValidation.AssertValidAsync(Schemas.DecisionMakerPersonas, Prompts.OutputText(await SandboxTestHost.JsonAsync(response)));
    }

    [Fact]
    public async Task Strict_schema_that_is_not_strict_is_rejected_like_openai()
    {
        var loose = """{ "type": "object", "properties": { "a": { "type": "string" }, "b": { "type": "integer" } }, "required": ["a"], "additionalProperties": false }""";

        using var response = await _host.OpenAIAsync("responses", Prompts.Responses("gpt-5", "loose", loose, "hi"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await SandboxTestHost.JsonAsync(response))["error"]!;
        Assert.Equal("invalid_request_error", error["type"]!.GetValue<string>());
        Assert.Equal("invalid_json_schema", error["code"]!.GetValue<string>());
        Assert.Equal("text.format.schema", error["param"]!.GetValue<string>());
        Assert.Contains("Missing 'b'", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Non_strict_request_accepts_a_loose_schema()
    {
        var loose = """{ "type": "object", "properties": { "a": { "type": "string" } } }""";
        var request = Prompts.Responses("gpt-5", "loose", loose, "hi");
        request["text"]!["format"]!["strict"] = false;

        using var response = await _host.OpenAIAsync("responses", request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("gpt-5")]
    [InlineData("gpt-5-mini")]
    [InlineData("o4-mini")]
    public async Task Reasoning_models_reject_a_non_default_temperature(string model)
    {
        var request = Prompts.Responses(model, "business_personas", Schemas.BusinessPersonas, Prompts.CustomerRequest);
        request["temperature"] = 0.2;

        using var response = await _host.OpenAIAsync("responses", request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await SandboxTestHost.JsonAsync(response))["error"]!;
        Assert.Equal("temperature", error["param"]!.GetValue<string>());
        Assert.Equal("Unsupported parameter: 'temperature' is not supported with this model.", error["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Missing_or_invalid_key_is_401_with_openai_error_body()
    {
        using var missing = await _host.OpenAIAsync("responses", Prompts.Responses("gpt-5", "business_personas", Schemas.BusinessPersonas, "x"), key: null);
        using var invalid = await _host.OpenAIAsync("responses", Prompts.Responses("gpt-5", "business_personas", Schemas.BusinessPersonas, "x"), key: "invalid-key-123456");
        using var empty = await _host.PostAsync("openai/v1/embeddings", """{"model":"text-embedding-3-small","input":"x"}""", ("Authorization", "Bearer "));

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, invalid.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, empty.StatusCode);
        var error = (await SandboxTestHost.JsonAsync(invalid))["error"]!.AsObject();
        Assert.Equal("invalid_api_key", error["code"]!.GetValue<string>());
        Assert.Equal("invalid_request_error", error["type"]!.GetValue<string>());
        Assert.True(error.ContainsKey("param"));
        Assert.Null(error["param"]);
        Assert.Equal("invalid_api_key", (await SandboxTestHost.JsonAsync(empty))["error"]!["code"]!.GetValue<string>());
        Assert.Contains("didn't provide an API key", (await SandboxTestHost.JsonAsync(missing))["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_json_missing_model_and_unknown_model_are_rejected()
    {
        using var badJson = await _host.PostAsync("openai/v1/responses", "{not json", ("Authorization", "Bearer sk-x"));
        using var noModel = await _host.OpenAIAsync("responses", new JsonObject { ["input"] = "hi" });
        using var unknown = await _host.OpenAIAsync("responses", new JsonObject { ["model"] = "nonexistent", ["input"] = "hi" });

        Assert.Equal(HttpStatusCode.BadRequest, badJson.StatusCode);
        Assert.Equal("missing_required_parameter", (await SandboxTestHost.JsonAsync(noModel))["error"]!["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("model_not_found", (await SandboxTestHost.JsonAsync(unknown))["error"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task String_input_and_plain_text_format_return_text()
    {
        using var response = await _host.OpenAIAsync("responses", new JsonObject { ["model"] = "gpt-4.1", ["input"] = Prompts.CustomerRequest, ["instructions"] = "Be brief." });

        var body = await SandboxTestHost.JsonAsync(response);
        Assert.Equal("Be brief.", body["instructions"]!.GetValue<string>());
        Assert.Contains("Industrial water-treatment chemicals", Prompts.OutputText(body), StringComparison.Ordinal);
        Assert.Equal("text", body["text"]!["format"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Same_request_gives_the_same_body()
    {
        var request = Prompts.Responses("gpt-5", "business_personas", Schemas.BusinessPersonas, Prompts.CustomerRequest);

        using var first = await _host.OpenAIAsync("responses", request);
        using var second = await _host.OpenAIAsync("responses", request);

        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        using var _ = JsonDocument.Parse(await first.Content.ReadAsStringAsync());
    }
}
