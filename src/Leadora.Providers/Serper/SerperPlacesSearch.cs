using Leadora.Ports;

namespace Leadora.Providers;

/// <summary>Places search through Serper's <c>POST /places</c> or, when configured, <c>POST /maps</c> (Google Maps results).</summary>
internal sealed class SerperPlacesSearch(SerperClient serper) : IPlacesSearch
{
    /// <summary>Operation name used in exceptions and logs.</summary>
    public const string Operation = "places";

    /// <summary>Rows Serper returns for a full <c>/places</c> page; fewer means there is no next page.</summary>
    public const int PageSize = 10;

    /// <summary>Rows Serper returns for a full <c>/maps</c> page.</summary>
    public const int MapsPageSize = 20;

    public async Task<PlacesPage> SearchAsync(PlacesQuery query, CancellationToken cancellationToken = default)
    {
        var country = PlacesText.Validate(query);
        var maps = serper.Options.UseMapsEndpoint;
        var body = new SerperPlacesRequest(
            Q: QueryText(query.Text, country),
            Gl: country.Code.ToLowerInvariant(),
            Hl: query.Language ?? serper.Options.Language,
            Page: query.Page);
        var answer = await serper.PostAsync(maps ? "maps" : "places", Operation, body, SerperJsonContext.Default.SerperPlacesRequest, SerperJsonContext.Default.SerperPlacesResponse, cancellationToken).ConfigureAwait(false);

        var rows = answer.Places ?? [];
        var places = rows.Select(ToPlace).OfType<Place>().ToList();
        if (places.Count < rows.Count)
        {
            ProviderLog.RowsSkipped(serper.Logger, SerperClient.Provider, Operation, rows.Count - places.Count);
        }

        ProviderLog.SearchCompleted(serper.Logger, SerperClient.Provider, Operation, places.Count, country.Code, query.Page);
        return new PlacesPage(places, SerperClient.Provider, HasMore: rows.Count >= (maps ? MapsPageSize : PageSize));
    }

    /// <summary>The text sent as <c>q</c> (see <see cref="PlacesText.QueryText"/>).</summary>
    internal static string QueryText(string text, Country country) => PlacesText.QueryText(text, country);

    private static Place? ToPlace(SerperPlaceRow? row)
    {
        if (row?.Title is not { } title)
        {
            return null;
        }

        return new Place
        {
            Name = title,
            Address = row.Address,
            Phone = row.PhoneNumber ?? row.Phone,
            Website = row.Website,
            PlaceId = row.PlaceId,
            Cid = row.Cid,
            Latitude = row.Latitude,
            Longitude = row.Longitude,
            Rating = row.Rating,
            RatingCount = row.RatingCount,
            Category = row.Category ?? row.Type ?? row.Types?.FirstOrDefault(),
            Types = row.Types ?? [],
        };
    }
}
