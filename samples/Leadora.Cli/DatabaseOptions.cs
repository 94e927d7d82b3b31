using System.CommandLine;
using Leadora.Storage.Postgres;
using Microsoft.Extensions.Configuration;

namespace Leadora.Cli;

/// <summary>The <c>--database</c> option: a PostgreSQL connection string or postgres:// URL, defaulting to <c>LEADORA_DATABASE_URL</c>.</summary>
internal sealed class DatabaseOption
{
    public Option<string> Option { get; } = new("--database")
    {
        Description = "PostgreSQL database (Npgsql connection string or postgres://user:pass@host:5432/db URL); default: LEADORA_DATABASE_URL.",
    };

    public void AddTo(Command command) => command.Options.Add(Option);

    /// <summary>
    /// The database to use: the flag, else the environment (<c>LEADORA_DATABASE_URL</c> or <c>Leadora__Postgres__ConnectionString</c>).
    /// <see langword="null"/> when neither is set. <paramref name="error"/> is set when the value is malformed (never echoing it).
    /// </summary>
    public string? Resolve(ParseResult parse, out string? error)
    {
        error = null;
        var value = parse.GetValue(Option);
        if (string.IsNullOrWhiteSpace(value))
        {
            var configuration = LeadoraConfiguration.GetLeadoraSection(new ConfigurationBuilder().AddEnvironmentVariables().Build());
            value = configuration[$"{PostgresStorageOptions.SectionName}:ConnectionString"];
        }

        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (!PostgresConnectionString.TryNormalize(value, out _, out var problem))
        {
            error = $"--database (or LEADORA_DATABASE_URL) is not valid: {problem}";
            return null;
        }

        return value;
    }
}
