using System.Net;
using Leadora.Ports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Leadora.Providers;

/// <summary>
/// Named HttpClient registration shared by the providers: base address from the provider's options, pooled
/// connections that follow DNS changes, header values never logged, then (outermost first) the provider's resilience
/// pipeline (total timeout, retry, circuit breaker: <see cref="ProviderResilience"/>), its throttle
/// (<see cref="IRequestLimiter"/>), so every attempt is paced and counted against the concurrency cap, and the attempt
/// timeout, which times the exchange only.
/// </summary>
internal static class ProviderHttpClients
{
    private static readonly TimeSpan PooledConnectionLifetime = TimeSpan.FromMinutes(5);

    /// <summary>Registers the provider's named HttpClient with its resilience pipeline and throttle.</summary>
    /// <param name="services">The services.</param>
    /// <param name="clientName">The HttpClient name.</param>
    /// <param name="baseUrl">Reads the client's base URL from the options.</param>
    /// <param name="rules">The provider's error rules (what to retry, how long to wait).</param>
    /// <param name="throttleKey">The budget the client draws on; clients with the same key share one.</param>
    public static IHttpClientBuilder AddProviderHttpClient<TOptions>(this IServiceCollection services, string clientName, Func<TOptions, string> baseUrl, ProviderErrorRules rules, string throttleKey)
        where TOptions : ProviderHttpOptions
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IRequestLimiter, Leadora.InMemory.InMemoryRequestLimiter>();
        return services
            .AddHttpClient(clientName, (sp, client) =>
            {
                var options = sp.GetRequiredService<IOptions<TOptions>>().Value;
                client.BaseAddress = WithTrailingSlash(baseUrl(options));

                // The resilience pipeline owns every timeout, on the container's TimeProvider.
                client.Timeout = Timeout.InfiniteTimeSpan;
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                PooledConnectionLifetime = PooledConnectionLifetime,
                AutomaticDecompression = DecompressionMethods.All,
            })
            .RedactLoggedHeaders(static _ => true)
            .AddProviderResilience<TOptions>(rules)
            .AddProviderThrottle<TOptions>(throttleKey)
            .AddAttemptTimeout<TOptions>()
            .AddHttpMessageHandler(sp => new ResponseSizeLimitHandler(sp.GetRequiredService<IOptions<TOptions>>().Value.MaxResponseBytesFor));
    }

    /// <summary>
    /// Adds the provider's request budget for <paramref name="throttleKey"/> as the innermost handler: at most
    /// <c>MaxConcurrent</c> requests in flight, starts at least <c>MinDelayMs</c> apart, held by the registered
    /// <see cref="IRequestLimiter"/> (one budget per key for the whole process, or for the whole fleet with PostgreSQL).
    /// </summary>
    private static IHttpClientBuilder AddProviderThrottle<TOptions>(this IHttpClientBuilder builder, string throttleKey)
        where TOptions : ProviderHttpOptions
    {
        return builder.AddHttpMessageHandler(sp =>
        {
            var options = sp.GetRequiredService<IOptions<TOptions>>().Value;
            var limit = new RequestLimit(throttleKey, options.MaxConcurrent, TimeSpan.FromMilliseconds(options.MinDelayMs));
            return new ThrottlingHandler(sp.GetRequiredService<IRequestLimiter>(), limit);
        });
    }

    /// <summary>Makes relative request paths ("places") resolve under the base URL's path ("/serper/places").</summary>
    public static Uri WithTrailingSlash(string baseUrl) => new(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/", UriKind.Absolute);
}
