using Leadora.Web.Api;
using Leadora.Web.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.Extensions.Options;

namespace Leadora.Web.Security;

/// <summary>
/// Authentication: one bearer token per request, from the <c>Authorization</c> header (or the UI's session cookie).
/// Tokens shaped like a JWT are validated as HS256 JWTs signed with the configured secret; anything else is looked up
/// as an API key. Every endpoint except health requires an authenticated user.
/// </summary>
internal static class LeadoraAuthentication
{
    /// <summary>The default scheme: picks <see cref="JwtScheme"/> or <see cref="ApiKeyScheme"/> by the token's shape.</summary>
    public const string Scheme = "Leadora";

    /// <summary>HS256 JWTs.</summary>
    public const string JwtScheme = "Jwt";

    /// <summary>API keys.</summary>
    public const string ApiKeyScheme = "ApiKey";

    /// <summary>Registers authentication and the authorization fallback policy.</summary>
    public static IServiceCollection AddLeadoraAuthentication(this IServiceCollection services, WebHostOptions options, SigningSecret secret)
    {
        services.AddSingleton(secret);
        services.AddSingleton<ApiKeyStore>();
        services.AddSingleton<SignInValidator>();
        services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, "JWT or API key", o => o.ForwardDefaultSelector = context =>
                BearerToken.Read(context) is { } token && !BearerToken.LooksLikeJwt(token) ? ApiKeyScheme : JwtScheme)
            .AddJwtBearer(JwtScheme, o =>
            {
                o.MapInboundClaims = false;
                o.IncludeErrorDetails = false;
                o.TokenValidationParameters = Tokens.ValidationParameters(options.Auth, secret);
                o.Events = new JwtBearerEvents
                {
                    OnMessageReceived = context =>
                    {
                        context.Token = BearerToken.Read(context.HttpContext);
                        return Task.CompletedTask;
                    },
                    OnTokenValidated = context =>
                    {
                        if (Tokens.RejectionReason(context.Principal) is { } reason)
                        {
                            context.Fail(reason);
                        }

                        return Task.CompletedTask;
                    },
                    OnChallenge = async context =>
                    {
                        context.HandleResponse();
                        await Challenges.WriteAsync(context.HttpContext);
                    },
                };
            })
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyScheme, null);

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder(Scheme).RequireAuthenticatedUser().RequireClaim(Tokens.UserIdClaim).Build());
        return services;
    }
}

/// <summary>What an unauthenticated request gets: a 401 ProblemDetails from the API, a redirect to sign-in from the UI.</summary>
internal static class Challenges
{
    /// <summary>Writes the challenge.</summary>
    public static async Task WriteAsync(HttpContext context)
    {
        var request = context.Request;
        var hadToken = BearerToken.Read(context) is not null;
        if (!BearerToken.IsApi(request.Path) && (HttpMethods.IsGet(request.Method) || HttpMethods.IsPost(request.Method)))
        {
            var returnUrl = request.PathBase + request.Path + request.QueryString;
            context.Response.Redirect($"/signin?returnUrl={Uri.EscapeDataString(returnUrl)}{(hadToken ? "&expired=true" : "")}");
            return;
        }

        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = hadToken ? "Bearer error=\"invalid_token\"" : "Bearer";
        await Problems.WriteAsync(context, StatusCodes.Status401Unauthorized,
            hadToken ? "The bearer token is not valid or has expired." : "Send a bearer token: a JWT signed with the configured secret, or an API key.");
    }
}

/// <summary>Checks a token pasted into the sign-in page with the same rules the API applies.</summary>
internal sealed class SignInValidator(IOptionsMonitor<JwtBearerOptions> jwt, ApiKeyStore keys)
{
    /// <summary>The user the token acts as, or <see langword="null"/> when it is not valid.</summary>
    public async Task<string?> ValidateAsync(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        token = token.Trim();
        if (token.Length == 0)
        {
            return null;
        }

        if (!BearerToken.LooksLikeJwt(token))
        {
            return keys.Find(token)?.UserId;
        }

        var parameters = jwt.Get(LeadoraAuthentication.JwtScheme).TokenValidationParameters;
        var result = await new JsonWebTokenHandler { MapInboundClaims = false }.ValidateTokenAsync(token, parameters);
        if (!result.IsValid)
        {
            return null;
        }

        var principal = new System.Security.Claims.ClaimsPrincipal(result.ClaimsIdentity);
        return Tokens.RejectionReason(principal) is null ? principal.FindFirst(Tokens.UserIdClaim)!.Value : null;
    }
}
