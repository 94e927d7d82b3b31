using Leadora.Ports;

namespace Leadora.Providers;

/// <summary>
/// Applies a provider's request budget (<see cref="RequestLimit"/>) to every request sent through its HttpClient, through
/// the <see cref="IRequestLimiter"/> the storage chose: in-process with in-memory storage, fleet-wide with PostgreSQL.
/// </summary>
/// <remarks>The permit is held until the response headers arrive (or the request fails).</remarks>
internal sealed class ThrottlingHandler(IRequestLimiter limiter, RequestLimit limit) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var permit = await limiter.EnterAsync(limit, cancellationToken).ConfigureAwait(false);
        await using (permit.ConfigureAwait(false))
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
    }
}
