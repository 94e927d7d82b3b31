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
/// </summary>
internal sealed class ResponseSizeLimitHandler(Func<Uri?, int> limitFor) : DelegatingHandler
{
    private const int ChunkSize = 81920;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var maxBytes = limitFor(request.RequestUri);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var status = (int)response.StatusCode;
        if (response.Content.Headers.ContentLength is > 0 and var declared && declared > maxBytes)
        {
            response.Dispose();
            throw new ResponseTooLargeException(maxBytes, status, declared);
        }

        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                using var buffer = new MemoryStream();
                var chunk = new byte[ChunkSize];
                int read;
                while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    if (buffer.Length + read > maxBytes)
                    {
                        throw new ResponseTooLargeException(maxBytes, status, declared: null);
                    }

                    buffer.Write(chunk, 0, read);
                }

                var content = new ByteArrayContent(buffer.ToArray());
                foreach (var header in response.Content.Headers)
                {
                    content.Headers.TryAddWithoutValidation(header.Key, header.Value);
                }

                content.Headers.ContentLength = buffer.Length;
                response.Content.Dispose();
                response.Content = content;
                return response;
            }
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }
}
