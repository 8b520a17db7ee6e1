using System.CommandLine;
using System.Globalization;
using LatentDash.Models.Analysis;
using LatentDash.Models.Data;
using LatentDash.Models.Experiments;
using LatentDash.Models.Training;
using Microsoft.Extensions.DependencyInjection;

namespace LatentDash.Jobs.Cli;

/// <summary>`analyze`: computes the structure metrics of models already on disk (filtered like `list`) and stores them
/// in each model's summary.json; models whose metrics are of the current version are skipped unless --force.</summary>
internal static class AnalyzeCommand
{
    public static Command Create(IServiceProvider services)
    {
        var filters = ModelFilter.Argument("run=demo architecture=branched");
        var force = new Option<bool>("--force") { Description = "Recompute metrics that are already stored." };
        var command = new Command("analyze", "Compute and store the structure metrics of trained models.") { filters, force };
        command.SetAction(async (parse, ct) =>
        {
            if (await ModelFilter.ParseAsync(parse, filters).ConfigureAwait(false) is not { } query)
            {
                return 2;
            }

            var index = services.GetRequiredService<IExperimentIndex>();
            index.Synchronize();
            var store = services.GetRequiredService<ExperimentStore>();
            var catalog = services.GetRequiredService<DatasetCatalog>();
            var matching = index.Query(query);
            var entries = matching.Where(e => e.Status == ExperimentStatus.Complete).ToList();
            if (entries.Count == 0)
            {
                await Console.Out.WriteLineAsync(matching.Count == 0
                    ? ModelFilter.NoMatch(index, query, parse, filters)
                    : $"No complete models match: the {matching.Count} matching are broken (`latentdash list` says why).").ConfigureAwait(false);
                return 0;
            }

            var failed = 0;
            // A model trained before its dataset moved to the official split is measured on the split it was trained on.
            foreach (var group in entries.GroupBy(e => catalog.TrainedOn(e.Dataset, e.DatasetSplit), StringComparer.Ordinal))
            {
                ct.ThrowIfCancellationRequested();
                if (!catalog.Exists(group.Key))
                {
                    failed += group.Count();
                    await Console.Error.WriteLineAsync($"dataset {group.Key} is not under the data folder: fetch it first (latentdash data fetch)").ConfigureAwait(false);
                    continue;
                }

                var dataset = catalog.Load(group.Key);
                using var train = ImageTensors.From(dataset.Train);
                using var validation = ImageTensors.From(dataset.Validation);
                foreach (var entry in group)
                {
                    var stored = store.Read(entry.Run, entry.Model);
                    if (!parse.GetValue(force) && stored.Summary.Metrics?.Version == StructureMetrics.CurrentVersion)
                    {
                        await Console.Out.WriteLineAsync($"{entry.Run}/{entry.Model}: up to date").ConfigureAwait(false);
                        continue;
                    }

                    try
                    {
                        using var model = store.LoadModel(entry.Run, entry.Model);
                        var metrics = StructureEvaluator.Evaluate(model, train, validation, dataset.Manifest.ClassNames, stored.Params.Training.Seed);
                        store.WriteMetrics(entry.Run, entry.Model, metrics);
                        await Console.Out.WriteLineAsync(Describe(entry, metrics)).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
                    {
                        failed++;
                        await Console.Error.WriteLineAsync($"{entry.Run}/{entry.Model}: {ex.Message}").ConfigureAwait(false);
                    }
                }
            }

            return failed == 0 ? 0 : 1;
        });
        return command;
    }

    private static string Describe(ExperimentEntry entry, StructureMetrics m)
    {
        var classifier = m.ClassifierAccuracy is { } a ? string.Create(CultureInfo.InvariantCulture, $", classifier {a:P1}") : "";
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{entry.Run}/{entry.Model}: PSNR {m.Reconstruction.PsnrOfMean:F2} dB, -ELBO {m.Reconstruction.NegativeElbo:F1} nats, active units {m.ActiveUnits.Count}/{m.KlPerDimension.Count}, probe {m.LinearProbeAccuracy:P1}, 5-NN {m.NearestNeighbourAccuracy:P1}, silhouette {m.Silhouette.Score:F3} (n={m.Silhouette.SampleSize}), MIG {m.Mig.Value:F3} ({m.Mig.Bins} bins){classifier}");
    }
}
