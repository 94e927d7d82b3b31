using Leadora.Dedupe;

namespace Leadora.DecisionMakers;

/// <summary>The answer to "is the company on this profile the business we searched for?".</summary>
public enum IdentityDecision
{
    /// <summary>A different company: other distinctive words, another branch or city, a parent or a subsidiary.</summary>
    NoMatch,

    /// <summary>The same company, up to legal form, case, accents, generic words ("Services", "Group") or the business's own city.</summary>
    Match,

    /// <summary>The rules cannot tell: the company was cut short by the search engine, or the branch city cannot be checked.</summary>
    Uncertain,
}

/// <summary>
/// Decides whether the company on a LinkedIn profile is the business it was searched for. The rules are the fast path; they
/// answer <see cref="IdentityDecision.Uncertain"/> rather than guess, and a caller that wants recall can ask a model about those.
/// Measured on the labelled set in <c>eval/linkedin</c> against the real company and against similar-but-different ones.
/// </summary>
public static class CompanyIdentity
{
    /// <summary>Words that do not tell two companies apart ("Najd Petrochemical" is "Najd Petrochemical Services LLC").</summary>
    private static readonly HashSet<string> GenericWords = new(StringComparer.Ordinal)
    {
        "services", "service", "group", "holding", "holdings", "trading", "international", "intl", "global", "solutions", "industries",
        "enterprises", "enterprise", "and", "of", "for", "al", "el", "de", "la", "le", "du", "der", "die", "und", "y", "e", "et",
        "gruppe", "groupe", "grupo", "official", "hq", "headquarters", "worldwide",
    };

    /// <summary>Decides identity from names alone (no truncation, no locations known).</summary>
    public static IdentityDecision Decide(string? profileCompany, string? businessName) => Decide(profileCompany, false, null, businessName, null);

    /// <summary>
    /// Decides identity. <paramref name="companyTruncated"/> says the profile's company is only the beginning of the name;
    /// <paramref name="profileLocation"/> and <paramref name="businessCity"/> (or its address) let a branch name ("Acme Riyadh")
    /// be checked against where the person is.
    /// </summary>
    public static IdentityDecision Decide(string? profileCompany, bool companyTruncated, string? profileLocation, string? businessName, string? businessCity)
    {
        var profile = Tokens(profileCompany);
        var business = Tokens(businessName);
        if (profile.Count == 0 || business.Count == 0)
        {
            return IdentityDecision.NoMatch;
        }

        if (profile.SequenceEqual(business))
        {
            return IdentityDecision.Match;
        }

        if (companyTruncated && IsPrefix(profile, business))
        {
            return IdentityDecision.Uncertain;
        }

        var shared = profile.Intersect(business, StringComparer.Ordinal).ToList();
        if (!shared.Any(IsDistinctive))
        {
            return IdentityDecision.NoMatch;
        }

        var extraProfile = profile.Except(business, StringComparer.Ordinal).Where(IsDistinctive).ToList();
        var extraBusiness = business.Except(profile, StringComparer.Ordinal).Where(IsDistinctive).ToList();
        if (extraProfile.Count == 0 && extraBusiness.Count == 0)
        {
            return IdentityDecision.Match;
        }

        if (extraProfile.Count > 0 && extraBusiness.Count > 0)
        {
            // "Crédit Agricole CIB" and "Crédit Agricole Assurances": siblings, not the same company.
            return IdentityDecision.NoMatch;
        }

        var city = Words(businessCity);
        var where = Words(profileLocation);
        if (extraBusiness.Count > 0)
        {
            // The business carries words the profile does not: a branch city ("Beazley London") or a different company ("Beazley Logistics").
            if (!extraBusiness.All(city.Contains))
            {
                return IdentityDecision.NoMatch;
            }

            return where.Count == 0 ? IdentityDecision.Uncertain : extraBusiness.All(where.Contains) ? IdentityDecision.Match : IdentityDecision.NoMatch;
        }

        // The profile carries words the business does not: its own city is fine, anything else is another company or unit.
        return extraProfile.All(city.Contains) ? IdentityDecision.Match : IdentityDecision.NoMatch;
    }

    private static bool IsDistinctive(string word) => !GenericWords.Contains(word) && (word.Length >= 2 || word.Any(char.IsDigit));

    private static bool IsPrefix(List<string> prefix, List<string> whole)
    {
        if (prefix.Count > whole.Count)
        {
            return false;
        }

        for (var i = 0; i < prefix.Count; i++)
        {
            var last = i == prefix.Count - 1;
            if (!(last ? whole[i].StartsWith(prefix[i], StringComparison.Ordinal) : whole[i] == prefix[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static List<string> Tokens(string? name) => TextKeys.NormalizeName(name).Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();

    private static HashSet<string> Words(string? text) => TextFolding.Words(text).ToHashSet(StringComparer.Ordinal);
}

/// <summary>Whether the company on a profile is the business it was searched for, by name alone.</summary>
public static class CompanyNames
{
    /// <summary>
    /// Whether <paramref name="profileCompany"/> names <paramref name="businessName"/>: <see cref="CompanyIdentity.Decide(string?, string?)"/>
    /// is <see cref="IdentityDecision.Match"/> (equal after normalisation, or differing only in generic words).
    /// </summary>
    public static bool Match(string? profileCompany, string? businessName) => CompanyIdentity.Decide(profileCompany, businessName) == IdentityDecision.Match;
}
