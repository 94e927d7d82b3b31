using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Leadora.Providers;

/// <summary>
/// Named HttpClient registration shared by the providers: base address and timeout from the provider's options,
/// pooled connections that follow DNS changes, header values never logged, and the provider's throttle.
/// Each provider chains its handlers onto the builder returned here, so cross-cutting HTTP behaviour such as a
/// resilience handler is one added call per provider (added before the throttle, so each attempt is paced).
/// </summary>
internal static class ProviderHttpClients
{
    private static readonly TimeSpan PooledConnectionLifetime = TimeSpan.FromMinutes(5);

    /// <summary>Registers the provider's named HttpClient.</summary>
    public static IHttpClientBuilder AddProviderHttpClient<TOptions>(this IServiceCollection services, string clientName, Func<TOptions, string> baseUrl, Func<TOptions, int> timeoutSeconds)
        where TOptions : class
    {
        services.TryAddSingleton(TimeProvider.System);
        return services
            .AddHttpClient(clientName, (sp, client) =>
            {
                var options = sp.GetRequiredService<IOptions<TOptions>>().Value;
                client.BaseAddress = WithTrailingSlash(baseUrl(options));
                client.Timeout = TimeSpan.FromSeconds(timeoutSeconds(options));
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                PooledConnectionLifetime = PooledConnectionLifetime,
                AutomaticDecompression = DecompressionMethods.All,
            })
            .RedactLoggedHeaders(static _ => true);
    }

    /// <summary>
    /// Adds the provider's <see cref="RequestThrottle"/> (one per provider for the whole service provider) as the
    /// innermost handler: at most <c>maxConcurrent</c> requests in flight, starts at least <c>minDelayMs</c> apart.
    /// </summary>
    public static IHttpClientBuilder AddProviderThrottle<TOptions>(this IHttpClientBuilder builder, string provider, Func<TOptions, int> maxConcurrent, Func<TOptions, int> minDelayMs)
        where TOptions : class
    {
        builder.Services.TryAddKeyedSingleton(provider, (sp, _) =>
        {
            var options = sp.GetRequiredService<IOptions<TOptions>>().Value;
            return new RequestThrottle(maxConcurrent(options), TimeSpan.FromMilliseconds(minDelayMs(options)), sp.GetRequiredService<TimeProvider>());
        });
        return builder.AddHttpMessageHandler(sp => new ThrottlingHandler(sp.GetRequiredKeyedService<RequestThrottle>(provider)));
    }

    /// <summary>Makes relative request paths ("places") resolve under the base URL's path ("/serper/places").</summary>
    public static Uri WithTrailingSlash(string baseUrl) => new(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/", UriKind.Absolute);
}
