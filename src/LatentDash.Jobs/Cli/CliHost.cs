using LatentDash.Models;
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
        builder.Services.AddLatentModels().AddLatentJobs();
        return builder.Build();
    }
}
