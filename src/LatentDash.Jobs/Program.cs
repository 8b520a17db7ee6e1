using LatentDash.Jobs.Cli;

// The command line: fetch datasets, run sweeps, list and index models.
using var host = CliHost.Build();
return await LatentCli.InvokeAsync(host.Services, args);
