using System.Text;
using Leadora.Exports;

namespace Leadora.Core.Tests;

public sealed class ExportTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"")]
    [InlineData("+1 555", "'+1 555")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tx", "'\tx")]
    [InlineData("Najd, Riyadh", "\"Najd, Riyadh\"")]
    [InlineData("plain", "plain")]
    public void Text_cells_that_would_run_as_formulas_open_as_text(string value, string expected) => Assert.Equal(expected, Csv.Cell(value));

    [Fact]
    public void Numbers_are_invariant_and_not_neutralized() => Assert.Equal("-0.125", Csv.Cell(-0.125));

    [Fact]
    public async Task Files_are_utf8_with_a_bom_and_crlf_rows()
    {
        using var stream = new MemoryStream();
        await Csv.WriteAsync(stream, ["name", "city"], [["Société", "Riyadh"]]);
        var bytes = stream.ToArray();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        Assert.Equal("name,city\r\nSociété,Riyadh\r\n", Encoding.UTF8.GetString(bytes[3..]));
    }

    [Fact]
    public async Task Rows_must_match_the_header()
    {
        using var stream = new MemoryStream();
        await Assert.ThrowsAsync<ArgumentException>(() => Csv.WriteAsync(stream, ["a", "b"], [["only one"]]));
    }
}
