using System.Collections.Frozen;
using System.Text;

namespace Leadora;

/// <summary>
/// Folds Latin letters with diacritics to ASCII ("Société" → "Societe") with an explicit table, so that de-duplication keys,
/// country lookups and hashing embeddings are identical on every machine, with or without ICU (invariant globalization).
/// </summary>
internal static class TextFolding
{
    private static readonly FrozenDictionary<char, string> Table = new Dictionary<char, string>
    {
        ['À'] = "A",
        ['Á'] = "A",
        ['Â'] = "A",
        ['Ã'] = "A",
        ['Ä'] = "A",
        ['Å'] = "A",
        ['Ā'] = "A",
        ['Ă'] = "A",
        ['Ą'] = "A",
        ['à'] = "a",
        ['á'] = "a",
        ['â'] = "a",
        ['ã'] = "a",
        ['ä'] = "a",
        ['å'] = "a",
        ['ā'] = "a",
        ['ă'] = "a",
        ['ą'] = "a",
        ['Ç'] = "C",
        ['Ć'] = "C",
        ['Ĉ'] = "C",
        ['Ċ'] = "C",
        ['Č'] = "C",
        ['ç'] = "c",
        ['ć'] = "c",
        ['ĉ'] = "c",
        ['ċ'] = "c",
        ['č'] = "c",
        ['Ď'] = "D",
        ['Đ'] = "D",
        ['ď'] = "d",
        ['đ'] = "d",
        ['È'] = "E",
        ['É'] = "E",
        ['Ê'] = "E",
        ['Ë'] = "E",
        ['Ē'] = "E",
        ['Ĕ'] = "E",
        ['Ė'] = "E",
        ['Ę'] = "E",
        ['Ě'] = "E",
        ['è'] = "e",
        ['é'] = "e",
        ['ê'] = "e",
        ['ë'] = "e",
        ['ē'] = "e",
        ['ĕ'] = "e",
        ['ė'] = "e",
        ['ę'] = "e",
        ['ě'] = "e",
        ['Ĝ'] = "G",
        ['Ğ'] = "G",
        ['Ġ'] = "G",
        ['Ģ'] = "G",
        ['ĝ'] = "g",
        ['ğ'] = "g",
        ['ġ'] = "g",
        ['ģ'] = "g",
        ['Ĥ'] = "H",
        ['Ħ'] = "H",
        ['ĥ'] = "h",
        ['ħ'] = "h",
        ['Ì'] = "I",
        ['Í'] = "I",
        ['Î'] = "I",
        ['Ï'] = "I",
        ['Ĩ'] = "I",
        ['Ī'] = "I",
        ['Ĭ'] = "I",
        ['Į'] = "I",
        ['İ'] = "I",
        ['ì'] = "i",
        ['í'] = "i",
        ['î'] = "i",
        ['ï'] = "i",
        ['ĩ'] = "i",
        ['ī'] = "i",
        ['ĭ'] = "i",
        ['į'] = "i",
        ['ı'] = "i",
        ['Ĵ'] = "J",
        ['ĵ'] = "j",
        ['Ķ'] = "K",
        ['ķ'] = "k",
        ['Ĺ'] = "L",
        ['Ļ'] = "L",
        ['Ľ'] = "L",
        ['Ŀ'] = "L",
        ['Ł'] = "L",
        ['ĺ'] = "l",
        ['ļ'] = "l",
        ['ľ'] = "l",
        ['ŀ'] = "l",
        ['ł'] = "l",
        ['Ñ'] = "N",
        ['Ń'] = "N",
        ['Ņ'] = "N",
        ['Ň'] = "N",
        ['ñ'] = "n",
        ['ń'] = "n",
        ['ņ'] = "n",
        ['ň'] = "n",
        ['Ò'] = "O",
        ['Ó'] = "O",
        ['Ô'] = "O",
        ['Õ'] = "O",
        ['Ö'] = "O",
        ['Ø'] = "O",
        ['Ō'] = "O",
        ['Ŏ'] = "O",
        ['Ő'] = "O",
        ['ò'] = "o",
        ['ó'] = "o",
        ['ô'] = "o",
        ['õ'] = "o",
        ['ö'] = "o",
        ['ø'] = "o",
        ['ō'] = "o",
        ['ŏ'] = "o",
        ['ő'] = "o",
        ['Ŕ'] = "R",
        ['Ŗ'] = "R",
        ['Ř'] = "R",
        ['ŕ'] = "r",
        ['ŗ'] = "r",
        ['ř'] = "r",
        ['Ś'] = "S",
        ['Ŝ'] = "S",
        ['Ş'] = "S",
        ['Š'] = "S",
        ['Ș'] = "S",
        ['ś'] = "s",
        ['ŝ'] = "s",
        ['ş'] = "s",
        ['š'] = "s",
        ['ș'] = "s",
        ['Ţ'] = "T",
        ['Ť'] = "T",
        ['Ŧ'] = "T",
        ['Ț'] = "T",
        ['ţ'] = "t",
        ['ť'] = "t",
        ['ŧ'] = "t",
        ['ț'] = "t",
        ['Ù'] = "U",
        ['Ú'] = "U",
        ['Û'] = "U",
        ['Ü'] = "U",
        ['Ũ'] = "U",
        ['Ū'] = "U",
        ['Ŭ'] = "U",
        ['Ů'] = "U",
        ['Ű'] = "U",
        ['Ų'] = "U",
        ['ù'] = "u",
        ['ú'] = "u",
        ['û'] = "u",
        ['ü'] = "u",
        ['ũ'] = "u",
        ['ū'] = "u",
        ['ŭ'] = "u",
        ['ů'] = "u",
        ['ű'] = "u",
        ['ų'] = "u",
        ['Ŵ'] = "W",
        ['ŵ'] = "w",
        ['Ý'] = "Y",
        ['Ÿ'] = "Y",
        ['Ŷ'] = "Y",
        ['ý'] = "y",
        ['ÿ'] = "y",
        ['ŷ'] = "y",
        ['Ź'] = "Z",
        ['Ż'] = "Z",
        ['Ž'] = "Z",
        ['ź'] = "z",
        ['ż'] = "z",
        ['ž'] = "z",
        ['ß'] = "ss",
        ['Æ'] = "AE",
        ['æ'] = "ae",
        ['Œ'] = "OE",
        ['œ'] = "oe",
        ['Þ'] = "Th",
        ['þ'] = "th",
        ['Ð'] = "D",
        ['ð'] = "d",
    }.ToFrozenDictionary();

    /// <summary>
    /// Lower-case words of <paramref name="text"/> without diacritics. Apostrophes and dots join ("Morton's" → "mortons",
    /// "S.A." → "sa"); every other non-alphanumeric character separates words.
    /// </summary>
    public static List<string> Words(string? text)
    {
        var words = new List<string>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return words;
        }

        var builder = new StringBuilder();
        foreach (var ch in RemoveDiacritics(text))
        {
            if (ch is '\'' or '\u2019' or '.' || ch is >= '\u0300' and <= '\u036F')
            {
                continue;
            }

            if (char.IsLetterOrDigit(ch))
            {
                builder.Append(char.ToLowerInvariant(ch));
            }
            else if (builder.Length > 0)
            {
                words.Add(builder.ToString());
                builder.Clear();
            }
        }

        if (builder.Length > 0)
        {
            words.Add(builder.ToString());
        }

        return words;
    }

    /// <summary>The text with diacritics removed from Latin letters; other characters are kept.</summary>
    public static string RemoveDiacritics(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Ascii.IsValid(text))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        foreach (var ch in text)
        {
            if (ch is >= '\u0300' and <= '\u036F')
            {
                continue;
            }

            if (Table.TryGetValue(ch, out var folded))
            {
                builder.Append(folded);
            }
            else
            {
                builder.Append(ch);
            }
        }

        return builder.ToString();
    }
}
