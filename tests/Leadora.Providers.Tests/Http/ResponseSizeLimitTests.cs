using System.Net;

namespace Leadora.Providers.Tests.Http;

/// <summary>
/// The innermost handler of every provider client: bodies come through byte for byte, with or without a declared length,
/// and a body past the limit fails whether the server declared it or not.
/// </summary>
public sealed class ResponseSizeLimitTests
{
    private const int Limit = 300_000;

    public static TheoryData<int, bool> Bodies => new()
    {
        { 0, false },
        { 17, false },
        { 81_920, false },
        { 81_921, false },
        { 250_000, false },
        { Limit, false },
        { 250_000, true },
        { Limit, true },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task A_body_within_the_limit_arrives_unchanged_with_its_length(int size, bool declared)
    {
        var bytes = Body(size);
        using var client = Client(bytes, declared);

        using var response = await client.GetAsync(new Uri("http://provider.test/v1/embeddings"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(size, response.Content.Headers.ContentLength);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(bytes, await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_body_past_the_limit_fails_whether_declared_or_found_while_reading(bool declared)
    {
        using var client = Client(Body(Limit + 1), declared);

        var failure = await Assert.ThrowsAsync<ResponseTooLargeException>(() => client.GetAsync(new Uri("http://provider.test/v1/embeddings")));

        Assert.Equal(200, failure.StatusCode);
        Assert.Equal(declared ? $"the response body ({Limit + 1} bytes) is larger than the {Limit} bytes allowed (MaxResponseBytes)" : $"the response body is larger than the {Limit} bytes allowed (MaxResponseBytes)", failure.Message);
    }

    [Theory]
    [InlineData(250_000, false)]
    [InlineData(Limit + 1, true)]
    public async Task A_stream_longer_than_its_declared_length_is_read_whole_within_the_limit(int size, bool tooLarge)
    {
        // As when a handler decompressed the body after the server declared the compressed length.
        var bytes = Body(size);
        using var client = new HttpClient(new ResponseSizeLimitHandler(_ => Limit) { InnerHandler = new Answer(bytes, declared: true, declaredLength: 1_000) });

        if (tooLarge)
        {
            await Assert.ThrowsAsync<ResponseTooLargeException>(() => client.GetAsync(new Uri("http://provider.test/v1/embeddings")));
            return;
        }

        using var response = await client.GetAsync(new Uri("http://provider.test/v1/embeddings"));
        Assert.Equal(size, response.Content.Headers.ContentLength);
        Assert.Equal(bytes, await response.Content.ReadAsByteArrayAsync());
    }

    private static byte[] Body(int size)
    {
        var bytes = new byte[size];
        new Random(size).NextBytes(bytes);
        return bytes;
    }

    private static HttpClient Client(byte[] body, bool declared) =>
        new(new ResponseSizeLimitHandler(_ => Limit) { InnerHandler = new Answer(body, declared) });

    /// <summary>
    /// Answers with the body, declaring its length (or <c>declaredLength</c>) or streaming it without one (as a chunked
    /// response does).
    /// </summary>
    private sealed class Answer(byte[] body, bool declared, long? declaredLength = null) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var content = new StreamContent(declared ? new MemoryStream(body) : new UnseekableStream(body), bufferSize: 4096);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            if (declaredLength is { } length)
            {
                content.Headers.ContentLength = length;
            }

            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request });
        }
    }

    /// <summary>A stream whose length nobody knows, that hands out a few bytes at a time like a network stream.</summary>
    private sealed class UnseekableStream(byte[] body) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(Math.Min(count, 7_001), body.Length - _position);
            body.AsSpan(_position, n).CopyTo(buffer.AsSpan(offset));
            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
