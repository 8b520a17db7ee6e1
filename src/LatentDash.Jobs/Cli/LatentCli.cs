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
        root.Subcommands.Add(AnalyzeCommand.Create(services));
        root.Subcommands.Add(WorkerCommand.Create());
        return root;
    }

    /// <summary>Parses and runs <paramref name="args"/>. A value that does not parse (a word for a number, an integer
    /// beyond its type, an unknown option) is reported and exits with 2, the code of every bad-input path.</summary>
    public static async Task<int> InvokeAsync(IServiceProvider services, IReadOnlyList<string> args)
    {
        var parse = Create(services).Parse(args);
        if (parse.Errors.Count == 0)
        {
            return await parse.InvokeAsync().ConfigureAwait(false);
        }

        foreach (var error in parse.Errors.Take(Models.Limits.MaxMessagesPerField))
        {
            await Console.Error.WriteLineAsync($"error: {error.Message}").ConfigureAwait(false);
        }

        return 2;
    }
}
