using System.Globalization;
using System.Text;

namespace Leadora.Sandbox.World;

/// <summary>Small text helpers shared by the world and the LLM emulation.</summary>
internal static class TextUtil
{
    /// <summary>Strips accents and lower-cases; keeps letters, digits and single spaces.</summary>
    public static string Fold(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return "";
        }

        var builder = new StringBuilder(value.Length);
        var lastWasSpace = true;
        foreach (var ch in value.Normalize(NormalizationForm.FormD))
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
            else if (!lastWasSpace && ch != '\'')
            {
                builder.Append(' ');
                lastWasSpace = true;
            }
        }

        return builder.ToString().Trim();
    }

    /// <summary>Folded words.</summary>
    public static string[] Words(string? value) => Fold(value).Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>A URL slug: folded words joined by '-'.</summary>
    public static string Slug(string? value) => string.Join('-', Words(value));

    /// <summary>Removes a plural ending: "refineries" → "refinery", "plants" → "plant" (not "glass" or "gas").</summary>
    public static string Singular(string word)
    {
        if (word.Length > 4 && word.EndsWith("ies", StringComparison.Ordinal))
        {
            return string.Concat(word.AsSpan(0, word.Length - 3), "y");
        }

        if (word.Length > 3 && word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal) && !word.EndsWith("us", StringComparison.Ordinal) && !word.EndsWith("is", StringComparison.Ordinal))
        {
            return word[..^1];
        }

        return word;
    }

    /// <summary>Upper-cases the first letter of every word.</summary>
    public static string TitleCase(string value)
    {
        var builder = new StringBuilder(value.Length);
        var start = true;
        foreach (var ch in value)
        {
            builder.Append(start ? char.ToUpperInvariant(ch) : ch);
            start = ch is ' ' or '-' or '/';
        }

        return builder.ToString();
    }

    /// <summary>Lower-cases the first letter.</summary>
    public static string LowerFirst(string value) =>
        value.Length == 0 ? value : string.Concat(char.ToLowerInvariant(value[0]).ToString(), value.AsSpan(1));

    /// <summary>"estimatedAverageDealSizeUsd" or "estimated_average_deal" → "estimated average deal size usd".</summary>
    public static string Humanize(string name)
    {
        var builder = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var ch = name[i];
            if (ch is '_' or '-' or '.')
            {
                builder.Append(' ');
                continue;
            }

            if (char.IsUpper(ch) && i > 0 && !char.IsUpper(name[i - 1]))
            {
                builder.Append(' ');
            }

            builder.Append(char.ToLowerInvariant(ch));
        }

        return string.Join(' ', builder.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>Property-name key: lower-case letters and digits only ("search_phrases" and "searchPhrases" → "searchphrases").</summary>
    public static string Key(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var ch in name)
        {
            if (char.IsLetterOrDigit(ch))
            {
                builder.Append(char.ToLowerInvariant(ch));
            }
        }

        return builder.ToString();
    }

    /// <summary>Rounds to the nearest multiple of <paramref name="unit"/> (for example thousands of dollars).</summary>
    public static double RoundTo(double value, double unit) => Math.Round(value / unit) * unit;

    /// <summary>Invariant formatting.</summary>
    public static string Inv(FormattableString value) => FormattableString.Invariant(value);
}
