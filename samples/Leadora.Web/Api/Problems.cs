using Microsoft.AspNetCore.Mvc;

namespace Leadora.Web.Api;

/// <summary>RFC 9457 problem responses. Every error the host returns is one of these, without stack traces or secrets.</summary>
internal static class Problems
{
    /// <summary>The one answer for a search the caller cannot see: whether it is another user's or does not exist.</summary>
    public static IResult SearchNotFound() =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not Found", detail: "You have no search with this id.");

    /// <summary>The answer for a lead the caller cannot see: no such search of theirs, or no such business or decision maker in it.</summary>
    public static IResult LeadNotFound() =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not Found", detail: "You have no search with this id, or it has no business or decision maker with this lead id.");

    /// <summary>400 naming each bad field.</summary>
    public static IResult Validation(IEnumerable<ValidationProblem> problems) =>
        TypedResults.ValidationProblem(ToErrors(problems), title: "The request is invalid.", detail: "See errors: each bad field and what is wrong with it.");

    /// <summary>400 for one bad field.</summary>
    public static IResult Validation(string field, string message) => Validation([new ValidationProblem(field, message)]);

    /// <summary>Field → messages.</summary>
    public static Dictionary<string, string[]> ToErrors(IEnumerable<ValidationProblem> problems) =>
        problems.GroupBy(p => p.Field, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray(), StringComparer.Ordinal);

    /// <summary>Writes a problem response outside an endpoint (authentication, middleware).</summary>
    public static async Task WriteAsync(HttpContext context, int status, string detail)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = status;
        var service = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await service.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Detail = detail },
        });
    }
}
