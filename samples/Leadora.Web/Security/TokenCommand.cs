using System.Globalization;
using Leadora.Web.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting.Internal;

namespace Leadora.Web.Security;

/// <summary>
/// <c>token --user ID [--hours N]</c>: prints an HS256 JWT for local use, signed with the configured secret
/// (<c>LEADORA_JWT_SECRET</c> / <c>SUPABASE_JWT_SECRET</c>) or, in Development, with the machine-local development secret
/// the host uses when none is configured. Only the token goes to standard output.
/// </summary>
internal static class TokenCommand
{
    /// <summary>Longest lifetime a minted token may have.</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(30);

    /// <summary>Runs the command; returns the exit code.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        string? user = null;
        var hours = 8.0;
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--user" when i + 1 < args.Length:
                    user = args[++i];
                    break;
                case "--hours" when i + 1 < args.Length:
                    if (!double.TryParse(args[++i], NumberStyles.Float, CultureInfo.InvariantCulture, out hours) || hours <= 0 || TimeSpan.FromHours(hours) > MaxLifetime)
                    {
                        error.WriteLine($"leadora-web token: --hours must be a number above 0 and at most {MaxLifetime.TotalHours:0}.");
                        return 2;
                    }

                    break;
                case "-h" or "--help":
                    error.WriteLine("Usage: dotnet run --project samples/Leadora.Web -- token --user <user id> [--hours 8]");
                    return 0;
                default:
                    rest.Add(args[i]);
                    break;
            }
        }

        if (string.IsNullOrWhiteSpace(user))
        {
            error.WriteLine("leadora-web token: --user <user id> is required (the user is the token's sub claim).");
            return 2;
        }

        var environmentName = Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? Environments.Production;
        var configuration = new ConfigurationBuilder()
            .SetBasePath(Directory.GetCurrentDirectory())
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile($"appsettings.{environmentName}.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine([.. rest])
            .Build();

        WebHostOptions options;
        SigningSecret secret;
        try
        {
            options = WebHostOptions.Read(configuration);
            secret = SigningSecret.Resolve(options.Auth, new HostingEnvironment { EnvironmentName = environmentName });
        }
        catch (StartupException ex)
        {
            error.WriteLine($"leadora-web token: {ex.Message}");
            return 1;
        }

        if (secret.Value is null)
        {
            error.WriteLine("leadora-web token: no JWT secret is configured. Set LEADORA_JWT_SECRET, or run in Development (dotnet run uses it) for the development secret.");
            return 1;
        }

        var lifetime = TimeSpan.FromHours(hours);
        output.WriteLine(Tokens.Mint(secret.Value, options.Auth, user.Trim(), lifetime, DateTimeOffset.UtcNow));
        error.WriteLine(secret.Source == SigningSecretSource.Development
            ? $"Token for '{user.Trim()}', valid {hours:0.#} h, signed with the development secret in {secret.DevelopmentFile} (accepted by this machine's Development host only)."
            : $"Token for '{user.Trim()}', valid {hours:0.#} h, signed with the configured secret.");
        return 0;
    }
}
