namespace Leadora.Dedupe;

/// <summary>Normalizations behind de-duplication keys: names, addresses, phone numbers and web domains.</summary>
public static class TextKeys
{
    private static readonly HashSet<string> LegalSuffixes = new(StringComparer.Ordinal)
    {
        "llc", "inc", "incorporated", "ltd", "limited", "co", "company", "corp", "corporation", "plc", "gmbh", "ag", "sarl",
        "bv", "nv", "pty", "pvt", "est", "establishment", "fze", "fzco", "fzc", "fzllc", "wll", "spa", "srl", "kg", "oy", "ab",
        "llp", "lp", "sa", "sas", "the",
    };

    private static readonly Dictionary<string, string> AddressAbbreviations = new(StringComparer.Ordinal)
    {
        ["street"] = "st", ["str"] = "st", ["blv"] = "blvd", ["avenue"] = "ave", ["av"] = "ave", ["road"] = "rd", ["boulevard"] = "blvd",
        ["drive"] = "dr", ["lane"] = "ln", ["place"] = "pl", ["suite"] = "ste", ["building"] = "bldg", ["floor"] = "fl",
        ["north"] = "n", ["south"] = "s", ["east"] = "e", ["west"] = "w", ["highway"] = "hwy", ["square"] = "sq",
        ["court"] = "ct", ["parkway"] = "pkwy", ["terrace"] = "ter", ["number"] = "no",
    };

    private static readonly HashSet<string> SharedHosts = new(StringComparer.Ordinal)
    {
        "facebook.com", "fb.com", "instagram.com", "twitter.com", "x.com", "linkedin.com", "youtube.com", "tiktok.com",
        "google.com", "goo.gl", "maps.app.goo.gl", "g.page", "sites.google.com", "business.site", "wa.me", "api.whatsapp.com",
        "linktr.ee", "yelp.com", "tripadvisor.com", "booking.com", "wixsite.com", "wordpress.com", "blogspot.com",
    };

    /// <summary>A business name folded for comparison: lower case, no accents or punctuation, "&amp;" as "and", legal suffixes dropped.</summary>
    public static string NormalizeName(string? name)
    {
        var words = Words(name?.Replace("&", " and ", StringComparison.Ordinal));
        var kept = words.Where(w => !LegalSuffixes.Contains(w)).ToList();
        return string.Join(' ', kept.Count > 0 ? kept : words);
    }

    /// <summary>Whether a folded word is a legal-form suffix such as <c>llc</c> or <c>gmbh</c>.</summary>
    public static bool IsLegalSuffix(string word) => LegalSuffixes.Contains(word);

    /// <summary>The street part of an address (before the first comma), folded, with common words abbreviated.</summary>
    public static string NormalizeStreet(string? address)
    {
        if (string.IsNullOrWhiteSpace(address))
        {
            return "";
        }

        var street = address.Split(',', 2)[0];
        return string.Join(' ', Words(street).Select(w => AddressAbbreviations.TryGetValue(w, out var abbreviation) ? abbreviation : w));
    }

    /// <summary>
    /// The city in a formatted address: the last comma-separated part that is not the country and not only a postal code,
    /// with postal codes removed ("King Fahd Rd, Al Olaya, Riyadh 12211, Saudi Arabia" gives "Riyadh").
    /// <see langword="null"/> when the address has a single part (a street alone).
    /// </summary>
    public static string? CityFromAddress(string? address, string? countryCode)
    {
        if (string.IsNullOrWhiteSpace(address))
        {
            return null;
        }

        var parts = address.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();
        if (parts.Count > 1 && Countries.TryResolve(parts[^1], out var country) && (countryCode is null || country.Code.Equals(countryCode, StringComparison.OrdinalIgnoreCase)))
        {
            parts.RemoveAt(parts.Count - 1);
        }

        for (var i = parts.Count - 1; i >= 1; i--)
        {
            var words = parts[i].Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Where(w => !w.Any(char.IsDigit) && !(w.Length is 2 or 3 && w.All(char.IsUpper)))
                .ToList();
            if (words.Count > 0)
            {
                return string.Join(' ', words);
            }
        }

        return null;
    }

    /// <summary>
    /// A phone number as international digits (calling code first), or <see langword="null"/> when it has fewer than 7 digits.
    /// Local numbers get <paramref name="callingCode"/> after their trunk prefix 0 is dropped.
    /// </summary>
    public static string? NormalizePhone(string? phone, string? callingCode)
    {
        if (string.IsNullOrWhiteSpace(phone))
        {
            return null;
        }

        var trimmed = phone.Trim();
        var digits = new string(trimmed.Where(char.IsAsciiDigit).ToArray());
        if (digits.Length < 7)
        {
            return null;
        }

        if (trimmed.StartsWith('+'))
        {
            return digits;
        }

        if (digits.StartsWith("00", StringComparison.Ordinal))
        {
            return digits[2..];
        }

        if (string.IsNullOrEmpty(callingCode))
        {
            return digits;
        }

        if (digits.StartsWith(callingCode, StringComparison.Ordinal) && digits.Length >= callingCode.Length + 8)
        {
            return digits;
        }

        return callingCode + digits.TrimStart('0');
    }

    /// <summary>
    /// The host of a website without <c>www.</c>, lower case; <see langword="null"/> for social networks, link hubs and
    /// other hosts many businesses share.
    /// </summary>
    public static string? NormalizeDomain(string? website)
    {
        if (string.IsNullOrWhiteSpace(website))
        {
            return null;
        }

        var candidate = website.Trim();
        if (!candidate.Contains("://", StringComparison.Ordinal))
        {
            candidate = "http://" + candidate;
        }

        if (!Uri.TryCreate(candidate, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host) || !uri.Host.Contains('.', StringComparison.Ordinal))
        {
            return null;
        }

        var host = uri.IdnHost.ToLowerInvariant().TrimEnd('.');
        foreach (var prefix in (string[])["www.", "m."])
        {
            if (host.StartsWith(prefix, StringComparison.Ordinal))
            {
                host = host[prefix.Length..];
            }
        }

        return SharedHosts.Contains(host) || SharedHosts.Any(shared => host.EndsWith("." + shared, StringComparison.Ordinal)) ? null : host;
    }

    private static List<string> Words(string? text) => TextFolding.Words(text);
}
