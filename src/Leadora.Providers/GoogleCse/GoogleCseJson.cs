using System.Text.Json;
using System.Text.Json.Serialization;

namespace Leadora.Providers;

/// <summary>Answer of <c>customsearch/v1</c>; <c>items</c> is absent when there are no results.</summary>
internal sealed class CseResponse
{
    public List<CseItem?>? Items { get; init; }
}

/// <summary>One result.</summary>
internal sealed class CseItem
{
    [JsonConverter(typeof(LenientStringConverter))]
    public string? Title { get; init; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? Link { get; init; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? Snippet { get; init; }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(CseResponse))]
internal sealed partial class CseJsonContext : JsonSerializerContext;
