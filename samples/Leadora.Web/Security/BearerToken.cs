namespace Leadora.Web.Security;

/// <summary>Where a request's bearer token comes from: the <c>Authorization</c> header, or the UI's session cookie.</summary>
internal static class BearerToken
{
    /// <summary>The cookie the sign-in page stores the token in (HttpOnly, SameSite=Strict, session only).</summary>
    public const string CookieName = "leadora_token";

    /// <summary>
    /// The token of the request, or <see langword="null"/>. The header wins. The cookie is read for safe methods
    /// (GET, HEAD) everywhere and for the UI's own forms, which carry antiforgery tokens; state-changing API calls must
    /// send the header, so a cross-site form cannot ride on the browser's cookie.
    /// </summary>
    public static string? Read(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        var header = request.Headers.Authorization.ToString();
        if (header.Length > 0)
        {
            if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            var token = header["Bearer ".Length..].Trim();
            return token.Length == 0 ? null : token;
        }

        var cookieAllowed = HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || !IsApi(request.Path);
        return cookieAllowed && request.Cookies.TryGetValue(CookieName, out var cookie) && !string.IsNullOrWhiteSpace(cookie) ? cookie.Trim() : null;
    }

    /// <summary>Whether the path belongs to the machine-facing API (JSON, ProblemDetails, no redirects).</summary>
    public static bool IsApi(PathString path) =>
        path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/.netlify", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/openapi", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether a token has the three dot-separated parts of a JWT (API keys never contain dots).</summary>
    public static bool LooksLikeJwt(string token) => token.AsSpan().Count('.') == 2;

    /// <summary>Options of the session cookie for <paramref name="request"/>.</summary>
    public static CookieOptions CookieOptions(HttpRequest request) => new()
    {
        HttpOnly = true,
        Secure = request.IsHttps,
        SameSite = SameSiteMode.Strict,
        Path = "/",
        IsEssential = true,
    };
}
