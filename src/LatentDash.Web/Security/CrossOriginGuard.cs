using Microsoft.Extensions.Options;

namespace LatentDash.Web.Security;

/// <summary>Refuses (403) a change (POST/PUT/PATCH/DELETE) to the API or the queue dashboard sent by another site's
/// page: its Origin is not the dashboard's own host nor a configured one, or, without an Origin, the browser says
/// Sec-Fetch-Site: cross-site or same-site. Requests from scripts and curl carry neither and pass. Cancel and retry take
/// no body, so without this a plain cross-site HTML form could trigger them.</summary>
internal sealed partial class CrossOriginGuard(RequestDelegate next, IOptions<SecurityOptions> options, ILogger<CrossOriginGuard> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (SecurityExtensions.IsChange(request) && !IsSameOrigin(request, options.Value.AllowedOrigins))
        {
            var origin = request.Headers.Origin.ToString();
            LogRefused(request.Method, request.Path, origin.Length > 0 ? origin : $"Sec-Fetch-Site: {request.Headers["Sec-Fetch-Site"]}");
            await ApiProblem.WriteAsync(context, StatusCodes.Status403Forbidden, "cross-origin changes are refused; post from the dashboard's own pages or without an Origin header");
            return;
        }

        await next(context);
    }

    /// <summary>True when the request comes from the dashboard's own pages (scheme aside: a TLS proxy may change it)
    /// or carries no browser origin at all.</summary>
    internal static bool IsSameOrigin(HttpRequest request, IEnumerable<string> allowed)
    {
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            var site = request.Headers["Sec-Fetch-Site"].ToString();
            return site.Length == 0 || site is "same-origin" or "none";
        }

        if (allowed.Any(a => string.Equals(a.TrimEnd('/'), origin, StringComparison.OrdinalIgnoreCase)))
        {
            return true;
        }

        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || !request.Host.HasValue)
        {
            return false; // "null" (a sandboxed frame, a file) and anything unparsable
        }

        // A Host without a port is the default one of whatever scheme the browser used (a TLS proxy may sit between).
        return string.Equals(uri.Host, request.Host.Host, StringComparison.OrdinalIgnoreCase) &&
               (request.Host.Port is { } port ? uri.Port == port : uri.IsDefaultPort);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a cross-origin {Method} {Path} from {Origin}")]
    private partial void LogRefused(string method, string path, string origin);
}
