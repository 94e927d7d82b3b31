using System.Text.Json.Nodes;

namespace Leadora.Sandbox.Tests;

/// <summary>Requests shaped like the ones Leadora's production adapter sends through the OpenAI SDK.</summary>
internal static class Prompts
{
    public const string CustomerRequest = """
        Search type: customer
        Product or service: Industrial water-treatment chemicals
        Industries: Petrochemicals; Power generation
        Countries: Saudi Arabia (SA); United Arab Emirates (AE)
        """;

    public const string SupplierRequest = """
        Search type: supplier
        Product or service: Industrial water-treatment chemicals
        Industries: Chemicals
        Countries: Germany (DE)
        """;

    public static JsonObject Responses(string model, string schemaName, string schema, params string[] userMessages)
    {
        var input = new JsonArray(Message("system", "You are a B2B market analyst. Answer in JSON that matches the schema."));
        foreach (var message in userMessages)
        {
            input.Add(Message("user", message));
        }

        return new JsonObject
        {
            ["model"] = model,
            ["text"] = new JsonObject
            {
                ["format"] = new JsonObject
                {
                    ["type"] = "json_schema",
                    ["description"] = "Leadora structured output",
                    ["name"] = schemaName,
                    ["schema"] = JsonNode.Parse(schema),
                    ["strict"] = true,
                },
            },
            ["input"] = input,
        };
    }

    public static JsonObject Message(string role, string text) => new()
    {
        ["type"] = "message",
        ["role"] = role,
        ["content"] = new JsonArray(new JsonObject { ["type"] = "input_text", ["text"] = text }),
    };

    /// <summary>The JSON text of the message item's output_text.</summary>
    public static string OutputText(JsonObject response) =>
        response["output"]!.AsArray().Single(o => o!["type"]!.GetValue<string>() == "message")!["content"]![0]!["text"]!.GetValue<string>();
}
