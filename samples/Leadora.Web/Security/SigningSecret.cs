using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Leadora.Web.Hosting;

namespace Leadora.Web.Security;

/// <summary>Where the HS256 secret of the JWTs came from.</summary>
internal enum SigningSecretSource
{
    /// <summary>No secret: JWTs are rejected, only API keys work.</summary>
    None,

    /// <summary>From configuration (<c>LEADORA_JWT_SECRET</c> or <c>SUPABASE_JWT_SECRET</c>).</summary>
    Configured,

    /// <summary>A development-only secret generated on this machine and kept outside the repository.</summary>
    Development,
}

/// <summary>The HS256 secret the host validates (and, for development tokens, signs) JWTs with.</summary>
/// <param name="Value">The secret, or <see langword="null"/> when JWTs are not accepted.</param>
/// <param name="Source">Where it came from.</param>
/// <param name="DevelopmentFile">The file of a development secret.</param>
internal sealed record SigningSecret(string? Value, SigningSecretSource Source, string? DevelopmentFile = null)
{
    /// <summary>The configured secret; in Development without one, a machine-local development secret; otherwise none.</summary>
    /// <exception cref="StartupException">Nothing could authenticate a caller: no secret and no API key.</exception>
    public static SigningSecret Resolve(WebAuthOptions auth, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(auth);
        ArgumentNullException.ThrowIfNull(environment);
        if (!string.IsNullOrEmpty(auth.JwtSecret))
        {
            return new SigningSecret(auth.JwtSecret, SigningSecretSource.Configured);
        }

        if (environment.IsDevelopment())
        {
            var (secret, file) = DevelopmentSecret.LoadOrCreate();
            return new SigningSecret(secret, SigningSecretSource.Development, file);
        }

        return auth.ApiKeys.Count > 0
            ? new SigningSecret(null, SigningSecretSource.None)
            : throw new StartupException(
                "No caller could sign in: set LEADORA_JWT_SECRET (or SUPABASE_JWT_SECRET) to accept JWTs, configure API keys " +
                "(LEADORA_API_KEYS=user=key or Leadora:Web:Auth:ApiKeys), or run in the Development environment for a local development secret.");
    }
}

/// <summary>
/// A development-only JWT secret, generated once per machine and user and kept in the user's local application data
/// (never in the repository), so <c>dotnet run -- token</c> and the running host agree without any setup.
/// </summary>
internal static class DevelopmentSecret
{
    /// <summary>The secret's file.</summary>
    public static string FilePath
    {
        get
        {
            var root = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
            return Path.Combine(string.IsNullOrEmpty(root) ? Path.GetTempPath() : root, "Leadora", "dev-jwt-secret");
        }
    }

    /// <summary>Reads the secret, creating it (48 random bytes, base64url) on first use.</summary>
    public static (string Secret, string File) LoadOrCreate()
    {
        var file = FilePath;
        if (TryRead(file) is { } existing)
        {
            return (existing, file);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        try
        {
            using (var stream = new FileStream(file, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write(secret);
            }

            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            return (secret, file);
        }
        catch (IOException) when (TryRead(file) is { } raced)
        {
            // Another process created it first.
            return (raced, file);
        }
    }

    private static string? TryRead(string file)
    {
        try
        {
            var text = File.Exists(file) ? File.ReadAllText(file).Trim() : null;
            return text is { Length: >= 43 } ? text : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
