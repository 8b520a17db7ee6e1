using System.ComponentModel.DataAnnotations;

namespace LatentDash.Web.Security;

/// <summary>Who may change things through the dashboard (configuration section "Security"): the API key, the origins
/// allowed to post besides the dashboard's own, the rate limit of changes per client and the API's body cap.</summary>
public sealed class SecurityOptions
{
    public const string Section = "Security";

    /// <summary>The request header that carries the key.</summary>
    public const string ApiKeyHeader = "X-Api-Key";

    /// <summary>When set, POST/PUT/PATCH/DELETE under /api and every request to the queue dashboard need it (header
    /// X-Api-Key, or HTTP Basic with the key as password in a browser). Required when the dashboard listens beyond
    /// loopback or Queue:DashboardOpen is true.</summary>
    [MinLength(16, ErrorMessage = "Security:ApiKey must be at least 16 characters (e.g. `openssl rand -hex 24`).")]
    public string? ApiKey { get; set; }

    /// <summary>Origins (scheme://host[:port]) whose pages may post to the API besides the dashboard's own host.</summary>
    public IList<string> AllowedOrigins { get; } = [];

    /// <summary>Changes (POST/PUT/PATCH/DELETE under /api) one client address may make per window.</summary>
    [Range(1, 1_000_000)]
    public int RateLimitPermits { get; set; } = 60;

    /// <summary>The rate limit's window in seconds.</summary>
    [Range(1, 3600)]
    public int RateLimitWindowSeconds { get; set; } = 60;

    /// <summary>The largest request body under /api, in bytes: a submission is a few hundred bytes.</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int MaxApiBodyBytes { get; set; } = 64 * 1024;
}
