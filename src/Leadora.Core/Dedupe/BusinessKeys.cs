using Leadora.Ports;

namespace Leadora.Dedupe;

/// <summary>
/// De-duplication keys of a business: any shared key makes two records the same business, across queries, pages and
/// providers. Keys are prefixed by kind: <c>pid:</c> Google place id, <c>cid:</c> Google CID (one place, wherever it was
/// found), <c>dom:</c> website host + country, <c>tel:</c> international phone digits, <c>na:</c> name + street + country,
/// <c>n:</c> name + country (only when nothing else identifies the business). A company's branches in two countries are
/// two leads.
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

        var scope = country.ToUpperInvariant();
        if (TextKeys.NormalizeDomain(website) is { } domain)
        {
            // Links a company's listings in one country when at most one of them is a place with an id of its own (see
            // DuplicateRules); its branch in another country is another lead, with its own decision makers (their search is
            // per country). Merged across countries, whichever country stored it first won.
            keys.Add($"dom:{domain}|{scope}");
        }

        if (TextKeys.NormalizePhone(phone, callingCode) is { } digits)
        {
            keys.Add("tel:" + digits);
        }

        var normalizedName = TextKeys.NormalizeName(name);
        var street = TextKeys.NormalizeStreet(address);
        if (normalizedName.Length > 0 && street.Length > 0)
        {
            // Street names repeat across countries ("Corniche Rd"), so a name on a street identifies a site only within one.
            keys.Add($"na:{normalizedName}|{street}|{scope}");
        }

        if (keys.Count == 0)
        {
            keys.Add($"n:{normalizedName}|{scope}");
        }

        return keys;
    }
}

/// <summary>
/// When a shared key links two businesses. Most keys are enough on their own. A phone number is not when the names
/// disagree: restaurants inside one hotel or casino share its switchboard number. Two names disagree when each has
/// distinctive words and they share none ("Circus Circus" / "Golden Nugget Hotel" and "Stefano's"), or when each has a
/// venue word the other lacks ("Cafe Ritz-Carlton" and "Ritz-Carlton Dining Room"). And no key but a place id links two
/// listings that carry different place ids of one kind (two Google place ids, or two Google CIDs): they are two places,
/// such as a company's two plants under one website or phone number, and each is a lead with its own decision makers.
/// Merging them would keep whichever a search stored first, so two runs of one search could keep different ones.
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
    /// (see <see cref="Links"/>, and never two different places, see the type summary), or <see langword="null"/>. Both lead
    /// stores resolve duplicates with this.
    /// </summary>
    public static Guid? FindDuplicate(Business candidate, IReadOnlyList<string> keys, Func<string, Guid?> owner, Func<Guid, Business?> stored)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(stored);
        foreach (var key in keys)
        {
            if (owner(key) is { } id && (stored(id) is not { } existing || (Links(key, existing.Name, candidate.Name) && !DistinctPlaces(key, existing, candidate))))
            {
                return id;
            }
        }

        return null;
    }

    /// <summary>Whether <paramref name="sharedKey"/>, not itself a place id, would link listings of two different places.</summary>
    private static bool DistinctPlaces(string sharedKey, Business stored, Business candidate)
    {
        static bool Differ(string? first, string? second) =>
            !string.IsNullOrWhiteSpace(first) && !string.IsNullOrWhiteSpace(second) && !string.Equals(first.Trim(), second.Trim(), StringComparison.Ordinal);

        return !sharedKey.StartsWith("pid:", StringComparison.Ordinal)
            && !sharedKey.StartsWith("cid:", StringComparison.Ordinal)
            && (Differ(stored.PlaceId, candidate.PlaceId) || Differ(stored.Cid, candidate.Cid));
    }
}

/// <summary>What <see cref="BusinessMerge.Merge"/> decided for a batch: what a store must insert, update and index.</summary>
/// <param name="Inserted">New businesses, in batch order, with fields merged from later duplicates in the same batch.</param>
/// <param name="Updated">Stored businesses that gained fields from a duplicate, in the order they were first merged.</param>
/// <param name="NewKeys">Keys not yet indexed, with the business each now points to.</param>
/// <param name="Duplicates">Items of the batch that were duplicates (of a stored business or of an earlier item).</param>
public sealed record BusinessMergePlan(IReadOnlyList<Business> Inserted, IReadOnlyList<Business> Updated, IReadOnlyList<(string Key, Guid BusinessId)> NewKeys, int Duplicates);

/// <summary>
/// De-duplication of a batch of discovered businesses against what a search already has: the one algorithm every lead
/// store runs (in memory, or over the rows a database store read), so adapters agree item for item. A shared key links
/// two businesses unless <see cref="DuplicateRules.Links"/> says otherwise (a shared phone with disagreeing names).
/// </summary>
public static class BusinessMerge
{
    /// <summary>Most provenances kept in <see cref="Business.AlsoFoundBy"/>.</summary>
    public const int MaxProvenances = 20;

    /// <summary>
    /// Goes through <paramref name="batch"/> in order. An item with a key that is already indexed is a duplicate: it fills
    /// the missing fields of the business the key points to, and its other keys are indexed for that business. An item
    /// with no known key and an id not yet stored is new. An item whose id is already stored is a duplicate (a re-run).
    /// </summary>
    /// <param name="batch">Businesses with their de-duplication keys.</param>
    /// <param name="keyIndex">The search's key index (at least every key of the batch that is stored); updated in place.</param>
    /// <param name="stored">A stored business by id, or <see langword="null"/> (at least every business the batch's keys or ids point to).</param>
    /// <returns>What to insert, update and index.</returns>
    public static BusinessMergePlan Merge(IReadOnlyList<KeyedBusiness> batch, IDictionary<string, Guid> keyIndex, Func<Guid, Business?> stored)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(keyIndex);
        ArgumentNullException.ThrowIfNull(stored);
        var current = new Dictionary<Guid, Business>();
        var inserted = new List<Guid>();
        var insertedSet = new HashSet<Guid>();
        var updated = new List<Guid>();
        var updatedSet = new HashSet<Guid>();
        var newKeys = new List<(string Key, Guid BusinessId)>();
        var duplicates = 0;

        void Index(IReadOnlyList<string> keys, Guid id)
        {
            foreach (var key in keys)
            {
                if (keyIndex.TryAdd(key, id))
                {
                    newKeys.Add((key, id));
                }
            }
        }

        foreach (var (business, keys) in batch)
        {
            var existing = DuplicateRules.FindDuplicate(
                business,
                keys,
                k => keyIndex.TryGetValue(k, out var id) ? id : null,
                id => current.TryGetValue(id, out var known) ? known : stored(id));
            if (existing is { } existingId
                && (current.TryGetValue(existingId, out var target) || (target = stored(existingId)) is not null))
            {
                current[existingId] = FillMissing(target, business);
                if (!insertedSet.Contains(existingId) && updatedSet.Add(existingId))
                {
                    updated.Add(existingId);
                }

                Index(keys, existingId);
                duplicates++;
            }
            else if (!current.ContainsKey(business.Id) && stored(business.Id) is null)
            {
                current[business.Id] = business;
                inserted.Add(business.Id);
                insertedSet.Add(business.Id);
                Index(keys, business.Id);
            }
            else
            {
                duplicates++;
            }
        }

        return new BusinessMergePlan(inserted.Select(id => current[id]).ToList(), updated.Select(id => current[id]).ToList(), newKeys, duplicates);
    }

    /// <summary>The stored business enriched from <paramref name="duplicate"/>: a missing field is filled, a full street address replaces a bare locality, the rating with more reviews wins, types are united, and the duplicate's provenance is kept in <see cref="Business.AlsoFoundBy"/>. Identity, first provenance, persona match and fit are kept.</summary>
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
