using LatentDash.Jobs.Indexing;
using LatentDash.Models;
using LatentDash.Models.Experiments;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LatentDash.Jobs.Cli;

/// <summary>The host the command line runs in: configuration (appsettings, LATENTDASH_ variables), logging and the
/// Models and Jobs services. Command-line arguments go to the parser, not to configuration.</summary>
public static class CliHost
{
    public static IHost Build(IEnumerable<KeyValuePair<string, string?>>? overrides = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = [],
            ContentRootPath = Directory.GetCurrentDirectory(),
        });
        builder.Configuration.AddEnvironmentVariables("LATENTDASH_");
        if (overrides is not null)
        {
            builder.Configuration.AddInMemoryCollection(overrides);
        }

        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // A command may run beside a dashboard that owns the index: it then works on a private in-memory index (and logs
        // that it does); a dashboard never does.
        builder.Services.AddLatentModels(IndexLockPolicy.FallBackToMemory).AddLatentJobs();
        var host = builder.Build();
        CrashLeftovers.RemoveAll(host.Services); // a dead writer's temporary folders, whichever command runs
        return host;
    }
}
