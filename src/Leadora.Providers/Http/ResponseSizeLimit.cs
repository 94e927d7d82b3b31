using System.Globalization;

namespace Leadora.Providers;

/// <summary>A response body was larger than <see cref="ProviderHttpOptions.MaxResponseBytes"/>.</summary>
internal sealed class ResponseTooLargeException : Exception
{
    public ResponseTooLargeException(long limit, int statusCode, long? declared)
        : base(declared is { } length
            ? string.Create(CultureInfo.InvariantCulture, $"the response body ({length} bytes) is larger than the {limit} bytes allowed (MaxResponseBytes)")
            : string.Create(CultureInfo.InvariantCulture, $"the response body is larger than the {limit} bytes allowed (MaxResponseBytes)"))
    {
        StatusCode = statusCode;
    }

    public ResponseTooLargeException()
    {
    }

    public ResponseTooLargeException(string message)
        : base(message)
    {
    }

    public ResponseTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The status of the oversized response.</summary>
    public int StatusCode { get; }
}

/// <summary>
/// The innermost handler of every provider HttpClient: reads the body into memory, up to the provider's
/// <see cref="ProviderHttpOptions.MaxResponseBytes"/>, and fails with <see cref="ResponseTooLargeException"/> past it
/// (declared by Content-Length or found while reading), so an oversized answer is never buffered whole. That exception is
/// not a network failure: the resilience pipeline does not retry it, and the adapters report it as <c>InvalidResponse</c>.
/// The body is allocated once, at its final size: read straight into it when Content-Length declares it, else read in
/// pooled chunks and copied once. A growing buffer would leave a trail of discarded copies, most of them on the large
/// object heap for an embeddings answer of a few megabytes.
/// </summary>
internal sealed class ResponseSizeLimitHandler(Func<Uri?, int> limitFor) : DelegatingHandler
{
    private const int ChunkSize = 81920;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var maxBytes = limitFor(request.RequestUri);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var status = (int)response.StatusCode;
        var declared = response.Content.Headers.ContentLength;
        if (declared > maxBytes)
        {
            response.Dispose();
            throw new ResponseTooLargeException(maxBytes, status, declared);
        }

        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            byte[] body;
            int length;
            await using (stream.ConfigureAwait(false))
            {
                (body, length) = declared is > 0 and var exact
                    ? await ReadDeclaredAsync(stream, (int)exact, maxBytes, status, cancellationToken).ConfigureAwait(false)
                    : await ReadChunkedAsync(stream, maxBytes, status, [], cancellationToken).ConfigureAwait(false);
            }

            var content = new ByteArrayContent(body, 0, length);
            foreach (var header in response.Content.Headers)
            {
                content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            content.Headers.ContentLength = length;
            response.Content.Dispose();
            response.Content = content;
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Reads a body whose length the server declared. Should the stream hold more than that (a length from before the
    /// content was changed, as a decompressing handler does), the rest is read as if undeclared, within the limit.
    /// </summary>
    private static async Task<(byte[] Body, int Length)> ReadDeclaredAsync(Stream stream, int declared, int maxBytes, int status, CancellationToken cancellationToken)
    {
        var body = new byte[declared];
        var length = 0;
        int read;
        while (length < declared && (read = await stream.ReadAsync(body.AsMemory(length), cancellationToken).ConfigureAwait(false)) > 0)
        {
            length += read;
        }

        if (length < declared)
        {
            return (body, length);
        }

        var probe = new byte[1];
        return await stream.ReadAsync(probe, cancellationToken).ConfigureAwait(false) == 0
            ? (body, length)
            : await ReadChunkedAsync(stream, maxBytes, status, [body, probe], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads a body of unknown length (after what <paramref name="prefix"/> already holds) into pooled chunks, failing past
    /// <paramref name="maxBytes"/>, then copies it once.
    /// </summary>
    private static async Task<(byte[] Body, int Length)> ReadChunkedAsync(Stream stream, int maxBytes, int status, IReadOnlyList<byte[]> prefix, CancellationToken cancellationToken)
    {
        var total = prefix.Sum(p => p.Length);
        if (total > maxBytes)
        {
            throw new ResponseTooLargeException(maxBytes, status, declared: null);
        }

        var chunks = new List<(byte[] Buffer, int Filled)>();
        try
        {
            var ended = false;
            while (!ended)
            {
                var chunk = System.Buffers.ArrayPool<byte>.Shared.Rent(ChunkSize);
                var filled = 0;
                try
                {
                    while (filled < chunk.Length)
                    {
                        var read = await stream.ReadAsync(chunk.AsMemory(filled), cancellationToken).ConfigureAwait(false);
                        if (read == 0)
                        {
                            ended = true;
                            break;
                        }

                        filled += read;
                        total += read;
                        if (total > maxBytes)
                        {
                            throw new ResponseTooLargeException(maxBytes, status, declared: null);
                        }
                    }
                }
                finally
                {
                    chunks.Add((chunk, filled));
                }
            }

            var body = new byte[total];
            var offset = 0;
            foreach (var part in prefix.Select(p => (Buffer: p, Filled: p.Length)).Concat(chunks))
            {
                part.Buffer.AsSpan(0, part.Filled).CopyTo(body.AsSpan(offset));
                offset += part.Filled;
            }

            return (body, total);
        }
        finally
        {
            foreach (var (buffer, _) in chunks)
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }
}
