using System.Text.Json;
using Leadora.Llm;
using Leadora.Pipeline;
using Microsoft.Extensions.AI;

namespace Leadora.Core.Tests;

public sealed class StructuredOutputTests
{
    private static void AssertStrict(JsonElement node, string path)
    {
        if (node.ValueKind == JsonValueKind.Object)
        {
            if (node.TryGetProperty("properties", out var properties))
            {
                Assert.True(node.TryGetProperty("additionalProperties", out var additional) && additional.ValueKind == JsonValueKind.False, $"{path} is not closed");
                var required = node.GetProperty("required").EnumerateArray().Select(r => r.GetString()).ToHashSet();
                foreach (var property in properties.EnumerateObject())
                {
                    Assert.True(required.Contains(property.Name), $"{path}.{property.Name} is not required");
                }
            }

            foreach (var child in node.EnumerateObject())
            {
                AssertStrict(child.Value, path + "." + child.Name);
            }
        }
        else if (node.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in node.EnumerateArray())
            {
                AssertStrict(item, path + "[]");
            }
        }
    }

    [Fact]
    public void Schemas_from_csharp_types_are_strict_mode_compatible()
    {
        AssertStrict(StructuredOutput.SchemaFor<BusinessPersonasReply>(), "business_personas");
        AssertStrict(StructuredOutput.SchemaFor<DecisionMakerPersonasReply>(), "decision_maker_personas");
        AssertStrict(StructuredOutput.SchemaFor<MarketAnalysisReply>(), "market_analysis");
        var market = StructuredOutput.SchemaFor<MarketAnalysisReply>().GetRawText();
        Assert.DoesNotContain("$ref", market, StringComparison.Ordinal);
        Assert.Contains("\"valueUsd\"", market, StringComparison.Ordinal);
        Assert.Contains("\"null\"", market, StringComparison.Ordinal);
        Assert.Contains("\"medium\"", market, StringComparison.Ordinal);
    }

    [Fact]
    public void Array_lengths_and_allowed_values_are_set_everywhere_the_property_appears()
    {
        var personas = StructuredOutput.WithArrayLength(StructuredOutput.SchemaFor<BusinessPersonasReply>(), "personas", 3);
        var array = personas.GetProperty("properties").GetProperty("personas");
        Assert.Equal(3, array.GetProperty("minItems").GetInt32());
        Assert.Equal(3, array.GetProperty("maxItems").GetInt32());

        var urls = new[] { "https://a.example/1", "https://b.example/2" };
        var market = StructuredOutput.WithAllowedValues(StructuredOutput.SchemaFor<MarketAnalysisReply>(), "sourceUrls", urls);
        var text = market.GetRawText();
        var enumCount = text.Split("\"enum\"").Length - 1;
        Assert.Equal(6 + 1, enumCount); // tam, sam, som, competitors, trends, opportunities + the confidence enum
        foreach (var size in new[] { "tam", "sam", "som" })
        {
            var items = market.GetProperty("properties").GetProperty(size).GetProperty("properties").GetProperty("sourceUrls").GetProperty("items");
            Assert.Equal(urls, items.GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        }
    }

    [Fact]
    public void Code_fences_are_removed()
    {
        Assert.Equal("{\"a\":1}", StructuredOutput.ExtractJson("```json\n{\"a\":1}\n```"));
        Assert.Equal("{\"a\":1}", StructuredOutput.ExtractJson("  {\"a\":1} "));
    }

    private sealed class ScriptedLlm(params string[] replies) : IChatClient
    {
        private int _next;

        public List<List<ChatMessage>> Requests { get; } = [];

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            Requests.Add(messages.ToList());
            return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, replies[_next++])));
        }

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }

    private const string ValidTieBreak = "{\"personaId\":\"x\",\"reason\":\"fits\"}";

    [Fact]
    public async Task A_valid_reply_passes_with_one_call()
    {
        var llm = new ScriptedLlm(ValidTieBreak);
        var reply = await new SchemaValidatingChatClient(llm).GenerateAsync<TieBreakReply>("persona_tiebreak", "s", "u");
        Assert.Equal("x", reply.PersonaId);
        Assert.Single(llm.Requests);
    }

    [Fact]
    public async Task An_invalid_reply_is_repaired_once_with_the_problems_shown()
    {
        var llm = new ScriptedLlm("{\"personaId\":\"x\"}", ValidTieBreak);
        var reply = await new SchemaValidatingChatClient(llm).GenerateAsync<TieBreakReply>("persona_tiebreak", "s", "u");
        Assert.Equal("fits", reply.Reason);
        Assert.Equal(2, llm.Requests.Count);
        var repair = llm.Requests[1];
        Assert.Equal(4, repair.Count);
        Assert.Equal(ChatRole.Assistant, repair[2].Role);
        Assert.StartsWith(SchemaValidatingChatClient.RepairPrefix, repair[3].Text, StringComparison.Ordinal);
        Assert.Contains("reason", repair[3].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_invalid_reply_fails_with_a_clear_error()
    {
        var llm = new ScriptedLlm("not json at all", "{\"personaId\": 5, \"reason\": \"x\"}", ValidTieBreak);
        var ex = await Assert.ThrowsAsync<StructuredOutputException>(() =>
            new SchemaValidatingChatClient(llm).GenerateAsync<TieBreakReply>("persona_tiebreak", "s", "u"));
        Assert.Equal(2, llm.Requests.Count);
        Assert.Equal("persona_tiebreak", ex.SchemaName);
        Assert.Contains("after one repair attempt", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Enum_constraints_are_enforced()
    {
        var schema = StructuredOutput.WithAllowedValues(StructuredOutput.SchemaFor<TieBreakReply>(), "personaId", ["a", "b"]);
        var llm = new ScriptedLlm("{\"personaId\":\"c\",\"reason\":\"r\"}", "{\"personaId\":\"b\",\"reason\":\"r\"}");
        var reply = await new SchemaValidatingChatClient(llm).GenerateAsync<TieBreakReply>("persona_tiebreak", "s", "u", schema);
        Assert.Equal("b", reply.PersonaId);
        Assert.Equal(2, llm.Requests.Count);
    }
}
