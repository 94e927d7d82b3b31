using Leadora.Ports;

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

/// <summary>What <see cref="BusinessMerge.Merge"/> decided for a batch: what a store must insert, update and index.</summary>
/// <param name="Inserted">New businesses, in batch order, with fields merged from later duplicates in the same batch.</param>
/// <param name="Updated">Stored businesses that gained fields from a duplicate, in the order they were first merged.</param>
/// <param name="NewKeys">Keys not yet indexed, with the business each now points to.</param>
/// <param name="Duplicates">Items of the batch that were duplicates (of a stored business or of an earlier item).</param>
public sealed record BusinessMergePlan(IReadOnlyList<Business> Inserted, IReadOnlyList<Business> Updated, IReadOnlyList<(string Key, Guid BusinessId)> NewKeys, int Duplicates);

/// <summary>
/// De-duplication of a batch of discovered businesses against what a search already has: the one algorithm every lead
/// store runs (in memory, or over the rows a database store read), so adapters agree item for item.
/// </summary>
public static class BusinessMerge
{
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
            Guid? existing = null;
            foreach (var key in keys)
            {
                if (keyIndex.TryGetValue(key, out var id))
                {
                    existing = id;
                    break;
                }
            }

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
