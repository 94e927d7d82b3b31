using System.Text.Json;
using System.Text.Json.Serialization;

namespace Leadora.Providers;

/// <summary>Body of <c>POST places:searchText</c>.</summary>
internal sealed class PlacesSearchTextRequest
{
    public required string TextQuery { get; init; }

    public string? RegionCode { get; init; }

    public string? LanguageCode { get; init; }

    public int? PageSize { get; init; }

    public string? PageToken { get; init; }
}

/// <summary>Answer of <c>places:searchText</c>: only the fields the field mask asked for come back.</summary>
internal sealed class PlacesSearchTextResponse
{
    public List<PlacesNewPlace?>? Places { get; init; }

    public string? NextPageToken { get; init; }
}

/// <summary>A place of the Places API (New); every field may be absent.</summary>
internal sealed class PlacesNewPlace
{
    public string? Id { get; init; }

    public PlacesLocalizedText? DisplayName { get; init; }

    public string? FormattedAddress { get; init; }

    public string? ShortFormattedAddress { get; init; }

    public List<PlacesAddressComponent?>? AddressComponents { get; init; }

    public PlacesLatLng? Location { get; init; }

    [JsonConverter(typeof(LenientDoubleConverter))]
    public double? Rating { get; init; }

    [JsonConverter(typeof(LenientIntConverter))]
    public int? UserRatingCount { get; init; }

    [JsonConverter(typeof(LenientStringListConverter))]
    public List<string>? Types { get; init; }

    public string? PrimaryType { get; init; }

    public PlacesLocalizedText? PrimaryTypeDisplayName { get; init; }

    public string? NationalPhoneNumber { get; init; }

    public string? InternationalPhoneNumber { get; init; }

    public string? WebsiteUri { get; init; }

    public string? GoogleMapsUri { get; init; }

    public string? BusinessStatus { get; init; }
}

/// <summary><c>{text, languageCode}</c>.</summary>
internal sealed class PlacesLocalizedText
{
    public string? Text { get; init; }
}

/// <summary>An address component of the new API: <c>{longText, shortText, types}</c>.</summary>
internal sealed class PlacesAddressComponent
{
    public string? LongText { get; init; }

    [JsonConverter(typeof(LenientStringListConverter))]
    public List<string>? Types { get; init; }
}

/// <summary><c>{latitude, longitude}</c>.</summary>
internal sealed class PlacesLatLng
{
    [JsonConverter(typeof(LenientDoubleConverter))]
    public double? Latitude { get; init; }

    [JsonConverter(typeof(LenientDoubleConverter))]
    public double? Longitude { get; init; }
}

/// <summary>Answer of legacy <c>textsearch/json</c> (errors arrive here too, with HTTP 200).</summary>
internal sealed class LegacyTextSearchResponse
{
    public string? Status { get; init; }

    public string? ErrorMessage { get; init; }

    public List<LegacyPlace?>? Results { get; init; }

    public string? NextPageToken { get; init; }
}

/// <summary>Answer of legacy <c>details/json</c>.</summary>
internal sealed class LegacyDetailsResponse
{
    public string? Status { get; init; }

    public string? ErrorMessage { get; init; }

    public LegacyPlace? Result { get; init; }
}

/// <summary>A legacy place row (Text Search result or Details result).</summary>
internal sealed class LegacyPlace
{
    public string? PlaceId { get; init; }

    public string? Name { get; init; }

    public string? FormattedAddress { get; init; }

    public LegacyGeometry? Geometry { get; init; }

    [JsonConverter(typeof(LenientDoubleConverter))]
    public double? Rating { get; init; }

    [JsonConverter(typeof(LenientIntConverter))]
    public int? UserRatingsTotal { get; init; }

    [JsonConverter(typeof(LenientStringListConverter))]
    public List<string>? Types { get; init; }

    public string? BusinessStatus { get; init; }

    public string? FormattedPhoneNumber { get; init; }

    public string? InternationalPhoneNumber { get; init; }

    public string? Website { get; init; }

    public List<LegacyAddressComponent?>? AddressComponents { get; init; }
}

/// <summary><c>geometry</c>.</summary>
internal sealed class LegacyGeometry
{
    public LegacyLatLng? Location { get; init; }
}

/// <summary><c>{lat, lng}</c>.</summary>
internal sealed class LegacyLatLng
{
    [JsonConverter(typeof(LenientDoubleConverter))]
    public double? Lat { get; init; }

    [JsonConverter(typeof(LenientDoubleConverter))]
    public double? Lng { get; init; }
}

/// <summary>A legacy address component: <c>{long_name, short_name, types}</c>.</summary>
internal sealed class LegacyAddressComponent
{
    public string? LongName { get; init; }

    [JsonConverter(typeof(LenientStringListConverter))]
    public List<string>? Types { get; init; }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(PlacesSearchTextRequest))]
[JsonSerializable(typeof(PlacesSearchTextResponse))]
internal sealed partial class PlacesNewJsonContext : JsonSerializerContext;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, PropertyNameCaseInsensitive = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(LegacyTextSearchResponse))]
[JsonSerializable(typeof(LegacyDetailsResponse))]
internal sealed partial class PlacesLegacyJsonContext : JsonSerializerContext;
