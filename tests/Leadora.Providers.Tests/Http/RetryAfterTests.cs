namespace Leadora.Providers.Tests.Http;

public sealed class RetryAfterTests
{
    private static readonly DateTimeOffset Now = new(2025, 10, 21, 7, 27, 30, TimeSpan.Zero);

    [Theory]
    [InlineData("1500", "9", 1500)]
    [InlineData(null, "9", 9000)]
    [InlineData("", "0.25", 250)]
    [InlineData("abc", "2", 2000)]
    [InlineData(null, "Tue, 21 Oct 2025 07:28:00 GMT", 30_000)]
    [InlineData(null, "Tue, 21 Oct 2025 07:00:00 GMT", 0)]
    public void Reads_milliseconds_seconds_or_a_date(string? retryAfterMs, string? retryAfter, int expectedMs) =>
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), RetryAfter.Parse(retryAfterMs, retryAfter, Now));

    [Theory]
    [InlineData(null, null)]
    [InlineData("-5", "soon")]
    [InlineData(null, "-1")]
    public void Is_absent_when_the_provider_did_not_say(string? retryAfterMs, string? retryAfter) =>
        Assert.Null(RetryAfter.Parse(retryAfterMs, retryAfter, Now));
}
