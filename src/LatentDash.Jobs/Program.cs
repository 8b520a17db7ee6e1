using LatentDash.Jobs;
using LatentDash.Jobs.Cli;
using LatentDash.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// The command line: fetch datasets, run sweeps, list and index models. Arguments go to the parser, not to configuration.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = Directory.GetCurrentDirectory() });
builder.Configuration.AddEnvironmentVariables("LATENTDASH_");
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddLatentModels().AddLatentJobs();
using var host = builder.Build();
return await LatentCli.Create(host.Services).Parse(args).InvokeAsync();
