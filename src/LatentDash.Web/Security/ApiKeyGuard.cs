using System.Net.Http.Headers;
using System.Text;

namespace LatentDash.Web.Security;

/// <summary>Asks for the API key on changes under /api and on every request to the queue dashboard (401), when a key
/// is configured. A browser sends it to the queue dashboard as the password of HTTP Basic (any user name), which it
/// then repeats for the dashboard's own requests. Listening beyond loopback without a key refuses changes (503) for
/// the moment until <see cref="ExposureCheck"/> stops the host.</summary>
internal sealed partial class ApiKeyGuard(RequestDelegate next, ApiKeyPolicy policy, ILogger<ApiKeyGuard> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var dashboard = request.Path.StartsWithSegments(SecurityExtensions.QueueDashboardPath, StringComparison.OrdinalIgnoreCase);
        var change = SecurityExtensions.IsChange(request);
        if (!dashboard && !change)
        {
            await next(context);
            return;
        }

        if (!policy.KeyConfigured)
        {
            if (policy.MissingKey())
            {
                await ApiProblem.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "the dashboard listens beyond loopback without Security:ApiKey");
                return;
            }

            await next(context);
            return;
        }

        if (policy.Matches(PresentedKey(request)))
        {
            await next(context);
            return;
        }

        LogRefused(request.Method, request.Path);
        if (dashboard)
        {
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"LatentDash queue\", charset=\"UTF-8\"";
        }

        await ApiProblem.WriteAsync(context, StatusCodes.Status401Unauthorized, $"send the API key in the {SecurityOptions.ApiKeyHeader} header");
    }

    private static string? PresentedKey(HttpRequest request)
    {
        if (request.Headers[SecurityOptions.ApiKeyHeader] is { Count: 1 } header)
        {
            return header.ToString();
        }

        if (AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var auth) &&
            string.Equals(auth.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) && auth.Parameter is { } parameter)
        {
            try
            {
                var pair = Encoding.UTF8.GetString(Convert.FromBase64String(parameter));
                var colon = pair.IndexOf(':', StringComparison.Ordinal);
                return colon < 0 ? null : pair[(colon + 1)..];
            }
            catch (FormatException)
            {
                return null;
            }
        }

        return null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused {Method} {Path}: API key missing or wrong")]
    private partial void LogRefused(string method, string path);
}
