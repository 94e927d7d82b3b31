using System.Net;
using System.Text.RegularExpressions;
using Leadora.Ports;

namespace Leadora.DecisionMakers;

/// <summary>A person parsed from a LinkedIn profile search result.</summary>
/// <param name="Name">Name, without honorifics or credentials.</param>
/// <param name="Title">Job title.</param>
/// <param name="Company">Company as the result shows it.</param>
/// <param name="Location">Location, when the result gives one.</param>
/// <param name="Url">Profile URL exactly as returned.</param>
public sealed record LinkedInProfile(string Name, string Title, string Company, string? Location, string Url)
{
    /// <summary>Whether the search engine cut the company short ("GRUNDFOS ..."): only its beginning is known.</summary>
    public bool CompanyTruncated { get; init; }
}

/// <summary>What one LinkedIn profile result says about a person; any field but the name may be missing.</summary>
/// <param name="Name">Name, without honorifics ("(Dr)") or credentials (", SHRM-SCP").</param>
/// <param name="Title">Job title or headline, when shown.</param>
/// <param name="Company">Current company, when shown (not a school in the company slot).</param>
/// <param name="Location">Location, from the title or the snippet.</param>
/// <param name="Url">Profile URL exactly as returned.</param>
public sealed record LinkedInResultFields(string Name, string? Title, string? Company, string? Location, string Url)
{
    /// <summary>Whether the title was cut short by the search engine.</summary>
    public bool TitleTruncated { get; init; }

    /// <summary>Whether the company was cut short by the search engine ("Directo ...").</summary>
    public bool CompanyTruncated { get; init; }
}

/// <summary>
/// Parses LinkedIn profile results as search engines show them, in the shapes measured on real results
/// (<c>eval/linkedin</c>): "Name - Title - Company | LinkedIn", "Name – Titel – Firma | LinkedIn", "Name - Company | LinkedIn",
/// "Name - Title at Company", "Name - Location | Professional ...", titles cut with "...", and snippets in the structured
/// ("Experience: X · Location: Y"), localised ("Berufserfahrung", "Expérience", "Experiencia") and name-led ("Name. Headline. Company ...") forms.
/// </summary>
public static partial class LinkedInProfiles
{
    private static readonly string[] StrongConnectors = [" at ", " @ ", " bei ", " chez ", " presso ", " bij ", " في ", " lors de "];
    private static readonly string[] WeakConnectors = [" en ", " na ", " no ", " em ", " a ", " à ", " au "];

    private static readonly HashSet<string> RoleWords = new(StringComparer.Ordinal)
    {
        // English
        "manager", "director", "head", "chief", "officer", "president", "vp", "svp", "evp", "ceo", "cfo", "cto", "coo", "cmo", "cio", "cpo", "cso",
        "founder", "cofounder", "owner", "partner", "engineer", "developer", "consultant", "analyst", "specialist", "lead", "leader",
        "professor", "lecturer", "teacher", "coordinator", "supervisor", "administrator", "architect", "designer", "scientist", "researcher",
        "advisor", "adviser", "associate", "assistant", "intern", "executive", "representative", "accountant", "attorney", "lawyer", "counsel",
        "chairman", "chairwoman", "chair", "secretary", "treasurer", "buyer", "purchaser", "technician", "operator", "superintendent",
        "foreman", "controller", "auditor", "planner", "strategist", "producer", "editor", "builder", "retired", "student", "md", "gm",
        "principal", "trainee", "apprentice", "clerk", "agent", "broker", "underwriter", "nurse", "physician", "doctor", "pharmacist", "chef",
        // German
        "geschaftsfuhrer", "geschaftsfuhrerin", "leiter", "leiterin", "inhaber", "inhaberin", "grunder", "grunderin", "vorstand", "berater",
        "beraterin", "ingenieur", "ingenieurin", "entwickler", "entwicklerin", "koch", "kochin", "referent", "referentin", "sachbearbeiter",
        "prokurist", "abteilungsleiter", "teamleiter", "einkaufer", "einkauferin", "meister", "vertriebsleiter", "projektleiter",
        // French
        "directeur", "directrice", "responsable", "gerant", "gerante", "fondateur", "fondatrice", "ingenieur", "president", "presidente",
        "charge", "chargee", "developpeur", "developpeuse", "technicien", "technicienne", "acheteur", "acheteuse", "conseiller", "conseillere",
        // Spanish / Portuguese / Italian
        "directora", "gerente", "jefe", "jefa", "ingeniero", "ingeniera", "fundador", "fundadora", "lider", "coordinador", "coordinadora",
        "analista", "consultor", "consultora", "desarrollador", "desarrolladora", "diretor", "diretora", "engenheiro", "engenheira", "socio",
        "socia", "coordenador", "coordenadora", "desenvolvedor", "direttore", "responsabile", "amministratore", "comprador", "compradora",
        // Turkish / Dutch
        "mudur", "muhendis", "kurucu", "yonetici", "uzman", "eigenaar", "directeur", "oprichter", "medewerker",
        // Arabic (not folded by TextFolding)
        "مدير", "رئيس", "مهندس", "مؤسس", "مستشار", "محاسب", "مشرف",
    };

    private static readonly HashSet<string> SchoolWords = new(StringComparer.Ordinal)
    {
        "university", "universidad", "universidade", "universitat", "universite", "universita", "universiteit", "universitesi", "college",
        "school", "escuela", "ecole", "schule", "hochschule", "academy", "akademie", "faculty", "facultad", "faculte", "lycee", "polytechnic",
    };

    private static readonly HashSet<string> OrganizationWords = new(StringComparer.Ordinal)
    {
        "institute", "instituto", "institut", "university", "bank", "group", "company", "gmbh", "inc", "ltd", "llc", "sa", "ag", "services",
        "technology", "technologies", "holding", "consulting", "solutions", "hospital", "ministry", "corporation", "corp", "plc", "kg",
    };

    /// <summary>Snippet field separators: "·", and U+FFFD where a capture mangled the "·" (measured on a Serper log).</summary>
    private static readonly char[] SnippetSeparators = ['·', '\uFFFD'];

    /// <summary>
    /// How LinkedIn's comma-less locations end ("Greater Ahmedabad Area", "Marseille et périphérie") or begin ("Greater Boston",
    /// "Region Stuttgart"); a company name rarely does either.
    /// </summary>
    private static readonly HashSet<string> AreaEndings = new(StringComparer.Ordinal) { "area", "peripherie", "metropolitana", "metropolitaine" };

    private static readonly HashSet<string> AreaBeginnings = new(StringComparer.Ordinal) { "greater", "region", "regiao", "regione" };

    private static readonly (string Marker, bool Company)[] SnippetFields =
    [
        ("Experience:", true), ("Berufserfahrung:", true), ("Expérience :", true), ("Expérience:", true), ("Experiencia:", true),
        ("Experiência:", true), ("Esperienza:", true), ("Ervaring:", true), ("Deneyim:", true), ("الخبرة:", true),
        ("Location:", false), ("Standort:", false), ("Ort:", false), ("Lieu :", false), ("Lieu:", false), ("Ubicación:", false),
        ("Localização:", false), ("Località:", false), ("Locatie:", false), ("Konum:", false), ("الموقع:", false),
    ];

    /// <summary>
    /// Parses a result for the pipeline: <see langword="false"/> unless it is a personal profile (<c>linkedin.com/in/…</c>) that
    /// shows a name, a title and a company.
    /// </summary>
    public static bool TryParse(WebResult result, out LinkedInProfile profile)
    {
        ArgumentNullException.ThrowIfNull(result);
        profile = null!;
        var fields = Read(result);
        if (fields is null || string.IsNullOrWhiteSpace(fields.Title) || string.IsNullOrWhiteSpace(fields.Company))
        {
            return false;
        }

        profile = new LinkedInProfile(fields.Name, fields.Title, fields.Company, fields.Location, fields.Url) { CompanyTruncated = fields.CompanyTruncated };
        return true;
    }

    /// <summary>
    /// Everything a result says about the person, or <see langword="null"/> when it is not a personal profile with a name
    /// (company pages, posts, articles, people directories, "Name's Post").
    /// </summary>
    public static LinkedInResultFields? Read(WebResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (!ProfileUrls.IsPersonalProfile(result.Url))
        {
            return null;
        }

        var snippet = result.Snippet is null ? null : WebUtility.HtmlDecode(result.Snippet).Trim();
        var text = WebUtility.HtmlDecode(result.Title ?? "").Trim();
        text = ProfessionalSuffix().Replace(text, "");
        text = LinkedInSuffix().Replace(text, "").Trim();
        var truncated = false;
        if (TrailingEllipsis().Match(text) is { Success: true } ellipsis)
        {
            truncated = true;
            text = text[..ellipsis.Index].TrimEnd();
        }

        var parts = DashSeparator().Split(text).Select(p => p.Trim()).Where(p => p.Length > 0).ToList();
        if (parts.Count == 0)
        {
            return null;
        }

        var name = CleanName(parts[0]);
        if (name is null)
        {
            return null;
        }

        var (snippetCompany, snippetLocation) = SnippetFieldsOf(snippet);
        string? title = null, company = null, location = null;
        bool titleTruncated = false, companyTruncated = false;
        var rest = parts.Skip(1).ToList();
        if (rest.Count > 0 && rest.Count >= 2 && LooksLikeLocation(rest[^1], snippetLocation))
        {
            location = rest[^1];
            rest.RemoveAt(rest.Count - 1);
            truncated = false;
        }

        if (rest.Count >= 2)
        {
            title = string.Join(" - ", rest.Take(rest.Count - 1));
            company = rest[^1];
            companyTruncated = truncated;
        }
        else if (rest.Count == 1)
        {
            var only = rest[0];
            if (location is not null)
            {
                // "Name - Company or school - Location": the slot holds the current employer, or a school when there is none.
                company = IsSchool(only) ? null : only;
                companyTruncated = truncated && company is not null;
            }
            else if (IsSchool(only) && !HasRoleWord(only))
            {
                // "Name - The University of Texas at Arlington": a school in the company slot, whose own name may hold "at".
            }
            else if (SplitAtConnector(only, snippetCompany) is var (t, c))
            {
                (title, company) = (t, c);
                companyTruncated = truncated;
            }
            else if (snippetCompany is not null && Same(only, snippetCompany))
            {
                company = only;
                companyTruncated = truncated;
            }
            else if (LooksLikeLocation(only, snippetLocation) && !HasRoleWord(only))
            {
                location = only;
            }
            else if (HasRoleWord(only))
            {
                title = only;
                titleTruncated = truncated;
            }
            else
            {
                company = only;
                companyTruncated = truncated;
            }
        }

        if (company is null && snippetCompany is not null)
        {
            company = snippetCompany;
            companyTruncated = false;
        }

        if (snippet is not null && (title is null || company is null))
        {
            if (title is null && StructuredHeadline(snippet, snippetCompany) is var (headlineTitle, headlineCompany))
            {
                title = headlineTitle;
                company ??= headlineCompany;
            }
            else if (title is not null && company is null && NameLedCompany(snippet, name, title) is var (ledCompany, ledTruncated))
            {
                (company, companyTruncated) = (ledCompany, ledTruncated);
            }
            else if (title is not null && company is null && TitleAtCompany(snippet, title) is { } atCompany)
            {
                company = atCompany;
            }
        }

        location ??= snippetLocation ?? (snippet is null ? null : NameLedLocation(snippet, name));
        return new LinkedInResultFields(name, Clean(title), Clean(company), Clean(location), result.Url)
        {
            TitleTruncated = titleTruncated,
            CompanyTruncated = companyTruncated,
        };
    }

    private static string? CleanName(string value)
    {
        var name = Honorific().Replace(value, "").Trim();
        var comma = name.IndexOf(',', StringComparison.Ordinal);
        if (comma > 0)
        {
            // "DeeAnn Kelly, SHRM-SCP", "Jane Doe, PhD": credentials after the name.
            name = name[..comma].Trim();
        }

        name = NameNoise().Replace(name, "").Trim();
        if (name.EndsWith("'s Post", StringComparison.OrdinalIgnoreCase) || name.EndsWith("’s Post", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var words = name.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length is < 2 or > 6 || name.Length > 60 || name.Any(char.IsDigit) || name.Contains('"', StringComparison.Ordinal) || name.Contains('«', StringComparison.Ordinal))
        {
            return null;
        }

        return string.Join(' ', words);
    }

    private static (string? Company, string? Location) SnippetFieldsOf(string? snippet)
    {
        if (string.IsNullOrWhiteSpace(snippet))
        {
            return (null, null);
        }

        string? company = null, location = null;
        foreach (var segment in snippet.Split(SnippetSeparators, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var (marker, isCompany) in SnippetFields)
            {
                if (!segment.StartsWith(marker, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var value = segment[marker.Length..].Trim();
                var more = value.IndexOf(", +", StringComparison.Ordinal);
                if (more > 0)
                {
                    value = value[..more];
                }

                if (value.Length > 0)
                {
                    if (isCompany)
                    {
                        company ??= value;
                    }
                    else
                    {
                        location ??= value;
                    }
                }

                break;
            }
        }

        return (company, location);
    }

    /// <summary>
    /// "Title at Company · Experience: Company · Location: …": the headline of a structured snippet, the first "·" segment that
    /// is neither a labelled field nor a connection or follower count.
    /// </summary>
    private static (string Title, string? Company)? StructuredHeadline(string snippet, string? snippetCompany)
    {
        if (snippet.IndexOfAny(SnippetSeparators) < 0)
        {
            return null;
        }

        foreach (var segment in snippet.Split(SnippetSeparators, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (SnippetFields.Any(f => segment.StartsWith(f.Marker, StringComparison.OrdinalIgnoreCase)) || CountPattern().IsMatch(segment))
            {
                continue;
            }

            if (TrailingEllipsis().IsMatch(segment) && segment.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length > 8)
            {
                // "Results-driven Delivery Manager Dedicated and accomplished Project Manager with a…": the start of an About text.
                return null;
            }

            if (SplitAtConnector(segment, snippetCompany) is var (title, company))
            {
                return (title, company);
            }

            return HasRoleWord(segment) ? (segment, null) : null;
        }

        return null;
    }

    /// <summary>"Name. Headline. Company ...": the snippet Google shows for newer profiles.</summary>
    private static (string Company, bool Truncated)? NameLedCompany(string snippet, string name, string title)
    {
        if (!snippet.StartsWith(name + ". ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var sentences = snippet[(name.Length + 2)..].Split(". ", StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (sentences.Length < 2 || !sentences[0].StartsWith(title, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var candidate = sentences[1];
        var truncated = false;
        if (TrailingEllipsis().Match(candidate) is { Success: true } ellipsis)
        {
            truncated = true;
            candidate = candidate[..ellipsis.Index].TrimEnd();
        }

        candidate = candidate.TrimEnd('.');
        return candidate.Length == 0 || HasRoleWord(candidate) || candidate.Split(' ').Length > 6 ? null : (candidate, truncated);
    }

    /// <summary>
    /// "Name. Headline. Company. City, Region, Country. 12 followers ...": the location is the sentence just before the
    /// follower or connection count.
    /// </summary>
    private static string? NameLedLocation(string snippet, string name)
    {
        if (!snippet.StartsWith(name + ". ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var sentences = snippet[(name.Length + 2)..].Split(". ", StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        for (var i = 1; i < sentences.Length; i++)
        {
            if (CountPattern().IsMatch(sentences[i]) && LooksLikeLocation(sentences[i - 1], null))
            {
                return sentences[i - 1];
            }
        }

        return null;
    }

    /// <summary>
    /// "… I'm a Software Engineer at Montral Informática, currently …": the employer after the result's own title (or its last
    /// words) followed by "at" in the snippet's text, up to the end of the clause.
    /// </summary>
    private static string? TitleAtCompany(string snippet, string title)
    {
        var titleWords = TextFolding.Words(title);
        if (titleWords.Count == 0)
        {
            return null;
        }

        var tail = titleWords.Skip(Math.Max(0, titleWords.Count - 2)).ToList();
        foreach (Match match in AtClause().Matches(snippet))
        {
            var before = TextFolding.Words(match.Groups["before"].Value);
            var company = match.Groups["company"].Value.Trim();
            if (before.Count >= tail.Count && before.Skip(before.Count - tail.Count).SequenceEqual(tail, StringComparer.Ordinal)
                && company.Length > 0 && char.IsUpper(company[0]) && company.Split(' ').Length <= 6 && !HasRoleWord(company))
            {
                return company;
            }
        }

        return null;
    }

    private static (string Title, string Company)? SplitAtConnector(string value, string? snippetCompany)
    {
        foreach (var connector in StrongConnectors)
        {
            var index = value.LastIndexOf(connector, StringComparison.OrdinalIgnoreCase);
            if (index > 0 && Split(value, index, connector.Length) is { } split)
            {
                return split;
            }
        }

        foreach (var connector in WeakConnectors)
        {
            var index = value.LastIndexOf(connector, StringComparison.Ordinal);
            if (index <= 0 || Split(value, index, connector.Length) is not { } split)
            {
                continue;
            }

            // "Ingeniero en Sistemas" is a title; "Responsable Logística en EuroSMC" names the employer.
            var confirmed = snippetCompany is not null ? Same(split.Company, snippetCompany) : HasRoleWord(split.Title) && char.IsUpper(split.Company[0]) && !HasRoleWord(split.Company);
            if (confirmed)
            {
                return split;
            }
        }

        return null;

        static (string Title, string Company)? Split(string value, int index, int length)
        {
            var title = value[..index].Trim();
            var company = value[(index + length)..].Trim().TrimEnd('.');
            return title.Length == 0 || company.Length == 0 ? null : (title, company);
        }
    }

    private static bool LooksLikeLocation(string value, string? snippetLocation)
    {
        if (snippetLocation is not null && Same(value, snippetLocation))
        {
            return true;
        }

        var words = TextFolding.Words(value);
        var area = words.Count >= 2 && (AreaEndings.Contains(words[^1]) || AreaBeginnings.Contains(words[0]));
        return (value.Contains(',', StringComparison.Ordinal) || area) && words.Count <= 8 && !words.Any(OrganizationWords.Contains) && !HasRoleWord(value);
    }

    private static bool IsSchool(string value) => TextFolding.Words(value).Any(SchoolWords.Contains);

    private static bool HasRoleWord(string value) =>
        TextFolding.Words(value.Replace("-", " ", StringComparison.Ordinal)).Any(RoleWords.Contains)
        || value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(RoleWords.Contains);

    private static bool Same(string a, string b) => LinkedInText.Normalize(a) == LinkedInText.Normalize(b);

    private static string? Clean(string? value)
    {
        if (value is null)
        {
            return null;
        }

        var cleaned = value.Trim().TrimEnd('|', '-', '–', '—', ',', ' ').Trim();
        return cleaned.Length == 0 ? null : cleaned;
    }

    [GeneratedRegex(@"\s*[\|\-–—]\s*LinkedIn\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LinkedInSuffix();

    [GeneratedRegex(@"\s*\|\s*(Professional\s+Profile|Professional|Perfil\s+profesional|Profil\s+professionnel|Berufliches\s+Profil)\b.*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ProfessionalSuffix();

    [GeneratedRegex(@"^\d[\d,.]*\s*[KkMm]?\+?\s+\p{L}", RegexOptions.CultureInvariant)]
    private static partial Regex CountPattern();

    [GeneratedRegex(@"(?<before>[^.·,;:!?]{1,80}?)\s+at\s+(?<company>[^,.;·()\n]+?)(?=\s*(,|\.\s|;|·|\(|$))", RegexOptions.CultureInvariant)]
    private static partial Regex AtClause();

    [GeneratedRegex(@"\s*(\.\.\.|…)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex TrailingEllipsis();

    [GeneratedRegex(@"\s+[\-–—]\s+", RegexOptions.CultureInvariant)]
    private static partial Regex DashSeparator();

    [GeneratedRegex(@"^(\((Dr|Prof|Eng|Ing)\.?\)|(Dr|Prof|Mr|Mrs|Ms|Mx|Eng|Ing|Sir)\.?(?=\s))\s*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Honorific();

    [GeneratedRegex(@"[\p{So}\p{Cs}★✨🚀]+", RegexOptions.CultureInvariant)]
    private static partial Regex NameNoise();
}

/// <summary>The one normalisation used to compare names, titles and companies read from results (and to score them against labels).</summary>
public static class LinkedInText
{
    /// <summary>Folded to ASCII where Latin, lower case, whitespace collapsed, without a trailing "..." or surrounding punctuation.</summary>
    public static string Normalize(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return "";
        }

        var text = TextFolding.RemoveDiacritics(value.Trim()).ToLowerInvariant();
        text = text.TrimEnd('.', '…', ' ', ',', ';', ':', '|', '-', '–', '—').TrimStart('.', ' ', ',', ';', ':', '|', '-', '–', '—');
        return string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }
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
