using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace LatentDash.Web.Security;

/// <summary>Registers and wires who may reach what: host filtering with loopback names by default, the API key, the
/// same-origin rule for changes, the rate limit, the API's problem+json answers and body cap, security headers, and
/// /healthz and /readyz.</summary>
public static class SecurityExtensions
{
    public const string QueueDashboardPath = "/hangfire";

    private const string ReadyTag = "ready";

    /// <summary>The host names answered when AllowedHosts is not configured: a page on another name (DNS rebinding)
    /// gets 400.</summary>
    private static readonly string[] LoopbackHosts = ["localhost", "127.0.0.1", "[::1]"];

    public static IServiceCollection AddLatentSecurity(this IServiceCollection services)
    {
        services.AddOptions<SecurityOptions>().BindConfiguration(SecurityOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<SecurityOptions>, SecurityOptionsValidator>();
        services.AddSingleton<ApiKeyPolicy>();
        services.AddHostedService<ExposureCheck>();
        services.AddOptions<HostFilteringOptions>().PostConfigure<IConfiguration>((o, config) =>
        {
            if (string.IsNullOrWhiteSpace(config["AllowedHosts"]))
            {
                o.AllowedHosts = LoopbackHosts;
            }
        });
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<SecurityOptions>>((o, security) => ConfigureRateLimit(o, security.Value));
        services.AddHealthChecks().AddCheck<ReadinessCheck>("storage", tags: [ReadyTag]);
        return services;
    }

    /// <summary>Security headers on every answer; kept first so that error pages get them too.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.UseMiddleware<SecurityHeaders>();

    /// <summary>The API's and the queue dashboard's guards, in the order a request meets them: problem+json and the
    /// body cap (API only), the rate limit, the same-origin rule, the API key.</summary>
    public static IApplicationBuilder UseApiGuards(this IApplicationBuilder app)
    {
        app.UseWhen(context => IsApi(context.Request), api => api.UseMiddleware<ApiProblemMiddleware>());
        app.UseRateLimiter();
        app.UseWhen(
            context => IsApi(context.Request) || context.Request.Path.StartsWithSegments(QueueDashboardPath, StringComparison.OrdinalIgnoreCase),
            guarded => guarded.UseMiddleware<CrossOriginGuard>().UseMiddleware<ApiKeyGuard>());
        return app;
    }

    /// <summary>/healthz answers while the process serves; /readyz when the index and the queue's storage answer.</summary>
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        endpoints.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });
        return endpoints;
    }

    internal static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);

    internal static bool IsChange(HttpRequest request) =>
        !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method) && !HttpMethods.IsOptions(request.Method);

    private static void ConfigureRateLimit(RateLimiterOptions options, SecurityOptions security)
    {
        var window = TimeSpan.FromSeconds(security.RateLimitWindowSeconds);
        options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            IsApi(context.Request) && IsChange(context.Request)
                ? RateLimitPartition.GetFixedWindowLimiter(
                    context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = security.RateLimitPermits, Window = window, QueueLimit = 0 })
                : RateLimitPartition.GetNoLimiter(string.Empty));
        options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        options.OnRejected = (rejected, _) =>
        {
            var context = rejected.HttpContext;
            var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : window;
            var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return new ValueTask(ApiProblem.WriteAsync(context, StatusCodes.Status429TooManyRequests,
                $"at most {security.RateLimitPermits} changes per {security.RateLimitWindowSeconds} s from one address; try again in {seconds} s"));
        };
    }
}
