using System.Globalization;
using System.Threading.RateLimiting;
using Leadora.Web.Api;
using Leadora.Web.Security;
using Microsoft.AspNetCore.RateLimiting;

namespace Leadora.Web.Hosting;

/// <summary>Per-user rate limiting of search creation (API and UI), with ASP.NET Core's rate limiter.</summary>
internal static class RateLimits
{
    /// <summary>The policy on every route that starts a search.</summary>
    public const string SearchCreation = "search-creation";

    /// <summary>Registers the limiter: a fixed window per user id; reads (GET, HEAD) are never limited.</summary>
    public static IServiceCollection AddLeadoraRateLimiting(this IServiceCollection services, SearchRateLimitOptions options)
    {
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(SearchCreation, context =>
                HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)
                    ? RateLimitPartition.GetNoLimiter("reads")
                    : RateLimitPartition.GetFixedWindowLimiter(
                        "user:" + (context.User.UserIdOrNull() ?? "anonymous"),
                        _ => new FixedWindowRateLimiterOptions
                        {
                            PermitLimit = options.SearchesPerWindow,
                            Window = options.Window,
                            QueueLimit = 0,
                            AutoReplenishment = true,
                        }));
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                var http = context.HttpContext;
                var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? (int)Math.Ceiling(retryAfter.TotalSeconds) : (int)options.Window.TotalSeconds;
                http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                var detail = $"You can start {options.SearchesPerWindow} searches per {Describe(options.Window)}; try again in {seconds} s.";
                if (BearerToken.IsApi(http.Request.Path))
                {
                    await Problems.WriteAsync(http, StatusCodes.Status429TooManyRequests, detail);
                    return;
                }

                http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                http.Response.ContentType = "text/html; charset=utf-8";
                await http.Response.WriteAsync(StatusPages.Html(429, "Too many searches", detail), cancellationToken);
            };
        });
        return services;
    }

    private static string Describe(TimeSpan window) =>
        window == TimeSpan.FromMinutes(1) ? "minute" : window == TimeSpan.FromHours(1) ? "hour" : $"{window.TotalSeconds:0} seconds";
}
