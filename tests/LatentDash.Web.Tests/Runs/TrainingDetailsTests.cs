using Bunit;
using LatentDash.Jobs.Runs;
using LatentDash.Models.Data;
using LatentDash.Web.Runs.Components;
using LatentDash.Web.Tests.Explorer;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace LatentDash.Web.Tests.Runs;

/// <summary>A training's details line: what it trains, and on how many torch threads when that was decided at
/// submission.</summary>
public sealed class TrainingDetailsTests : IAsyncLifetime, IAsyncDisposable
{
    private readonly BunitContext context = new();

    public TrainingDetailsTests()
    {
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddMudServices();
        context.Services.AddSingleton(new DatasetCatalog(ExplorerModels.DataRoot));
    }

    [Theory]
    [InlineData(1, "1 torch thread ·")]
    [InlineData(2, "2 torch threads ·")]
    public void A_training_says_how_many_torch_threads_it_trains_on(int threads, string shown)
    {
        var cut = context.Render<TrainingDetails>(p => p.Add(c => c.Training, Record(threads)));

        Assert.Equal(shown, cut.Find("[data-testid=run-threads]").TextContent.Trim());
    }

    [Fact]
    public void A_training_whose_threads_its_worker_decides_names_none()
    {
        var cut = context.Render<TrainingDetails>(p => p.Add(c => c.Training, Record(null)));

        Assert.Empty(cut.FindAll("[data-testid=run-threads]"));
        Assert.Contains("attempt 1", cut.Find("[data-testid=run-details]").TextContent, StringComparison.Ordinal);
    }

    private static TrainingRecord Record(int? threads) => new()
    {
        Id = "20261202-000000-abcd-01",
        Run = "sweep",
        Model = "bcvae-fashion-b4-d4-0000-a-b-c-d",
        Dataset = "fashion",
        Architecture = "branched",
        Beta = 4,
        LatentDim = 4,
        Epochs = 1,
        BatchSize = 32,
        LearningRate = 1e-4,
        Seed = 1333,
        Status = TrainingStatus.Queued,
        Threads = threads,
    };

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    public ValueTask DisposeAsync() => context.DisposeAsync();
}
