using LatentDash.Jobs.Queue;
using Microsoft.Extensions.Options;

namespace LatentDash.Web.Security;

/// <summary>Refuses to start with an open queue dashboard (Queue:DashboardOpen) and no API key: anyone reaching it
/// could queue, cancel and retry trainings. The other case that needs a key, listening beyond loopback, is only known
/// once the server has bound its addresses (<see cref="ExposureCheck"/>).</summary>
internal sealed class SecurityOptionsValidator(IOptions<QueueOptions> queue) : IValidateOptions<SecurityOptions>
{
    public ValidateOptionsResult Validate(string? name, SecurityOptions options)
    {
        if (queue.Value.DashboardOpen && string.IsNullOrEmpty(options.ApiKey))
        {
            return ValidateOptionsResult.Fail(
                "Security:ApiKey is required when Queue:DashboardOpen is true (set Security__ApiKey to 16+ random " +
                "characters, e.g. `openssl rand -hex 24`; clients send it as X-Api-Key, browsers as the Basic password).");
        }

        foreach (var origin in options.AllowedOrigins)
        {
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") ||
                uri.AbsolutePath != "/")
            {
                return ValidateOptionsResult.Fail($"Security:AllowedOrigins: '{origin}' is not an origin like https://host:port");
            }
        }

        return ValidateOptionsResult.Success;
    }
}
