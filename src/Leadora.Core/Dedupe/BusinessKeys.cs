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

    /// <summary>
    /// The key a business's id is derived from: its strongest key, qualified by the folded name when that key is a phone
    /// number, because businesses sharing a switchboard number may be different businesses (see <see cref="DuplicateRules"/>).
    /// </summary>
    public static string IdentityKey(IReadOnlyList<string> keys, string name)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return keys[0].StartsWith("tel:", StringComparison.Ordinal) ? keys[0] + "|" + TextKeys.NormalizeName(name) : keys[0];
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

/// <summary>
/// When a shared key links two businesses. Most keys are enough on their own. A phone number is not when the names
/// disagree: restaurants inside one hotel or casino share its switchboard number. Two names disagree when each has
/// distinctive words and they share none ("Circus Circus" / "Golden Nugget Hotel" and "Stefano's"), or when each has a
/// venue word the other lacks ("Cafe Ritz-Carlton" and "Ritz-Carlton Dining Room").
/// </summary>
public static class DuplicateRules
{
    private static readonly HashSet<string> VenueWords = new(StringComparer.Ordinal)
    {
        "cafe", "dining", "room", "restaurant", "steakhouse", "steak", "house", "grill", "grille", "bar", "lounge", "coffee", "shop",
        "brasserie", "bistro", "buffet", "deli", "pub", "tavern", "club", "grillroom",
    };

    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal) { "and", "of", "at", "in", "on", "a", "an", "the", "de", "la", "le", "el" };

    /// <summary>Whether <paramref name="sharedKey"/> makes the stored business and the candidate one business.</summary>
    public static bool Links(string sharedKey, string storedName, string candidateName)
    {
        ArgumentNullException.ThrowIfNull(sharedKey);
        return !sharedKey.StartsWith("tel:", StringComparison.Ordinal) || NamesCompatible(storedName, candidateName);
    }

    /// <summary>Whether two names can belong to one business that shares a phone number; see the type summary.</summary>
    public static bool NamesCompatible(string? first, string? second)
    {
        var a = Tokens(first);
        var b = Tokens(second);
        var distinctA = a.Where(w => !VenueWords.Contains(w)).ToHashSet(StringComparer.Ordinal);
        var distinctB = b.Where(w => !VenueWords.Contains(w)).ToHashSet(StringComparer.Ordinal);
        if (distinctA.Count > 0 && distinctB.Count > 0 && !distinctA.Overlaps(distinctB))
        {
            return false;
        }

        var venueA = a.Where(VenueWords.Contains).ToHashSet(StringComparer.Ordinal);
        var venueB = b.Where(VenueWords.Contains).ToHashSet(StringComparer.Ordinal);
        return venueA.IsSubsetOf(venueB) || venueB.IsSubsetOf(venueA);
    }

    private static HashSet<string> Tokens(string? name) =>
        TextFolding.Words(name?.Replace("&", " and ", StringComparison.Ordinal))
            .Where(w => !StopWords.Contains(w) && !TextKeys.IsLegalSuffix(w))
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// The stored business a candidate duplicates: the first of <paramref name="keys"/> that is already taken and links
    /// (see <see cref="Links"/>), or <see langword="null"/>. Both lead stores resolve duplicates with this.
    /// </summary>
    public static Guid? FindDuplicate(Business candidate, IReadOnlyList<string> keys, Func<string, Guid?> owner, Func<Guid, Business?> stored)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(stored);
        foreach (var key in keys)
        {
            if (owner(key) is { } id && (stored(id) is not { } existing || Links(key, existing.Name, candidate.Name)))
            {
                return id;
            }
        }

        return null;
    }
}

/// <summary>
/// Merges a duplicate into the stored business, keeping the richer value of each field: a missing field is filled, a full
/// street address replaces a bare locality, the rating with more reviews wins, types are united, and the duplicate's
/// provenance is kept in <see cref="Business.AlsoFoundBy"/>. Identity, first provenance, persona match and fit are kept.
/// </summary>
public static class BusinessMerge
{
    /// <summary>Most provenances kept in <see cref="Business.AlsoFoundBy"/>.</summary>
    public const int MaxProvenances = 20;

    /// <summary>The stored business enriched from <paramref name="duplicate"/> (see the type summary).</summary>
    public static Business FillMissing(Business stored, Business duplicate)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(duplicate);
        var moreReviews = (duplicate.RatingCount ?? -1) > (stored.RatingCount ?? -1) && duplicate.Rating is not null;
        var address = Richer(stored.Address, duplicate.Address);
        var provenances = stored.AlsoFoundBy.ToList();
        foreach (var provenance in duplicate.AlsoFoundBy.Prepend(duplicate.Provenance))
        {
            if (provenance != stored.Provenance && !provenances.Contains(provenance) && provenances.Count < MaxProvenances)
            {
                provenances.Add(provenance);
            }
        }

        return stored with
        {
            Address = address,
            City = ReferenceEquals(address, stored.Address) ? stored.City ?? duplicate.City : duplicate.City ?? stored.City,
            Phone = stored.Phone ?? duplicate.Phone,
            Website = stored.Website ?? duplicate.Website,
            Domain = stored.Domain ?? duplicate.Domain,
            Category = stored.Category ?? duplicate.Category,
            Types = stored.Types.Concat(duplicate.Types).Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
            Rating = moreReviews ? duplicate.Rating : stored.Rating ?? duplicate.Rating,
            RatingCount = moreReviews ? duplicate.RatingCount : stored.RatingCount ?? duplicate.RatingCount,
            PlaceId = stored.PlaceId ?? duplicate.PlaceId,
            Cid = stored.Cid ?? duplicate.Cid,
            Latitude = stored.Latitude ?? duplicate.Latitude,
            Longitude = stored.Longitude ?? duplicate.Longitude,
            AlsoFoundBy = provenances,
        };
    }

    /// <summary>The more complete of two addresses: the one with a street number when the other has none, else the one with more parts.</summary>
    private static string? Richer(string? stored, string? duplicate)
    {
        if (string.IsNullOrWhiteSpace(duplicate))
        {
            return stored;
        }

        if (string.IsNullOrWhiteSpace(stored))
        {
            return duplicate;
        }

        var storedNumber = stored.Any(char.IsAsciiDigit);
        var duplicateNumber = duplicate.Any(char.IsAsciiDigit);
        if (storedNumber != duplicateNumber)
        {
            return duplicateNumber ? duplicate : stored;
        }

        return duplicate.Split(',').Length > stored.Split(',').Length ? duplicate : stored;
    }
}
