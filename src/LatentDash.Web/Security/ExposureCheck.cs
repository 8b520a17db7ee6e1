using Microsoft.Extensions.Options;

namespace LatentDash.Web.Security;

/// <summary>Once the server has bound its addresses: stops the host when it listens beyond loopback without an API
/// key (anyone on the network could queue, cancel and retry trainings), and says so when it listens with one.</summary>
internal sealed partial class ExposureCheck(ApiKeyPolicy policy, ILogger<ExposureCheck> logger) : IHostedLifecycleService
{
    public Task StartedAsync(CancellationToken cancellationToken)
    {
        var exposed = policy.ExposedAddresses();
        if (exposed.Count == 0)
        {
            return Task.CompletedTask;
        }

        var addresses = string.Join(", ", exposed);
        if (!policy.KeyConfigured)
        {
            var message = $"LatentDash listens beyond loopback ({addresses}) but Security:ApiKey is not set: set " +
                          "Security__ApiKey to 16+ random characters (e.g. `openssl rand -hex 24`), or listen on " +
                          "127.0.0.1 only (--urls http://127.0.0.1:5000).";
            LogRefused(message);
            throw new OptionsValidationException(SecurityOptions.Section, typeof(SecurityOptions), [message]);
        }

        LogExposed(addresses);
        return Task.CompletedTask;
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Critical, Message = "{Message}")]
    private partial void LogRefused(string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "Listening beyond loopback on {Addresses}: changes through the API and the queue dashboard need the API key")]
    private partial void LogExposed(string addresses);
}
