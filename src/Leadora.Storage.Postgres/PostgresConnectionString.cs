using System.Globalization;
using Npgsql;

namespace Leadora.Storage.Postgres;

/// <summary>
/// Accepts a database address in either form Leadora documents: an Npgsql keyword connection string, or a
/// <c>postgres://user:password@host:port/database?sslmode=require</c> URL (Supabase, Heroku, Render). Error messages and
/// <see cref="Describe"/> never contain the password.
/// </summary>
public static class PostgresConnectionString
{
    /// <summary>URL query parameters that are understood and mapped onto Npgsql settings.</summary>
    private static readonly Dictionary<string, Action<NpgsqlConnectionStringBuilder, string>> UrlParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        ["sslmode"] = (b, v) => b.SslMode = v.ToLowerInvariant() switch
        {
            "disable" => SslMode.Disable,
            "allow" => SslMode.Allow,
            "prefer" => SslMode.Prefer,
            "require" => SslMode.Require,
            "verify-ca" => SslMode.VerifyCA,
            "verify-full" => SslMode.VerifyFull,
            _ => throw new FormatException($"sslmode '{v}' is not one of disable, allow, prefer, require, verify-ca, verify-full."),
        },
        ["application_name"] = (b, v) => b.ApplicationName = v,
        ["connect_timeout"] = (b, v) => b.Timeout = ParseInt("connect_timeout", v),
        ["options"] = (b, v) => b.Options = v,
        ["sslrootcert"] = (b, v) => b.RootCertificate = v,
        ["target_session_attrs"] = (b, v) => b.TargetSessionAttributes = v,
        ["search_path"] = (b, v) => b.SearchPath = v,
        // Prisma-style hint in Supabase pooler URLs; it has no Npgsql counterpart.
        ["pgbouncer"] = (_, _) => { },
    };

    /// <summary>The Npgsql connection string for <paramref name="value"/> (either form).</summary>
    /// <exception cref="FormatException">The value is neither form; the message names the problem, never the password.</exception>
    public static string Normalize(string value) =>
        TryNormalize(value, out var normalized, out var problem) ? normalized : throw new FormatException(problem);

    /// <summary>Tries <see cref="Normalize"/>.</summary>
    public static bool TryNormalize(string? value, out string normalized, out string problem)
    {
        normalized = "";
        problem = "";
        if (string.IsNullOrWhiteSpace(value))
        {
            problem = "it is empty.";
            return false;
        }

        var trimmed = value.Trim();
        try
        {
            normalized = IsUrl(trimmed) ? FromUrl(trimmed) : new NpgsqlConnectionStringBuilder(trimmed).ConnectionString;
            var check = new NpgsqlConnectionStringBuilder(normalized);
            if (string.IsNullOrWhiteSpace(check.Host))
            {
                problem = "it names no host.";
                return false;
            }

            return true;
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or KeyNotFoundException or UriFormatException)
        {
            // Npgsql's messages name keywords, not values; a URL's message is ours.
            problem = ex is ArgumentException && !IsUrl(trimmed) ? "it is not an Npgsql connection string (Host=…;Username=…;Password=…;Database=…) nor a postgres:// URL." : ex.Message;
            return false;
        }
    }

    /// <summary>A description safe to log: host, port, database and user, never the password.</summary>
    public static string Describe(string value)
    {
        if (!TryNormalize(value, out var normalized, out _))
        {
            return "(invalid connection string)";
        }

        var builder = new NpgsqlConnectionStringBuilder(normalized);
        return string.Create(CultureInfo.InvariantCulture, $"Host={builder.Host};Port={builder.Port};Database={builder.Database};Username={builder.Username}");
    }

    private static bool IsUrl(string value) =>
        value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase);

    private static string FromUrl(string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new FormatException("the postgres:// URL could not be read; it should look like postgres://user:password@host:5432/database (percent-encode special characters in the password).");
        }

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host.Trim('[', ']'),
            Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
        };
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            }
        }

        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length > 0)
        {
            builder.Database = database;
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            var parameter = Uri.UnescapeDataString(equals < 0 ? "" : pair[(equals + 1)..].Replace('+', ' '));
            if (!UrlParameters.TryGetValue(key, out var apply))
            {
                throw new FormatException($"the URL parameter '{key}' is not supported; supported: {string.Join(", ", UrlParameters.Keys)}.");
            }

            apply(builder, parameter);
        }

        return builder.ConnectionString;
    }

    private static int ParseInt(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new FormatException($"{name} '{value}' is not a whole number.");
}
