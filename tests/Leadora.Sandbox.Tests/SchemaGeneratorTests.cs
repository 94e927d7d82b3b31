using System.Text.Json;
using System.Text.Json.Nodes;
using Leadora.Sandbox.Llm;

namespace Leadora.Sandbox.Tests;

public sealed class SchemaGeneratorTests
{
    private static readonly LlmEngine Engine = new(42);

    public static TheoryData<string, string> NamedSchemas => new()
    {
        { "business_personas", Schemas.BusinessPersonas },
        { "decision_maker_personas", Schemas.DecisionMakerPersonas },
        { "market_analysis", Schemas.Market(["https://a.example/1", "https://b.example/2"]) },
        { "market_analysis", Schemas.Market([]) },
        { "persona_tiebreak", Schemas.Tiebreak(["11111111-1111-1111-1111-111111111111", "22222222-2222-2222-2222-222222222222"]) },
        { "generic_record", Schemas.Generic },
        { "tree", Schemas.Recursive },
        { "list", Schemas.RootArray },
        { "unknown_task", Schemas.BusinessPersonas },
    };

    [Theory]
    [MemberData(nameof(NamedSchemas))]
    public async Task Generated_documents_validate_against_their_schema(string name, string schema)
    {
        var facts = PromptFacts.Parse([Prompts.CustomerRequest]);
        var document = Engine.GenerateDocument(name, Schemas.Parse(schema), facts);

        await SchemaValidation.AssertValidAsync(schema, document!.ToJsonString());
    }

    [Fact]
    public async Task Generic_schema_respects_bounds_refs_unions_and_lengths()
    {
        var document = Engine.GenerateDocument("generic_record", Schemas.Parse(Schemas.Generic), PromptFacts.Parse([]))!.AsObject();

        await SchemaValidation.AssertValidAsync(Schemas.Generic, document.ToJsonString());
        Assert.InRange(document["count"]!.GetValue<long>(), 7, 9);
        Assert.Equal("contact", document["primary"]!["kind"]!.GetValue<string>());
        Assert.Equal(2, document["others"]!.AsArray().Count);
        Assert.Empty(document["tags"]!.AsArray());
        Assert.True(document["code"]!.GetValue<string>().Length >= 40);
        Assert.True(Guid.TryParse(document["id"]!.GetValue<string>(), out _));
    }

    [Fact]
    public void Defs_references_and_recursion_resolve()
    {
        var schema = Schemas.Parse(Schemas.Recursive.Replace("definitions", "$defs", StringComparison.Ordinal));

        var document = Engine.GenerateDocument("tree", schema, PromptFacts.Parse([]))!.AsObject();

        Assert.Equal(JsonValueKind.String, document["tree"]!["label"]!.GetValueKind());
        Assert.Equal(JsonValueKind.Array, document["tree"]!["children"]!.GetValueKind());
        Assert.Equal(JsonValueKind.Object, document["tree"]!["children"]![0]!.GetValueKind());
        var items = document["items"]!.AsArray().Select(i => i!.GetValue<string>()).ToList();
        Assert.Equal(items.Count, items.Distinct().Count());
    }

    [Fact]
    public void Gemini_style_upper_case_types_and_nullable_are_understood()
    {
        var schema = Schemas.Parse("""
            { "type": "OBJECT", "properties": { "names": { "type": "ARRAY", "items": { "type": "STRING" }, "minItems": 2 }, "score": { "type": "NUMBER", "nullable": true, "minimum": 5 } }, "required": ["names", "score"] }
            """);

        var document = Engine.GenerateDocument(null, schema, PromptFacts.Parse([]))!.AsObject();

        Assert.True(document["names"]!.AsArray().Count >= 2);
        Assert.True(document["score"]!.GetValue<double>() >= 5);
    }

    [Fact]
    public async Task Schema_violation_yields_valid_json_that_fails_the_schema()
    {
        var output = Engine.Generate(new LlmRequest
        {
            Model = "gpt-5",
            Messages = [new LlmMessage("user", Prompts.CustomerRequest)],
            SchemaName = "business_personas",
            Schema = Schemas.Parse(Schemas.BusinessPersonas),
        }, LlmCorruption.SchemaViolation);

        using var parsed = JsonDocument.Parse(output.Text);
        Assert.NotEmpty(await SchemaValidation.ErrorsAsync(Schemas.BusinessPersonas, output.Text));
    }

    [Fact]
    public void Malformed_output_is_not_json()
    {
        var output = Engine.Generate(new LlmRequest
        {
            Model = "gpt-4o-mini",
            Messages = [new LlmMessage("user", Prompts.CustomerRequest)],
            SchemaName = "decision_maker_personas",
            Schema = Schemas.Parse(Schemas.DecisionMakerPersonas),
        }, LlmCorruption.Malformed);

        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(output.Text));
    }

    [Fact]
    public void Strict_checker_uses_openai_wording_and_context()
    {
        var missingAdditional = Schemas.Parse("""{ "type": "object", "properties": { "a": { "type": "object", "properties": { "b": { "type": "string" } }, "required": ["b"] } }, "required": ["a"], "additionalProperties": false }""");
        var missingRequired = Schemas.Parse("""{ "type": "object", "properties": { "a": { "type": "string" }, "b": { "type": "string" } }, "required": ["a"], "additionalProperties": false }""");

        Assert.Equal("Invalid schema for response_format 'x': In context=('properties', 'a'), 'additionalProperties' is required to be supplied and to be false.", StrictSchema.Check("x", missingAdditional));
        Assert.Equal("Invalid schema for response_format 'x': In context=(), 'required' is required to be supplied and to be an array including every key in properties. Missing 'b'.", StrictSchema.Check("x", missingRequired));
        Assert.Null(StrictSchema.Check("x", Schemas.Parse(Schemas.BusinessPersonas)));
    }

    [Fact]
    public void Prompt_facts_parse_leadora_lines()
    {
        var facts = PromptFacts.Parse([Prompts.CustomerRequest + "\nBusiness personas: Large refiners; Mid-market utilities\nSources:\n[1] https://a.example/r | Report A\nThe market was valued at USD 4.2 billion in 2025.\n[2] https://b.example/s | Report B\nLeading suppliers include X (10% share)."]);

        Assert.Equal("Industrial water-treatment chemicals", facts.Product);
        Assert.Equal(["Petrochemicals", "Power generation"], facts.Industries);
        Assert.Equal(["SA", "AE"], facts.Countries.Select(c => c.Code));
        Assert.Equal(2, facts.BusinessPersonas.Count);
        Assert.Equal(2, facts.Sources.Count);
        Assert.Equal("The market was valued at USD 4.2 billion in 2025.", facts.Sources[0].Snippet);
        Assert.False(facts.IsSupplierSearch);
    }
}
