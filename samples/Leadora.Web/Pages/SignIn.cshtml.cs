using Leadora.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Leadora.Web.Pages;

/// <summary>
/// Sign-in: the browser pastes a bearer token (JWT or API key), which is checked with the API's rules and kept in an
/// HttpOnly, SameSite=Strict session cookie. The cookie only carries the token: every request is authenticated by the
/// same schemes as the API. In Development without a configured secret, a developer can sign in as any user id.
/// </summary>
internal sealed class SignInModel(SignInValidator validator, SigningSecret secret, Hosting.WebHostOptions options) : PageModel
{
    /// <summary>The token pasted in.</summary>
    [BindProperty]
    public string? Token { get; set; }

    /// <summary>User id for a development sign-in.</summary>
    [BindProperty]
    public string? DeveloperUser { get; set; } = "dev";

    /// <summary>Where to go after signing in.</summary>
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>Set when the previous token stopped working.</summary>
    [BindProperty(SupportsGet = true)]
    public bool Expired { get; set; }

    /// <summary>Why sign-in failed.</summary>
    public string? Error { get; private set; }

    /// <summary>Whether development sign-in is offered.</summary>
    public bool DevelopmentSignIn => secret.Source == SigningSecretSource.Development;

    public async Task<IActionResult> OnPostAsync()
    {
        var token = Token?.Trim() ?? "";
        if (token.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            token = token["Bearer ".Length..].Trim();
        }

        if (token.Length == 0 || await validator.ValidateAsync(token) is null)
        {
            Error = token.Length == 0
                ? "Paste a token to sign in."
                : "That token is not valid: it may have expired, be signed with another secret, name no user, or be an unknown API key.";
            return Page();
        }

        return SignInWith(token);
    }

    public IActionResult OnPostDeveloper()
    {
        if (!DevelopmentSignIn || secret.Value is null)
        {
            return NotFound();
        }

        var user = DeveloperUser?.Trim();
        if (string.IsNullOrEmpty(user) || user.Length > 100)
        {
            Error = "Give a user id (up to 100 characters).";
            return Page();
        }

        return SignInWith(Tokens.Mint(secret.Value, options.Auth, user, TimeSpan.FromHours(8), DateTimeOffset.UtcNow));
    }

    public IActionResult OnPostSignOut()
    {
        Response.Cookies.Delete(BearerToken.CookieName, BearerToken.CookieOptions(Request));
        return Redirect("/signin");
    }

    private RedirectResult SignInWith(string token)
    {
        Response.Cookies.Append(BearerToken.CookieName, token, BearerToken.CookieOptions(Request));
        return Redirect(!string.IsNullOrEmpty(ReturnUrl) && Url.IsLocalUrl(ReturnUrl) && !ReturnUrl.StartsWith("/signin", StringComparison.OrdinalIgnoreCase) ? ReturnUrl : "/");
    }
}
