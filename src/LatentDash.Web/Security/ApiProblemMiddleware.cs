using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace LatentDash.Web.Security;

/// <summary>Under /api: caps the body (413), refuses non-JSON bodies (415), turns an unhandled exception into a 500
/// with a generic message and a trace id (the exception is logged, never shown: it may name server paths), and gives
/// every bodiless failure (unknown route 404, wrong method 405, …) a problem+json body.</summary>
internal sealed partial class ApiProblemMiddleware(
    RequestDelegate next, IOptions<SecurityOptions> options, EndpointDataSource endpoints, ILogger<ApiProblemMiddleware> logger)
{
    // The API's routes with their methods, to tell a wrong method (405) from an unknown route (404): routing only says
    // 405 itself when no catch-all (the static assets' fallback) also matches the path.
    private readonly Lazy<IReadOnlyList<(TemplateMatcher Route, IReadOnlyList<string> Methods)>> routes = new(() =>
    [
        .. endpoints.Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.TrimStart('/').StartsWith("api/", StringComparison.OrdinalIgnoreCase) == true)
            .Select(e => (new TemplateMatcher(TemplateParser.Parse(e.RoutePattern.RawText!), []),
                          e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? (IReadOnlyList<string>)[])),
    ]);

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var limit = options.Value.MaxApiBodyBytes;
        if (request.ContentLength > limit)
        {
            await ApiProblem.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, $"the API takes bodies of at most {limit} bytes");
            return;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit;
        }

        request.Body = new CappedRequestStream(request.Body, limit);
        if (HasBody(request) && !IsJson(request.ContentType))
        {
            await ApiProblem.WriteAsync(context, StatusCodes.Status415UnsupportedMediaType, "send the body as application/json");
            return;
        }

        try
        {
            await next(context);
        }
        catch (BadHttpRequestException ex) when (!context.Response.HasStarted)
        {
            // Kestrel's own limits and the capped stream: the status says what went wrong (413, 400).
            await ApiProblem.WriteAsync(context, ex.StatusCode, ex.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? $"the API takes bodies of at most {limit} bytes"
                : "the request could not be read");
            return;
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return; // the client left; nobody reads an answer
        }
#pragma warning disable CA1031 // answered as a generic 500; the details go to the log, not to the client
        catch (Exception ex) when (!context.Response.HasStarted)
#pragma warning restore CA1031
        {
            LogUnhandled(ex, request.Method, request.Path, context.TraceIdentifier);
            context.Response.Clear();
            await ApiProblem.WriteAsync(context, StatusCodes.Status500InternalServerError, "the error was logged with this trace id");
            return;
        }

        var response = context.Response;
        if (!response.HasStarted && response.StatusCode >= 400 && response.ContentLength is null && response.ContentType is null)
        {
            if (response.StatusCode == StatusCodes.Status404NotFound && context.GetEndpoint() is null &&
                AllowedMethods(request.Path) is { Count: > 0 } allowed)
            {
                response.StatusCode = StatusCodes.Status405MethodNotAllowed;
                response.Headers.Allow = string.Join(", ", allowed);
            }

            await ApiProblem.WriteAsync(context, response.StatusCode, response.StatusCode switch
            {
                StatusCodes.Status404NotFound => $"no API endpoint at {request.Path}",
                StatusCodes.Status405MethodNotAllowed => $"{request.Path} does not take {request.Method}",
                _ => null,
            });
        }
    }

    private List<string> AllowedMethods(PathString path) =>
        [.. routes.Value.Where(r => r.Route.TryMatch(path, [])).SelectMany(r => r.Methods).Distinct(StringComparer.OrdinalIgnoreCase)];

    private static bool HasBody(HttpRequest request) =>
        request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);

    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media) &&
        (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) ||
         media.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase));

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception answering {Method} {Path} (trace {TraceId})")]
    private partial void LogUnhandled(Exception exception, string method, string path, string traceId);
}
