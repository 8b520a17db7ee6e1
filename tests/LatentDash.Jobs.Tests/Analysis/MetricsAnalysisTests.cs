using System.Text.Json.Nodes;
using LatentDash.Jobs.Analysis;
using LatentDash.Jobs.Tests.Faults;
using LatentDash.Models.Analysis;
using LatentDash.Models.Data;
using LatentDash.Models.Experiments;
using LiteDB;
using Microsoft.Extensions.Logging.Abstractions;

namespace LatentDash.Jobs.Tests.Analysis;

/// <summary>Metrics asked for from the dashboard for a model trained without them.</summary>
[Collection(nameof(FaultProcesses))]
public sealed class MetricsAnalysisTests(TrainedModel trained)
{
    [Fact]
    public async Task Metrics_computed_on_demand_are_stored_in_the_summary_and_the_index()
    {
        using var root = new StorageRoot(trained.Experiments);
        var summaryPath = Path.Combine(root.Experiments, TrainedModel.Run, trained.Model, ExperimentFolder.SummaryFile);
        // A model trained before metrics existed: its summary has no metrics section.
        var summary = JsonNode.Parse(File.ReadAllText(summaryPath))!.AsObject();
        summary.Remove("metrics");
        File.WriteAllText(summaryPath, summary.ToJsonString());
        var store = new ExperimentStore(root.Experiments);
        using var db = new LiteDatabase(new MemoryStream());
        var index = new LiteDbExperimentIndex(store, db);
        index.Synchronize();
        Assert.Null(index.Find(TrainedModel.Run, trained.Model)!.MetricsVersion);
        using var runner = new AnalysisRunner(NullLogger<AnalysisRunner>.Instance);
        await runner.StartAsync(CancellationToken.None);
        var metrics = new MetricsAnalysis(runner, store, new DatasetCatalog(Path.Combine(root.Path, "data")), index);

        var ticket = metrics.Compute(TrainedModel.Run, trained.Model);
        Assert.Same(ticket, metrics.Running(TrainedModel.Run, trained.Model));
        var computed = await ticket.Completion.WaitAsync(TimeSpan.FromMinutes(3));

        Assert.Equal(200, computed.ValidationCount);
        var entry = index.Find(TrainedModel.Run, trained.Model)!;
        Assert.Equal(StructureMetrics.CurrentVersion, entry.MetricsVersion);
        Assert.Equal(computed.LinearProbeAccuracy, entry.LinearProbeAccuracy);
        Assert.Equal(computed.Mig.Value, store.Read(TrainedModel.Run, trained.Model).Summary.Metrics!.Mig.Value);
        await runner.StopAsync(CancellationToken.None);
    }

    [Fact]
    public void A_model_name_outside_the_naming_rule_is_refused_before_anything_is_queued()
    {
        using var runner = new AnalysisRunner(NullLogger<AnalysisRunner>.Instance);
        using var db = new LiteDatabase(new MemoryStream());
        var store = new ExperimentStore(Path.GetTempPath());
        var metrics = new MetricsAnalysis(runner, store, new DatasetCatalog(Path.GetTempPath()), new LiteDbExperimentIndex(store, db));

        Assert.ThrowsAny<ArgumentException>(() => metrics.Compute("..", "x"));
        Assert.Equal(0, runner.Count);
    }
}
