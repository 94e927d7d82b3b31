using System.Text.RegularExpressions;
using Leadora.Dedupe;
using Leadora.Ports;

namespace Leadora.DecisionMakers;

/// <summary>A person parsed from a LinkedIn profile search result.</summary>
/// <param name="Name">Name.</param>
/// <param name="Title">Job title.</param>
/// <param name="Company">Company as the result shows it.</param>
/// <param name="Location">Location, when the snippet gives one.</param>
/// <param name="Url">Profile URL exactly as returned.</param>
public sealed record LinkedInProfile(string Name, string Title, string Company, string? Location, string Url);

/// <summary>Parses LinkedIn profile results as search engines show them: "Jane Doe - Head of Procurement - Acme | LinkedIn".</summary>
public static partial class LinkedInProfiles
{
    /// <summary>Parses a result; <see langword="false"/> unless it is a personal profile (<c>linkedin.com/in/…</c>) with a name, a title and a company.</summary>
    public static bool TryParse(WebResult result, out LinkedInProfile profile)
    {
        ArgumentNullException.ThrowIfNull(result);
        profile = null!;
        if (!ProfileUrls.IsPersonalProfile(result.Url))
        {
            return false;
        }

        var title = SuffixPattern().Replace(result.Title ?? "", "").Trim();
        var parts = SeparatorPattern().Split(title).Select(p => p.Trim()).Where(p => p.Length > 0).ToList();
        if (parts.Count == 0 || !LooksLikeName(parts[0]))
        {
            return false;
        }

        string? jobTitle = null, company = null;
        if (parts.Count >= 3)
        {
            jobTitle = string.Join(" - ", parts.Skip(1).Take(parts.Count - 2));
            company = parts[^1];
        }
        else if (parts.Count == 2 && SplitAt(parts[1]) is var (t, c))
        {
            (jobTitle, company) = (t, c);
        }

        if ((jobTitle is null || company is null) && SplitAt(FirstSentence(result.Snippet)) is var (snippetTitle, snippetCompany))
        {
            jobTitle ??= snippetTitle;
            company ??= snippetCompany;
        }

        if (string.IsNullOrWhiteSpace(jobTitle) || string.IsNullOrWhiteSpace(company))
        {
            return false;
        }

        var location = result.Snippet is null ? null : LocationPattern().Match(result.Snippet) is { Success: true } m ? m.Groups[1].Value.Trim() : null;
        profile = new LinkedInProfile(parts[0], jobTitle.Trim(), company.Trim(), location, result.Url);
        return true;
    }

    private static bool LooksLikeName(string value)
    {
        var words = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Length is >= 2 and <= 5 && value.Length <= 60 && !value.Any(char.IsDigit);
    }

    private static string? FirstSentence(string? snippet)
    {
        if (string.IsNullOrWhiteSpace(snippet))
        {
            return null;
        }

        var segments = snippet.Split(['·', '|', '\n'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return segments.FirstOrDefault(s => s.Contains(" at ", StringComparison.OrdinalIgnoreCase));
    }

    private static (string Title, string Company)? SplitAt(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var index = value.LastIndexOf(" at ", StringComparison.OrdinalIgnoreCase);
        if (index <= 0)
        {
            return null;
        }

        var title = value[..index].Trim();
        var company = value[(index + 4)..].Trim().TrimEnd('.');
        return title.Length == 0 || company.Length == 0 ? null : (title, company);
    }

    [GeneratedRegex(@"\s*[\|\-–—]\s*LinkedIn\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SuffixPattern();

    [GeneratedRegex(@"\s+[\-–—\|]\s+", RegexOptions.CultureInvariant)]
    private static partial Regex SeparatorPattern();

    [GeneratedRegex(@"Location:\s*([^·|\n]+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LocationPattern();
}

/// <summary>LinkedIn profile URLs.</summary>
public static class ProfileUrls
{
    /// <summary>Whether <paramref name="url"/> is a personal profile: an http(s) URL on linkedin.com (any subdomain) under <c>/in/</c>.</summary>
    public static bool IsPersonalProfile(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        && (uri.Host.Equals("linkedin.com", StringComparison.OrdinalIgnoreCase) || uri.Host.EndsWith(".linkedin.com", StringComparison.OrdinalIgnoreCase))
        && uri.AbsolutePath.StartsWith("/in/", StringComparison.OrdinalIgnoreCase)
        && uri.AbsolutePath.Length > 4;

    /// <summary>The natural key of a profile URL: the <c>/in/</c> slug, lower case, without subdomain, query or trailing slash.</summary>
    public static string Normalize(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return url.Trim().ToLowerInvariant();
        }

        var path = Uri.UnescapeDataString(uri.AbsolutePath).TrimEnd('/').ToLowerInvariant();
        return uri.Host.EndsWith("linkedin.com", StringComparison.OrdinalIgnoreCase) ? "linkedin.com" + path : uri.Host.ToLowerInvariant() + path;
    }
}

/// <summary>Decides whether the company on a profile is the business it was searched for.</summary>
public static class CompanyNames
{
    private static readonly HashSet<string> GenericWords = new(StringComparer.Ordinal)
    {
        "services", "service", "group", "holding", "holdings", "trading", "international", "global", "solutions", "industries",
        "industry", "industrial", "enterprises", "enterprise", "systems", "technologies", "technology", "consulting", "partners",
        "and", "of", "for", "al", "el", "de", "la", "le", "national", "general", "management", "products", "supplies", "supply",
    };

    /// <summary>
    /// Whether <paramref name="profileCompany"/> names <paramref name="businessName"/>: equal after normalization, one contains
    /// the other as whole words (with at least one word of substance), or most words shared.
    /// </summary>
    public static bool Match(string? profileCompany, string? businessName)
    {
        var a = TextKeys.NormalizeName(profileCompany).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var b = TextKeys.NormalizeName(businessName).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (a.Length == 0 || b.Length == 0)
        {
            return false;
        }

        if (a.SequenceEqual(b))
        {
            return true;
        }

        var (shorter, longer) = a.Length <= b.Length ? (a, b) : (b, a);
        if (ContainsRun(longer, shorter) && shorter.Any(w => w.Length >= 3 && !GenericWords.Contains(w)))
        {
            return true;
        }

        var shared = a.Intersect(b, StringComparer.Ordinal).Count();
        var union = a.Union(b, StringComparer.Ordinal).Count();
        return (double)shared / union >= 0.6;
    }

    private static bool ContainsRun(string[] haystack, string[] needle)
    {
        for (var i = 0; i + needle.Length <= haystack.Length; i++)
        {
            if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>Decides whether a person's job title is one of the roles the search looked for.</summary>
public static class JobTitles
{
    private static readonly HashSet<string> SeniorityWords = new(StringComparer.Ordinal)
    {
        "senior", "sr", "junior", "jr", "head", "of", "the", "and", "for", "manager", "mgr", "director", "chief", "officer", "vice",
        "president", "vp", "svp", "evp", "lead", "leader", "principal", "deputy", "executive", "general",
        "regional", "global", "group", "country", "area", "managing", "acting", "interim", "team", "department", "division",
        "ceo", "coo", "cfo", "cto", "cio", "cpo", "gm", "md", "owner", "founder", "cofounder", "partner", "chairman", "board",
    };

    /// <summary>
    /// Whether <paramref name="title"/> fits the roles in <paramref name="wanted"/>: it shares a word that names a function
    /// ("procurement", "operations", "water") with one of them, or it is a pure seniority title ("General Manager", "CEO"),
    /// which decides in most companies. "Software Engineer" does not fit a search for procurement roles.
    /// </summary>
    public static bool Fit(string? title, IEnumerable<string> wanted)
    {
        ArgumentNullException.ThrowIfNull(wanted);
        var functions = FunctionWords(title);
        if (functions.Count == 0)
        {
            return !string.IsNullOrWhiteSpace(title);
        }

        return wanted.Any(w => FunctionWords(w).Overlaps(functions));
    }

    private static HashSet<string> FunctionWords(string? title) =>
        TextFolding.Words(title).Where(w => !SeniorityWords.Contains(w) && w.Length > 1).Select(Stem).ToHashSet(StringComparer.Ordinal);

    private static string Stem(string word) => word.Length > 4 && word.EndsWith('s') ? word[..^1] : word;
}

