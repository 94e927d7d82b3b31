using System.Security.Claims;
using System.Text;
using Leadora.Web.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Leadora.Web.Security;

/// <summary>JWT rules: HS256 only, signed, with a lifetime, issuer and audience checked when configured, and a user (<c>sub</c>).</summary>
internal static class Tokens
{
    /// <summary>The claim that names the user; the user id is the tenant of every store and pipeline call.</summary>
    public const string UserIdClaim = "sub";

    /// <summary>Validation parameters for the configured secret.</summary>
    public static TokenValidationParameters ValidationParameters(WebAuthOptions auth, SigningSecret secret)
    {
        ArgumentNullException.ThrowIfNull(auth);
        ArgumentNullException.ThrowIfNull(secret);
        return new TokenValidationParameters
        {
            IssuerSigningKey = secret.Value is null ? null : Key(secret.Value),
            ValidateIssuerSigningKey = true,
            RequireSignedTokens = true,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ValidateIssuer = !string.IsNullOrEmpty(auth.Issuer),
            ValidIssuer = auth.Issuer,
            ValidateAudience = !string.IsNullOrEmpty(auth.Audience),
            ValidAudience = auth.Audience,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ClockSkew = auth.ClockSkew,
            NameClaimType = UserIdClaim,
            RoleClaimType = "role",
        };
    }

    /// <summary>
    /// Why a validated token still cannot act as a user, or <see langword="null"/> when it can: it must name a user
    /// (<c>sub</c>), and Supabase's public <c>anon</c> key (a JWT signed with the same secret) is refused.
    /// </summary>
    public static string? RejectionReason(ClaimsPrincipal? principal)
    {
        if (string.IsNullOrWhiteSpace(principal?.FindFirst(UserIdClaim)?.Value))
        {
            return "The token names no user (sub).";
        }

        return string.Equals(principal.FindFirst("role")?.Value, "anon", StringComparison.Ordinal) ? "Anonymous tokens cannot act as a user." : null;
    }

    /// <summary>Mints an HS256 JWT for <paramref name="userId"/> (development and local use).</summary>
    public static string Mint(string secret, WebAuthOptions auth, string userId, TimeSpan lifetime, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(auth);
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        var descriptor = new SecurityTokenDescriptor
        {
            Claims = new Dictionary<string, object>
            {
                [UserIdClaim] = userId,
                ["role"] = "authenticated",
                [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
            },
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + lifetime).UtcDateTime,
            Issuer = string.IsNullOrEmpty(auth.Issuer) ? null : auth.Issuer,
            Audience = string.IsNullOrEmpty(auth.Audience) ? null : auth.Audience,
            SigningCredentials = new SigningCredentials(Key(secret), SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    private static SymmetricSecurityKey Key(string secret) => new(Encoding.UTF8.GetBytes(secret));
}

/// <summary>Helpers for the signed-in user.</summary>
internal static class UserExtensions
{
    /// <summary>The caller's user id (the <c>sub</c> claim). Endpoints run only for authenticated callers, so it is present.</summary>
    public static string UserId(this ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return principal.FindFirst(Tokens.UserIdClaim)?.Value ?? throw new InvalidOperationException("The request is not authenticated.");
    }

    /// <summary>The caller's user id, or <see langword="null"/> when anonymous.</summary>
    public static string? UserIdOrNull(this ClaimsPrincipal? principal) =>
        principal?.Identity?.IsAuthenticated == true ? principal.FindFirst(Tokens.UserIdClaim)?.Value : null;
}
