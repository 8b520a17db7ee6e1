using System.Diagnostics;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace LatentDash.Web.Security;

/// <summary>Writes an application/problem+json answer with a trace id, the one shape every refusal of the API has.</summary>
internal static class ApiProblem
{
    public static Task WriteAsync(HttpContext context, int status, string? detail = null)
    {
        var problem = new ProblemDetails
        {
            Status = status,
            Title = TitleOf(status),
            Detail = detail,
        };
        // Under the name the API's other problems use (the JSON naming policy's, as ASP.NET Core's own writer does).
        var naming = context.RequestServices.GetService<IOptions<JsonOptions>>()?.Value.SerializerOptions.PropertyNamingPolicy;
        problem.Extensions[naming?.ConvertName("traceId") ?? "traceId"] = Activity.Current?.Id ?? context.TraceIdentifier;
        context.Response.StatusCode = status;
        return TypedResults.Problem(problem).ExecuteAsync(context);
    }

    private static string TitleOf(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "Bad request",
        StatusCodes.Status401Unauthorized => "The API key is missing or wrong",
        StatusCodes.Status403Forbidden => "Forbidden",
        StatusCodes.Status404NotFound => "Not found",
        StatusCodes.Status405MethodNotAllowed => "Method not allowed",
        StatusCodes.Status413PayloadTooLarge => "Request body too large",
        StatusCodes.Status415UnsupportedMediaType => "Unsupported media type",
        StatusCodes.Status429TooManyRequests => "Too many requests",
        StatusCodes.Status500InternalServerError => "An unexpected error occurred",
        StatusCodes.Status503ServiceUnavailable => "Service unavailable",
        _ => "The request failed",
    };
}
