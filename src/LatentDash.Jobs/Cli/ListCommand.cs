using System.CommandLine;
using System.Globalization;
using LatentDash.Models.Experiments;
using Microsoft.Extensions.DependencyInjection;

namespace LatentDash.Jobs.Cli;

/// <summary>`list`: the indexed models with their dataset's split (official or seeded) and validation losses, filtered
/// like load_experiments(with_params=…).</summary>
internal static class ListCommand
{
    public static Command Create(IServiceProvider services)
    {
        var filters = ModelFilter.Argument("run=sweep1 beta=4 latent_dim=10 architecture=branched");
        var command = new Command("list", "List trained models and their final validation losses.") { filters };
        command.SetAction(async (parse, ct) =>
        {
            if (await ModelFilter.ParseAsync(parse, filters).ConfigureAwait(false) is not { } query)
            {
                return 2;
            }

            var index = services.GetRequiredService<IExperimentIndex>();
            index.Synchronize();
            var entries = index.Query(query);
            if (entries.Count == 0)
            {
                await Console.Out.WriteLineAsync(ModelFilter.NoMatch(index, query, parse, filters)).ConfigureAwait(false);
                return 0;
            }

            var rows = entries.Select(e => new[]
            {
                e.Run, e.Model, e.Architecture, e.Dataset, e.DatasetSplit.Length == 0 ? "-" : e.DatasetSplit,
                e.Beta.ToString("0.###", CultureInfo.InvariantCulture), e.LatentDim.ToString(CultureInfo.InvariantCulture),
                e.EpochsRun.ToString(CultureInfo.InvariantCulture),
                Number(e.ValidationLoss), Number(e.ValidationReconstruction), Number(e.ValidationKl),
                Number(e.ValidationClassLoss, "F3"), e.ValidationAccuracy is { } a ? a.ToString("P1", CultureInfo.InvariantCulture) : "-",
                e.Status == ExperimentStatus.Complete ? "" : $"BROKEN: {e.Error}",
            }).ToList();
            string[] header = ["run", "model", "architecture", "dataset", "split", "beta", "dim", "epochs", "val loss", "val rec", "val KL", "val class", "val acc", ""];
            var widths = header.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
            await Console.Out.WriteLineAsync(Format(header, widths)).ConfigureAwait(false);
            foreach (var row in rows)
            {
                await Console.Out.WriteLineAsync(Format(row, widths)).ConfigureAwait(false);
            }

            await Console.Out.WriteLineAsync($"{entries.Count} model(s)").ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    private static string Number(double? value, string format = "F2") =>
        value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "-";

    private static string Format(string[] cells, int[] widths) =>
        string.Join("  ", cells.Select((c, i) => i is >= 5 and <= 12 ? c.PadLeft(widths[i]) : c.PadRight(widths[i]))).TrimEnd();
}
