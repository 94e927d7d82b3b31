using System.Net;
using Leadora.Web.Api;
using Leadora.Web.Security;
using Microsoft.AspNetCore.Http.Features;

namespace Leadora.Web.Hosting;

/// <summary>Small pieces of the request pipeline.</summary>
internal static class Middleware
{
    /// <summary>
    /// Security headers on every response: no sniffing, no framing, no referrer (links to LinkedIn and sources must not
    /// carry search ids), and a Content-Security-Policy that allows only this origin's scripts and styles.
    /// </summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.ContentSecurityPolicy =
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; " +
            "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
        if (!context.Request.Path.StartsWithSegments("/css") && !context.Request.Path.StartsWithSegments("/js") && !context.Request.Path.StartsWithSegments("/img"))
        {
            headers.CacheControl = "no-store";
        }

        return next(context);
    });

    /// <summary>
    /// Rejects bodies over <paramref name="maxBytes"/> with 413 before they are read, and caps streamed bodies at the same
    /// size (Kestrel then fails the read, which the exception handler turns into a 413 problem).
    /// </summary>
    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app, long maxBytes) => app.Use(async (context, next) =>
    {
        if (context.Request.ContentLength > maxBytes)
        {
            await Problems.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, $"The request body is larger than {maxBytes:N0} bytes.");
            return;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = maxBytes;
        }

        await next(context);
    });

    /// <summary>Whether the request wants a page rather than JSON.</summary>
    public static bool WantsHtml(HttpRequest request) =>
        !BearerToken.IsApi(request.Path) && request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);
}

/// <summary>Plain error pages for browsers (the API answers ProblemDetails instead).</summary>
internal static class StatusPages
{
    /// <summary>A minimal, self-contained HTML page for an error status.</summary>
    public static string Html(int status, string title, string detail) =>
        $"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{WebUtility.HtmlEncode(title)} · Leadora</title><link rel="stylesheet" href="/css/site.css"></head>
        <body><main class="container narrow"><section class="card status-page">
        <p class="status-code">{status}</p><h1>{WebUtility.HtmlEncode(title)}</h1><p class="muted">{WebUtility.HtmlEncode(detail)}</p>
        <p><a class="button" href="/">Back to your searches</a></p>
        </section></main></body></html>
        """;

    /// <summary>A title for a status code.</summary>
    public static string Title(int status) => status switch
    {
        400 => "Bad request",
        401 => "Sign-in required",
        403 => "Forbidden",
        404 => "Not found",
        405 => "Method not allowed",
        413 => "Request too large",
        415 => "Unsupported media type",
        429 => "Too many requests",
        _ => status >= 500 ? "Something went wrong" : "Request failed",
    };
}
