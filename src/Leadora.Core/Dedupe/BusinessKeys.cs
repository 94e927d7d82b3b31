namespace Leadora.Dedupe;

/// <summary>
/// De-duplication keys of a business: any shared key makes two records the same business, across queries, pages,
/// providers and countries. Keys are prefixed by kind: <c>pid:</c> Google place id, <c>cid:</c> Google CID,
/// <c>dom:</c> website host, <c>tel:</c> international phone digits, <c>na:</c> name + street, <c>n:</c> name + country
/// (only when nothing else identifies the business).
/// </summary>
public static class BusinessKeys
{
    /// <summary>Keys of <paramref name="business"/>, strongest first; never empty.</summary>
    public static IReadOnlyList<string> For(Business business)
    {
        ArgumentNullException.ThrowIfNull(business);
        return For(business.Name, business.Address, business.Phone, business.Website, business.PlaceId, business.Cid, business.Country);
    }

    /// <summary>Keys from the individual fields, with the phone read in <paramref name="country"/>'s calling code.</summary>
    public static IReadOnlyList<string> For(string name, string? address, string? phone, string? website, string? placeId, string? cid, string country) =>
        For(name, address, phone, website, placeId, cid, country, Countries.TryResolve(country, out var resolved) ? resolved.CallingCode : null);

    /// <summary>Keys from the individual fields; see the type summary for the kinds.</summary>
    public static IReadOnlyList<string> For(string name, string? address, string? phone, string? website, string? placeId, string? cid, string country, string? callingCode)
    {
        var keys = new List<string>(5);
        if (!string.IsNullOrWhiteSpace(placeId))
        {
            keys.Add("pid:" + placeId.Trim());
        }

        if (!string.IsNullOrWhiteSpace(cid))
        {
            keys.Add("cid:" + cid.Trim());
        }

        if (TextKeys.NormalizeDomain(website) is { } domain)
        {
            keys.Add("dom:" + domain);
        }

        if (TextKeys.NormalizePhone(phone, callingCode) is { } digits)
        {
            keys.Add("tel:" + digits);
        }

        var normalizedName = TextKeys.NormalizeName(name);
        var street = TextKeys.NormalizeStreet(address);
        if (normalizedName.Length > 0 && street.Length > 0)
        {
            keys.Add($"na:{normalizedName}|{street}");
        }

        if (keys.Count == 0)
        {
            keys.Add($"n:{normalizedName}|{country.ToUpperInvariant()}");
        }

        return keys;
    }
}

/// <summary>Merges a duplicate into the stored business: fields the stored record lacks are taken from the duplicate.</summary>
public static class BusinessMerge
{
    /// <summary>The stored business with its missing fields filled from <paramref name="duplicate"/>. Identity, provenance and mapping are kept.</summary>
    public static Business FillMissing(Business stored, Business duplicate)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(duplicate);
        return stored with
        {
            Address = stored.Address ?? duplicate.Address,
            City = stored.City ?? duplicate.City,
            Phone = stored.Phone ?? duplicate.Phone,
            Website = stored.Website ?? duplicate.Website,
            Domain = stored.Domain ?? duplicate.Domain,
            Category = stored.Category ?? duplicate.Category,
            Rating = stored.Rating ?? duplicate.Rating,
            RatingCount = stored.RatingCount ?? duplicate.RatingCount,
            PlaceId = stored.PlaceId ?? duplicate.PlaceId,
            Cid = stored.Cid ?? duplicate.Cid,
            Latitude = stored.Latitude ?? duplicate.Latitude,
            Longitude = stored.Longitude ?? duplicate.Longitude,
        };
    }
}
