using System.Security.Cryptography;

namespace LatentDash.Web.Security;

/// <summary>Puts nosniff, a referrer policy, frame denial and a content security policy on every answer. The policy
/// lets the pages work: Blazor's import map runs by a per-request nonce, MudBlazor and Plotly set inline styles,
/// Plotly's WebGL splom (regl) compiles its shaders' glue code with new Function ('unsafe-eval'), the decoded images
/// are data: URLs, and Blazor's websocket goes to the page's own host ('self').</summary>
internal sealed class SecurityHeaders(RequestDelegate next)
{
    private const string NonceKey = "LatentDash.CspNonce";

    /// <summary>The nonce of this request's content security policy, for the page's own inline script (the import map).</summary>
    public static string? NonceOf(HttpContext context) => context.Items[NonceKey] as string;

    public Task InvokeAsync(HttpContext context)
    {
        var nonce = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)); // hex: nothing for HTML to escape
        context.Items[NonceKey] = nonce;
        var response = context.Response;
        // At the start of the answer: the exception handler clears headers set earlier, not its callbacks.
        response.OnStarting(() =>
        {
            var headers = response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "same-origin";
            headers.ContentSecurityPolicy =
                "default-src 'self'; " +
                $"script-src 'self' 'nonce-{nonce}' 'unsafe-eval'; " +
                "style-src 'self' 'unsafe-inline'; " +
                "img-src 'self' data: blob:; " +
                "font-src 'self' data:; " +
                "connect-src 'self'; " +
                "worker-src 'self' blob:; " +
                "object-src 'none'; " +
                "base-uri 'self'; " +
                "form-action 'self'; " +
                "frame-ancestors 'none'";
            return Task.CompletedTask;
        });
        return next(context);
    }
}
