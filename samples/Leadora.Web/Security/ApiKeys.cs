using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Leadora.Web.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Leadora.Web.Security;

/// <summary>A configured API key, kept only as a SHA-256 hash.</summary>
/// <param name="Name">Label for logs.</param>
/// <param name="UserId">The user the key acts as.</param>
/// <param name="Hash">SHA-256 of the key.</param>
internal sealed record ApiKeyEntry(string Name, string UserId, byte[] Hash);

/// <summary>The configured API keys. Lookups hash the presented key and compare in constant time.</summary>
internal sealed class ApiKeyStore(WebHostOptions options)
{
    private readonly List<ApiKeyEntry> _keys = options.Auth.ApiKeys
        .Select((k, i) => new ApiKeyEntry(string.IsNullOrWhiteSpace(k.Name) ? $"key-{i}" : k.Name, k.UserId.Trim(), SHA256.HashData(Encoding.UTF8.GetBytes(k.Key))))
        .ToList();

    /// <summary>Whether any key is configured.</summary>
    public bool Any => _keys.Count > 0;

    /// <summary>The entry of <paramref name="key"/>, or <see langword="null"/>.</summary>
    public ApiKeyEntry? Find(string key)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        ApiKeyEntry? found = null;
        foreach (var entry in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(entry.Hash, hash))
            {
                found = entry;
            }
        }

        return found;
    }
}

/// <summary>Authenticates <c>Authorization: Bearer &lt;api key&gt;</c> as the key's user.</summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyStore keys) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = BearerToken.Read(Context);
        if (token is null)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (keys.Find(token) is not { } key)
        {
            return Task.FromResult(AuthenticateResult.Fail("The API key is not valid."));
        }

        var identity = new ClaimsIdentity(
            [new Claim(Tokens.UserIdClaim, key.UserId), new Claim("leadora:api_key", key.Name)],
            Scheme.Name,
            Tokens.UserIdClaim,
            "role");
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) => Challenges.WriteAsync(Context);
}
