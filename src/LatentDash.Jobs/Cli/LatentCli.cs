using System.CommandLine;

namespace LatentDash.Jobs.Cli;

/// <summary>The command tree of the latentdash CLI.</summary>
public static class LatentCli
{
    public static RootCommand Create(IServiceProvider services)
    {
        var root = new RootCommand("LatentDash: train VAEs with structured latent spaces and keep them in experiments/.");
        root.Subcommands.Add(DataCommand.Create(services));
        root.Subcommands.Add(SweepCommand.Create(services));
        root.Subcommands.Add(ListCommand.Create(services));
        root.Subcommands.Add(IndexCommand.Create(services));
        root.Subcommands.Add(WorkerCommand.Create());
        return root;
    }
}
