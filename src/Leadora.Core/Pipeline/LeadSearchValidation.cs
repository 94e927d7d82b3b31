namespace Leadora;

/// <summary>One problem with a lead search request.</summary>
/// <param name="Field">The request field, in camelCase as in the JSON API (for example <c>productService</c>).</param>
/// <param name="Message">What is wrong, in one sentence.</param>
public sealed record ValidationProblem(string Field, string Message);

/// <summary>Thrown when a lead search request is invalid. Nothing was stored or started.</summary>
public sealed class LeadSearchValidationException : Exception
{
    /// <summary>Creates the exception for the given problems.</summary>
    public LeadSearchValidationException(IReadOnlyList<ValidationProblem> problems)
        : base(Describe(problems))
    {
        Problems = problems;
    }

    /// <summary>Creates the exception with no details.</summary>
    public LeadSearchValidationException()
        : this([])
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public LeadSearchValidationException(string message)
        : base(message)
    {
        Problems = [new ValidationProblem("request", message)];
    }

    /// <summary>Creates the exception with a message and inner exception.</summary>
    public LeadSearchValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [new ValidationProblem("request", message)];
    }

    /// <summary>Every problem found.</summary>
    public IReadOnlyList<ValidationProblem> Problems { get; }

    private static string Describe(IReadOnlyList<ValidationProblem> problems) =>
        problems.Count == 0 ? "The lead search request is invalid." : string.Join("; ", problems.Select(p => $"{p.Field}: {p.Message}"));
}

/// <summary>Validates and normalizes lead search requests. The CLI, the web API and the pipeline share these rules.</summary>
public static class LeadSearchValidator
{
    /// <summary>Product descriptions must be shorter than this many characters.</summary>
    public const int ProductServiceMaxLength = 2000;

    /// <summary>Most industries or countries in one request.</summary>
    public const int MaxListItems = 10;

    /// <summary>Longest accepted industry name.</summary>
    public const int IndustryMaxLength = 100;

    /// <summary>Every problem with <paramref name="request"/>; empty when it is valid.</summary>
    /// <param name="request">The request.</param>
    /// <param name="defaultLimits">Limits that apply when the request gives none.</param>
    public static IReadOnlyList<ValidationProblem> Validate(LeadSearchRequest? request, SearchLimits? defaultLimits = null)
    {
        if (request is null)
        {
            return [new ValidationProblem("request", "a request body is required.")];
        }

        var problems = new List<ValidationProblem>();
        var product = request.ProductService?.Trim() ?? "";
        if (product.Length == 0)
        {
            problems.Add(new("productService", "must not be empty; describe what you sell or buy."));
        }
        else if (product.Length >= ProductServiceMaxLength)
        {
            problems.Add(new("productService", $"is {product.Length:N0} characters; it must be under {ProductServiceMaxLength:N0}."));
        }

        if (!Enum.IsDefined(request.SearchType))
        {
            problems.Add(new("searchType", $"'{request.SearchType}' is not a search type; use customer or supplier."));
        }

        var industries = Clean(request.Industries);
        if (industries.Count == 0)
        {
            problems.Add(new("industries", "at least one industry is required."));
        }
        else if (industries.Count > MaxListItems)
        {
            problems.Add(new("industries", $"{industries.Count} given; at most {MaxListItems} are allowed."));
        }

        foreach (var industry in industries.Where(i => i.Length > IndustryMaxLength))
        {
            problems.Add(new("industries", $"'{industry[..20]}…' is longer than {IndustryMaxLength} characters."));
        }

        var countries = Clean(request.Countries);
        if (countries.Count == 0)
        {
            problems.Add(new("countries", "at least one country is required."));
        }
        else if (countries.Count > MaxListItems)
        {
            problems.Add(new("countries", $"{countries.Count} given; at most {MaxListItems} are allowed."));
        }

        foreach (var country in countries.Where(c => !Countries.TryResolve(c, out _)))
        {
            problems.Add(new("countries", $"'{country}' is not a known country; use an English name (\"Saudi Arabia\") or an ISO code (\"SA\")."));
        }

        problems.AddRange(ValidateLimits(request.Limits ?? defaultLimits ?? new SearchLimits(), "limits."));
        return problems;
    }

    /// <summary>Problems with <paramref name="limits"/>; field names start with <paramref name="prefix"/>.</summary>
    public static IReadOnlyList<ValidationProblem> ValidateLimits(SearchLimits limits, string prefix)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var problems = new List<ValidationProblem>();
        CheckRange(problems, prefix + "businessPersonas", limits.BusinessPersonas, 1, SearchLimits.MaxPersonas);
        CheckRange(problems, prefix + "decisionMakerPersonas", limits.DecisionMakerPersonas, 1, SearchLimits.MaxPersonas);
        CheckRange(problems, prefix + "businessesPerPersona", limits.BusinessesPerPersona, 1, 60);
        CheckRange(problems, prefix + "decisionMakersPerBusiness", limits.DecisionMakersPerBusiness, 0, 25);
        if (limits.MaxCostUsd is < 0)
        {
            problems.Add(new(prefix + "maxCostUsd", $"is {limits.MaxCostUsd}; it must not be negative."));
        }

        return problems;
    }

    /// <summary>Validates <paramref name="request"/> and returns the stored form of the search.</summary>
    /// <param name="request">The request.</param>
    /// <param name="searchId">Id of the new search.</param>
    /// <param name="tenantId">Owner.</param>
    /// <param name="now">Creation time.</param>
    /// <param name="defaultLimits">Limits that apply when the request gives none.</param>
    /// <exception cref="LeadSearchValidationException">The request is invalid.</exception>
    public static LeadSearch Normalize(LeadSearchRequest request, Guid searchId, string tenantId, DateTimeOffset now, SearchLimits? defaultLimits = null)
    {
        var problems = Validate(request, defaultLimits);
        if (problems.Count > 0)
        {
            throw new LeadSearchValidationException(problems);
        }

        if (string.IsNullOrWhiteSpace(tenantId))
        {
            throw new LeadSearchValidationException([new ValidationProblem("tenantId", "a tenant id is required.")]);
        }

        return new LeadSearch
        {
            Id = searchId,
            TenantId = tenantId,
            SearchType = request.SearchType,
            ProductService = request.ProductService.Trim(),
            Industries = Clean(request.Industries),
            Countries = Clean(request.Countries)
                .Select(c => Countries.TryResolve(c, out var country) ? country.Code : c)
                .Distinct(StringComparer.Ordinal)
                .ToArray(),
            Limits = request.Limits ?? defaultLimits ?? new SearchLimits(),
            Status = SearchStatus.Pending,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    private static List<string> Clean(IReadOnlyList<string>? values) =>
        (values ?? [])
            .Where(v => !string.IsNullOrWhiteSpace(v))
            .Select(v => v.Trim())
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();

    private static void CheckRange(List<ValidationProblem> problems, string field, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            problems.Add(new(field, $"is {value}; it must be between {min} and {max}."));
        }
    }
}
