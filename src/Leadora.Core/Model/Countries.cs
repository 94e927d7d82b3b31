using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Leadora;

/// <summary>A country Leadora can search in.</summary>
/// <param name="Code">ISO 3166-1 alpha-2 code, upper case (used as Google's <c>gl</c> and <c>regionCode</c>).</param>
/// <param name="Name">English short name.</param>
/// <param name="CallingCode">International calling code without the plus sign.</param>
public sealed record Country(string Code, string Name, string CallingCode);

/// <summary>Resolves country names, common aliases and ISO 3166-1 alpha-2 codes.</summary>
public static partial class Countries
{
    private static readonly Country[] Table = CreateTable();

    private static readonly (string Alias, string Code)[] AliasTable = CreateAliases();

    private static readonly FrozenDictionary<string, Country> ByCode =
        Table.ToFrozenDictionary(c => c.Code, StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenDictionary<string, Country> ByName = BuildNameIndex();

    /// <summary>Every known country, ordered by code.</summary>
    public static IReadOnlyList<Country> All => Table;

    /// <summary>Resolves a country from an English name, a common alias ("UAE", "KSA", "UK") or an alpha-2 code.</summary>
    /// <param name="input">What the caller typed.</param>
    /// <param name="country">The country, when found.</param>
    /// <returns>Whether the input names a known country.</returns>
    public static bool TryResolve([NotNullWhen(true)] string? input, [NotNullWhen(true)] out Country? country)
    {
        country = null;
        if (string.IsNullOrWhiteSpace(input))
        {
            return false;
        }

        var trimmed = input.Trim();
        if (trimmed.Length == 2 && ByCode.TryGetValue(trimmed, out country))
        {
            return true;
        }

        return ByName.TryGetValue(Fold(trimmed), out country);
    }

    /// <summary>Gets a country by alpha-2 code.</summary>
    /// <exception cref="KeyNotFoundException">The code is not a known ISO 3166-1 alpha-2 code.</exception>
    public static Country Get(string code) =>
        ByCode.TryGetValue(code, out var country) ? country : throw new KeyNotFoundException($"Unknown country code '{code}'.");

    private static FrozenDictionary<string, Country> BuildNameIndex()
    {
        var index = new Dictionary<string, Country>(StringComparer.Ordinal);
        foreach (var country in Table)
        {
            index[Fold(country.Name)] = country;
        }

        foreach (var (alias, code) in AliasTable)
        {
            index.TryAdd(Fold(alias), ByCode[code]);
        }

        return index.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>Lower-cases, strips accents and punctuation, drops a leading "the", collapses spaces.</summary>
    private static string Fold(string value)
    {
        var decomposed = TextFolding.RemoveDiacritics(value);
        var builder = new StringBuilder(decomposed.Length);
        var lastWasSpace = true;
        foreach (var ch in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(ch) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (char.IsLetterOrDigit(ch))
            {
                builder.Append(char.ToLowerInvariant(ch));
                lastWasSpace = false;
            }
            else if (ch != '.' && ch != '\'' && !lastWasSpace)
            {
                builder.Append(' ');
                lastWasSpace = true;
            }
        }

        var folded = builder.ToString().Trim();
        return folded.StartsWith("the ", StringComparison.Ordinal) ? folded[4..] : folded;
    }
}
