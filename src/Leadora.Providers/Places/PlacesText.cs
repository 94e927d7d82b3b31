using Leadora.Ports;

namespace Leadora.Providers;

/// <summary>What every places adapter sends the same way: the country and the query text.</summary>
internal static class PlacesText
{
    /// <summary>Resolves a query's ISO 3166-1 alpha-2 country code.</summary>
    /// <exception cref="ArgumentException">The code is not a known country.</exception>
    public static Country CountryOf(string code, string paramName)
    {
        try
        {
            return Countries.Get(code);
        }
        catch (KeyNotFoundException exception)
        {
            throw new ArgumentException($"'{code}' is not an ISO 3166-1 alpha-2 country code.", paramName, exception);
        }
    }

    /// <summary>Checks a places query and resolves its country.</summary>
    public static Country Validate(PlacesQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentException.ThrowIfNullOrWhiteSpace(query.Text, nameof(query));
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Page, 1, nameof(query));
        return CountryOf(query.Country, nameof(query));
    }

    /// <summary>
    /// The query text sent to a provider: the query followed by "in {country}", unless the query already names the
    /// country (by its English name, or an alias or code that <see cref="Countries.TryResolve"/> knows). Region codes
    /// only bias results, so naming the country keeps them in it.
    /// </summary>
    public static string QueryText(string text, Country country)
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
}
