using System.Globalization;
using System.Text;

namespace Leadora.Exports;

/// <summary>
/// RFC 4180 CSV in UTF-8 with a byte-order mark (so spreadsheet apps detect the encoding). Text cells that a spreadsheet
/// would run as a formula (starting with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, tab or carriage return) are prefixed with an
/// apostrophe so they open as text.
/// </summary>
internal static class Csv
{
    /// <summary>Writes a header row and the rows to <paramref name="stream"/>.</summary>
    public static async Task WriteAsync(Stream stream, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<object?>> rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(rows);
        var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true);
        await using (writer.ConfigureAwait(false))
        {
            await writer.WriteAsync(Line(header.Cast<object?>().ToList()).AsMemory(), cancellationToken).ConfigureAwait(false);
            foreach (var row in rows)
            {
                if (row.Count != header.Count)
                {
                    throw new ArgumentException($"A row has {row.Count} cells; the header has {header.Count}.", nameof(rows));
                }

                await writer.WriteAsync(Line(row).AsMemory(), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>One cell as it appears in the file: neutralized if needed, quoted if needed.</summary>
    public static string Cell(object? value)
    {
        var text = value switch
        {
            null => "",
            string s => Neutralize(s),
            double d => d.ToString("0.####", CultureInfo.InvariantCulture),
            float f => f.ToString("0.####", CultureInfo.InvariantCulture),
            decimal m => m.ToString(CultureInfo.InvariantCulture),
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            _ => Neutralize(value.ToString() ?? ""),
        };
        return text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }

    /// <summary>Prefixes text that a spreadsheet would treat as a formula with an apostrophe.</summary>
    public static string Neutralize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;
    }

    private static string Line(IReadOnlyList<object?> cells) => string.Join(',', cells.Select(Cell)) + "\r\n";
}
