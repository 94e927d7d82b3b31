using NJsonSchema;

namespace Leadora.Sandbox.Tests;

internal static class SchemaValidation
{
    /// <summary>Validation errors of <paramref name="json"/> against <paramref name="schema"/> (empty when valid).</summary>
    public static async Task<IReadOnlyList<string>> ErrorsAsync(string schema, string json)
    {
        var parsed = await JsonSchema.FromJsonAsync(schema);
        return parsed.Validate(json).Select(e => e.ToString()).ToList();
    }

    /// <summary>Whether <paramref name="text"/> is JSON that matches <paramref name="schema"/>.</summary>
    public static async Task<bool> IsValidAsync(string schema, string text)
    {
        try
        {
            return (await ErrorsAsync(schema, text)).Count == 0;
        }
        catch (Exception exception) when (exception is Newtonsoft.Json.JsonException or System.Text.Json.JsonException or ArgumentException)
        {
            return false;
        }
    }

    public static async Task AssertValidAsync(string schema, string json)
    {
        var errors = await ErrorsAsync(schema, json);
        Assert.True(errors.Count == 0, $"Document does not match the schema:\n{string.Join("\n", errors)}\n{json}");
    }
}
