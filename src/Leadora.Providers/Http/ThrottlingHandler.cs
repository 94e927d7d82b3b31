namespace Leadora.Providers;

/// <summary>Applies a provider's <see cref="RequestThrottle"/> to every request sent through its HttpClient.</summary>
/// <remarks>The permit is held until the response headers arrive (or the request fails).</remarks>
internal sealed class ThrottlingHandler(RequestThrottle throttle) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var permit = await throttle.EnterAsync(cancellationToken).ConfigureAwait(false);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
