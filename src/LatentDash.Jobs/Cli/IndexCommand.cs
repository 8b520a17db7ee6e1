using System.CommandLine;
using LatentDash.Models.Experiments;
using Microsoft.Extensions.DependencyInjection;

namespace LatentDash.Jobs.Cli;

/// <summary>`index rebuild`: drops the LiteDB index and reads every model folder again.</summary>
internal static class IndexCommand
{
    public static Command Create(IServiceProvider services)
    {
        var rebuild = new Command("rebuild", "Rebuild the index from the experiment folders (they are the truth).");
        rebuild.SetAction(async (parse, ct) =>
        {
            var result = services.GetRequiredService<IExperimentIndex>().Rebuild();
            await Console.Out.WriteLineAsync($"Indexed {result.Added} model(s).").ConfigureAwait(false);
            return 0;
        });
        return new Command("index", "The experiment index.") { rebuild };
    }
}
