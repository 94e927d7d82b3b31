using Leadora.Ports;

namespace Leadora.Providers;

/// <summary>Places search through Serper's <c>POST /places</c> (Google Maps results).</summary>
internal sealed class SerperPlacesSearch(SerperClient serper) : IPlacesSearch
{
    /// <summary>Operation name used in exceptions and logs.</summary>
    public const string Operation = "places";

    /// <summary>Rows Serper returns for a full <c>/places</c> page; fewer means there is no next page.</summary>
    public const int PageSize = 10;

    public async Task<PlacesPage> SearchAsync(PlacesQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentException.ThrowIfNullOrWhiteSpace(query.Text, nameof(query));
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Page, 1, nameof(query));
        var country = SerperClient.CountryOf(query.Country, nameof(query));

        var body = new SerperPlacesRequest(
            Q: QueryText(query.Text, country),
            Gl: country.Code.ToLowerInvariant(),
            Hl: query.Language ?? serper.Options.Language,
            Page: query.Page);
        var answer = await serper.PostAsync(Operation, body, SerperJsonContext.Default.SerperPlacesRequest, SerperJsonContext.Default.SerperPlacesResponse, cancellationToken).ConfigureAwait(false);

        var rows = answer.Places ?? [];
        var places = rows.Select(ToPlace).OfType<Place>().ToList();
        if (places.Count < rows.Count)
        {
            ProviderLog.RowsSkipped(serper.Logger, SerperClient.Provider, Operation, rows.Count - places.Count);
        }

        ProviderLog.SearchCompleted(serper.Logger, SerperClient.Provider, Operation, places.Count, country.Code, query.Page);
        return new PlacesPage(places, SerperClient.Provider, HasMore: rows.Count >= PageSize);
    }

    /// <summary>
    /// The text sent as <c>q</c>: the query followed by "in {country}", unless the query already names the country
    /// (by its English name, or an alias or code that <see cref="Countries.TryResolve"/> knows).
    /// </summary>
    internal static string QueryText(string text, Country country)
    {
        var trimmed = text.Trim();
        return NamesCountry(trimmed, country) ? trimmed : $"{trimmed} in {country.Name}";
    }

    private static bool NamesCountry(string text, Country country)
    {
        var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(w => w.Trim(',', '.', ';', ':', '(', ')', '"', '\''))
            .Where(w => w.Length > 0)
            .ToArray();
        var countryWords = Math.Max(4, country.Name.Split(' ').Length);
        for (var length = 1; length <= countryWords; length++)
        {
            for (var start = 0; start + length <= words.Length; start++)
            {
                var phrase = string.Join(' ', words, start, length);

                // Two-letter words are only codes when written in capitals ("UK", "US"), so that "in" is not India.
                if (phrase.Length == 2 && !phrase.All(char.IsUpper))
                {
                    continue;
                }

                if (Countries.TryResolve(phrase, out var named) && named.Code == country.Code)
                {
                    return true;
                }
            }
        }

        return false;
    }

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
