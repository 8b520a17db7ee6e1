using Bunit;
using LatentDash.Models.Experiments;
using LatentDash.Web.Explorer.Components;
using MudBlazor.Services;

namespace LatentDash.Web.Tests.Explorer;

/// <summary>The model panel: structure metrics appear once a model has them, each row with its one-sentence meaning.</summary>
public sealed class HyperparameterPanelTests : IAsyncLifetime, IAsyncDisposable
{
    private readonly BunitContext context = new();

    public HyperparameterPanelTests()
    {
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddMudServices();
    }

    [Fact]
    public void A_model_with_metrics_shows_them_with_their_explanations()
    {
        var entry = Entry();
        entry.MetricsVersion = 1;
        entry.PsnrOfMean = 18.25;
        entry.NegativeElbo = 412.3;
        entry.ActiveUnits = 3;
        entry.LinearProbeAccuracy = 0.812;
        entry.NearestNeighbourAccuracy = 0.774;
        entry.Silhouette = 0.1234;
        entry.SilhouetteSample = 5000;
        entry.Mig = 0.0456;
        entry.MigBins = 20;

        var cut = context.Render<HyperparameterPanel>(p => p.Add(c => c.Entry, entry));

        var text = cut.Find("[data-testid=hyperparameters]").TextContent;
        Assert.Contains("3 of 4", text, StringComparison.Ordinal);
        Assert.Contains("81.2%", text.Replace(" %", "%", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("0.123 (n = 5000)", text, StringComparison.Ordinal);
        Assert.Contains("0.046 (20 bins)", text, StringComparison.Ordinal);
        Assert.Contains("18.25 dB", text, StringComparison.Ordinal);
        Assert.Contains(cut.FindAll("tr"), row => (row.GetAttribute("title") ?? "").StartsWith("Mutual information gap", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(1, "1")]
    [InlineData(null, null)]
    public void The_panel_says_how_many_torch_threads_the_model_trained_on_when_that_was_recorded(int? threads, string? shown)
    {
        var entry = Entry();
        entry.TorchThreads = threads;

        var cut = context.Render<HyperparameterPanel>(p => p.Add(c => c.Entry, entry));

        var row = cut.FindAll("tr").SingleOrDefault(r => r.Children[0].TextContent == "torch threads");
        Assert.Equal(shown, row?.Children[1].TextContent);
        Assert.Equal(shown is null, row is null);
        if (row is not null)
        {
            Assert.StartsWith("The threads its training ran on", row.GetAttribute("title"), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("official", "fashion (official split)")]
    [InlineData("seeded", "fashion (npm pool, seeded split)")]
    [InlineData("", "fashion (split not recorded)")]
    public void The_panel_names_the_split_the_model_was_trained_on(string split, string shown)
    {
        var entry = Entry();
        entry.DatasetSplit = split;
        entry.DatasetSource = "debian dataset-fashion-mnist (installed)";
        entry.ClassLossWeight = 10;

        var cut = context.Render<HyperparameterPanel>(p => p.Add(c => c.Entry, entry));

        var rows = cut.FindAll("tr");
        var dataset = Assert.Single(rows, r => r.Children[0].TextContent == "dataset");
        Assert.Equal(shown, dataset.Children[1].TextContent);
        Assert.Contains("debian dataset-fashion-mnist (installed)", dataset.GetAttribute("title"), StringComparison.Ordinal);
        Assert.Equal("10", Assert.Single(rows, r => r.Children[0].TextContent == "class-loss weight").Children[1].TextContent);
    }

    [Fact]
    public void A_model_without_metrics_shows_none()
    {
        var cut = context.Render<HyperparameterPanel>(p => p.Add(c => c.Entry, Entry()));

        Assert.DoesNotContain("active units", cut.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("class-loss weight", cut.Markup, StringComparison.Ordinal); // not a branched model's field here
    }

    // xunit 2 disposes a test class through IAsyncLifetime (or IDisposable), never through IAsyncDisposable alone.
    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    public ValueTask DisposeAsync() => context.DisposeAsync();

    private static ExperimentEntry Entry() => new()
    {
        Run = "r", Model = "m", Architecture = "branched", Dataset = "fashion", LatentDim = 4, Beta = 4, Epochs = 1, EpochsRun = 1,
        BatchSize = 32, LearningRate = 1e-4, ValidationLoss = 50, ValidationReconstruction = 40, ValidationKl = 5,
    };
}
