using LatentDash.Models.Analysis;
using LatentDash.Models.Data;
using LatentDash.Models.Experiments;
using LatentDash.Models.Training;

namespace LatentDash.Jobs.Analysis;

/// <summary>Structure metrics on demand from the dashboard, for a model trained before metrics existed or whose metrics
/// are of an older version: computed by the background runner (never on a circuit) exactly as `latentdash analyze`
/// does, stored in the model's summary.json and re-indexed.</summary>
public sealed class MetricsAnalysis(AnalysisRunner runner, ExperimentStore store, DatasetCatalog catalog, IExperimentIndex index)
{
    public static string KeyOf(string run, string model) => $"metrics:{run}/{model}";

    /// <summary>The computation of this model's metrics that is queued or running, if any.</summary>
    public AnalysisTicket<StructureMetrics>? Running(string run, string model) => runner.Find<StructureMetrics>(KeyOf(run, model));

    /// <summary>Queues the computation (or returns the one already queued).</summary>
    public AnalysisTicket<StructureMetrics> Compute(string run, string model)
    {
        ExperimentNames.Require(run, "run");
        ExperimentNames.Require(model, "model");
        return runner.Enqueue(KeyOf(run, model), (progress, token) =>
        {
            var stored = store.Read(run, model);
            var dataset = catalog.Load(catalog.TrainedOn(stored.Params.Vae.Dataset, stored.Params.DatasetSplit));
            token.ThrowIfCancellationRequested();
            progress.Report(0.1);
            StructureMetrics metrics;
            using (var train = ImageTensors.From(dataset.Train))
            using (var validation = ImageTensors.From(dataset.Validation))
            using (var network = store.LoadModel(run, model))
            {
                metrics = StructureEvaluator.Evaluate(network, train, validation, dataset.Manifest.ClassNames, stored.Params.Training.Seed);
            }

            token.ThrowIfCancellationRequested();
            store.WriteMetrics(run, model, metrics);
            index.Add(run, model);
            return metrics;
        });
    }
}
