using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Leadora.Providers.Tests.Infrastructure;

public static class Schemas
{
    /// <summary>A strict-mode schema like the ones Core sends for personas.</summary>
    public static readonly JsonElement AnimalList = JsonDocument.Parse("""
        {
          "type": "object",
          "properties": { "animal_data_list": { "type": "array", "items": { "type": "string" } } },
          "required": ["animal_data_list"],
          "additionalProperties": false
        }
        """).RootElement;

    public static ChatOptions JsonSchemaOptions() => new()
    {
        ResponseFormat = ChatResponseFormat.ForJsonSchema(AnimalList, "data_list", "A list of animals."),
    };
}
