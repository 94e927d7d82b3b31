using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Leadora.Providers;

/// <summary>Body of <c>POST /places</c>.</summary>
internal sealed record SerperPlacesRequest(string Q, string Gl, string Hl, int Page);

/// <summary>Body of <c>POST /search</c>.</summary>
internal sealed record SerperSearchRequest(string Q, string Gl, string Hl, int Num, int Page);

/// <summary>Answer of <c>/places</c> and <c>/maps</c>; only the fields Leadora uses.</summary>
internal sealed class SerperPlacesResponse
{
    public List<SerperPlaceRow?>? Places { get; set; }
}

/// <summary>
/// One place row. <c>/places</c> rows carry title, address, latitude, longitude, rating, ratingCount, category and cid;
/// <c>/maps</c> rows add website, phoneNumber, placeId, type and types. Everything but the title may be missing, and
/// numbers sometimes arrive as strings.
/// </summary>
internal sealed class SerperPlaceRow
{
    [JsonConverter(typeof(LenientStringConverter))]
    public string? Title { get; set; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? Address { get; set; }

    [JsonConverter(typeof(LenientDoubleConverter))]
    public double? Latitude { get; set; }

    [JsonConverter(typeof(LenientDoubleConverter))]
    public double? Longitude { get; set; }

    [JsonConverter(typeof(LenientDoubleConverter))]
    public double? Rating { get; set; }

    [JsonConverter(typeof(LenientIntConverter))]
    public int? RatingCount { get; set; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? Category { get; set; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? Type { get; set; }

    [JsonConverter(typeof(LenientStringListConverter))]
    public List<string>? Types { get; set; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? Cid { get; set; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? PlaceId { get; set; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? Website { get; set; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? PhoneNumber { get; set; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? Phone { get; set; }
}

/// <summary>Answer of <c>/search</c>; only the organic results.</summary>
internal sealed class SerperSearchResponse
{
    public List<SerperOrganicRow?>? Organic { get; set; }
}

/// <summary>One organic web result.</summary>
internal sealed class SerperOrganicRow
{
    [JsonConverter(typeof(LenientStringConverter))]
    public string? Title { get; set; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? Link { get; set; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? Snippet { get; set; }

    [JsonConverter(typeof(LenientIntConverter))]
    public int? Position { get; set; }
}

/// <summary>An error body such as <c>{"message":"Not enough credits","statusCode":400}</c>.</summary>
internal sealed class SerperErrorResponse
{
    [JsonConverter(typeof(LenientStringConverter))]
    public string? Message { get; set; }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SerperPlacesRequest))]
[JsonSerializable(typeof(SerperSearchRequest))]
[JsonSerializable(typeof(SerperPlacesResponse))]
[JsonSerializable(typeof(SerperSearchResponse))]
[JsonSerializable(typeof(SerperErrorResponse))]
internal sealed partial class SerperJsonContext : JsonSerializerContext;

/// <summary>Reads a string, or the text of a number or boolean; anything else becomes null.</summary>
internal sealed class LenientStringConverter : JsonConverter<string?>
{
    public override bool HandleNull => true;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                var text = reader.GetString();
                return string.IsNullOrWhiteSpace(text) ? null : text.Trim();
            case JsonTokenType.Number:
                return System.Text.Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan);
            case JsonTokenType.True or JsonTokenType.False:
                return reader.GetBoolean() ? "true" : "false";
            default:
                reader.Skip();
                return null;
        }
    }

    public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}

/// <summary>Reads a number, or a string holding one ("4.5", "1,751"); anything else becomes null.</summary>
internal sealed class LenientDoubleConverter : JsonConverter<double?>
{
    public override bool HandleNull => true;

    public override double? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                return reader.TryGetDouble(out var number) && double.IsFinite(number) ? number : null;
            case JsonTokenType.String:
                return Lenient.ParseDouble(reader.GetString());
            default:
                reader.Skip();
                return null;
        }
    }

    public override void Write(Utf8JsonWriter writer, double? value, JsonSerializerOptions options)
    {
        if (value is { } v)
        {
            writer.WriteNumberValue(v);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}

/// <summary>Reads a whole number, or a string holding one; anything else becomes null.</summary>
internal sealed class LenientIntConverter : JsonConverter<int?>
{
    public override bool HandleNull => true;

    public override int? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var value = reader.TokenType switch
        {
            JsonTokenType.Number => reader.TryGetDouble(out var number) ? number : (double?)null,
            JsonTokenType.String => Lenient.ParseDouble(reader.GetString()),
            _ => null,
        };
        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            reader.Skip();
        }

        return value is { } v && v >= int.MinValue && v <= int.MaxValue && Math.Abs(v - Math.Round(v)) < 1e-9 ? (int)Math.Round(v) : null;
    }

    public override void Write(Utf8JsonWriter writer, int? value, JsonSerializerOptions options)
    {
        if (value is { } v)
        {
            writer.WriteNumberValue(v);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}

/// <summary>Reads an array of strings (dropping other elements) or a single string; anything else becomes null.</summary>
internal sealed class LenientStringListConverter : JsonConverter<List<string>?>
{
    public override bool HandleNull => true;

    public override List<string>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return reader.GetString() is { Length: > 0 } single ? [single] : null;
            case JsonTokenType.StartArray:
                var list = new List<string>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType == JsonTokenType.String && reader.GetString() is { Length: > 0 } item)
                    {
                        list.Add(item);
                    }
                    else
                    {
                        reader.Skip();
                    }
                }

                return list;
            default:
                reader.Skip();
                return null;
        }
    }

    public override void Write(Utf8JsonWriter writer, List<string>? value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var item in value ?? [])
        {
            writer.WriteStringValue(item);
        }

        writer.WriteEndArray();
    }
}

/// <summary>Number parsing shared by the lenient converters.</summary>
internal static class Lenient
{
    public static double? ParseDouble(string? text) =>
        double.TryParse(text?.Trim().Replace(",", string.Empty, StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : null;
}
