using System.Globalization;
using Bunit;
using LatentDash.Jobs.Analysis;
using LatentDash.Models.Data;
using LatentDash.Models.Experiments;
using LatentDash.Models.Latent;
using LatentDash.Web.Explorer;
using LatentDash.Web.Explorer.Components;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MudBlazor.Services;
using Plotly.Blazor;
using Plotly.Blazor.Traces;

namespace LatentDash.Web.Tests.Explorer;

public sealed class LatentDensityTests : IAsyncLifetime, IAsyncDisposable
{
    private readonly BunitContext context = new();
    private readonly AnalysisRunner runner = new(NullLogger<AnalysisRunner>.Instance);

    public LatentDensityTests()
    {
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddMudServices();
        var nowhere = Path.Combine(Path.GetTempPath(), "latentdash-density-" + Guid.NewGuid().ToString("N"));
        context.Services.AddSingleton(new TrainingLatents(runner, new ExperimentStore(nowhere), new DatasetCatalog(nowhere)));
    }

    [Fact]
    public void The_validation_density_draws_one_panel_per_pair_of_components_and_counts_every_point()
    {
        var space = Space(300, dimensions: 3, seed: 1);

        var cut = context.Render<LatentDensity>(p => p.Add(c => c.Space, space).Add(c => c.Points, DensityPoints.Validation));

        var data = cut.FindComponent<PlotlyChart>().Instance.Data;
        var panels = data.OfType<HeatMap>().ToList();
        Assert.Equal(["x", "x3", "x4"], panels.Select(h => h.XAxis));
        Assert.Equal(["y", "y3", "y4"], panels.Select(h => h.YAxis));
        // Each panel's hover text gives its bins' counts: together every validation point, in every panel.
        Assert.All(panels, panel => Assert.Equal(300, Counts(panel).Sum()));
        Assert.All(panels, panel => Assert.Equal(LatentDensity.BinsFor(3), panel.Z.Count));
        Assert.Contains("300 validation images", cut.Find("[data-testid=density-caption]").TextContent, StringComparison.Ordinal);
        Assert.Contains("class 2", cut.Find("[data-testid=density-legend]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bin_is_coloured_by_the_class_that_holds_most_of_its_points()
    {
        // Two tight clusters, class 0 near (-1,-1) and class 1 near (1,1): their bins fall in bands 0 and 1.
        var mu = new float[200 * 2];
        var labels = new byte[200];
        for (var i = 0; i < 200; i++)
        {
            labels[i] = (byte)(i % 2);
            mu[2 * i] = mu[(2 * i) + 1] = (labels[i] == 0 ? -1 : 1) + (0.01f * (i % 7));
        }

        var latent = new LatentSpace(mu, new float[mu.Length], labels, 2, ["a", "b"]);
        var space = ProjectedSpace.Create(latent, RawProjection.Fit(latent), 2);

        var cut = context.Render<LatentDensity>(p => p.Add(c => c.Space, space).Add(c => c.Points, DensityPoints.Validation));

        var panel = Assert.Single(cut.FindComponent<PlotlyChart>().Instance.Data.OfType<HeatMap>());
        var bands = panel.Z.Cast<object?[]>().SelectMany(row => row).OfType<double>().Select(v => (int)Math.Floor(v)).ToList();
        Assert.Equal([0, 1], bands.Distinct().Order());
        Assert.Equal(3m, panel.ZMax);
    }

    [Fact]
    public void The_current_point_is_marked_on_every_panel()
    {
        var space = Space(100, dimensions: 3, seed: 2);

        var cut = context.Render<LatentDensity>(p => p.Add(c => c.Space, space).Add(c => c.Points, DensityPoints.Validation)
            .Add(c => c.Current, [0.5, -0.25, 1.5]));

        var markers = cut.FindComponent<PlotlyChart>().Instance.Data.OfType<Scatter>().ToList();
        Assert.Equal(3, markers.Count);
        Assert.Equal([0.5, 0.5, -0.25], markers.Select(m => (double)m.X.Single()));
        Assert.Equal([-0.25, 1.5, 1.5], markers.Select(m => (double)m.Y.Single()));
    }

    [Fact]
    public async Task A_new_current_point_moves_the_marker_traces_alone_without_sending_the_bins_again()
    {
        var module = context.JSInterop.SetupModule("./js/density.js");
        module.Setup<bool>("moveMarker", _ => true).SetResult(true);
        var space = Space(100, dimensions: 3, seed: 2);
        var cut = context.Render<LatentDensity>(p => p.Add(c => c.Space, space).Add(c => c.Points, DensityPoints.Validation)
            .Add(c => c.Current, [0.5, -0.25, 1.5]));
        var chart = cut.FindComponent<PlotlyChart>();
        // The chart says it has drawn its first plot (Plotly.Blazor's AfterRender).
        await cut.InvokeAsync(() => chart.Instance.AfterRender?.Invoke());
        var sent = chart.Instance.Data;

        cut.Render(p => p.Add(c => c.Current, [1.0, 2.0, 3.0]));

        var move = Assert.Single(module.Invocations["moveMarker"]);
        Assert.Equal("latent-density", move.Arguments[0]);
        Assert.Equal(3, move.Arguments[1]);
        // Panels (x, y) = (0, 1), (0, 2), (1, 2): each marker at the current point's coordinates on that pair.
        Assert.Equal([1.0, 1.0, 2.0], Assert.IsAssignableFrom<IEnumerable<double?>>(move.Arguments[2]).Select(v => v!.Value));
        Assert.Equal([2.0, 3.0, 3.0], Assert.IsAssignableFrom<IEnumerable<double?>>(move.Arguments[3]).Select(v => v!.Value));
        Assert.Same(sent, chart.Instance.Data);
    }

    [Fact]
    public void Training_points_are_not_offered_on_an_embedding_and_the_page_says_so()
    {
        var latent = Latent(200, 3, seed: 3);
        var coordinates = latent.Mu.Where((_, i) => i % 3 < 2).ToArray();
        var embedded = EmbeddingProjection.Show(latent, ProjectionKind.Tsne, coordinates);

        var cut = context.Render<LatentDensity>(p => p.Add(c => c.Space, embedded).Add(c => c.Points, DensityPoints.Training)
            .Add(c => c.Run, "r").Add(c => c.Model, "m"));

        Assert.Contains("not offered on t-SNE", cut.Find("[data-testid=density-note]").TextContent, StringComparison.Ordinal);
        Assert.Contains("200 validation images", cut.Find("[data-testid=density-caption]").TextContent, StringComparison.Ordinal);
        Assert.Equal(0, runner.Count);
    }

    [Fact]
    public async Task Training_points_of_a_model_that_cannot_be_read_show_the_error()
    {
        var space = Space(50, dimensions: 2, seed: 4);

        var cut = context.Render<LatentDensity>(p => p.Add(c => c.Space, space).Add(c => c.Points, DensityPoints.Training)
            .Add(c => c.Run, "r").Add(c => c.Model, "missing"));
        await runner.StartAsync(CancellationToken.None);

        cut.WaitForAssertion(() => Assert.Contains("could not be encoded", cut.Find("[data-testid=density-error]").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(20));
        Assert.Empty(cut.FindAll("[data-testid=density-caption]"));
    }

    // xunit 2 disposes a test class through IAsyncLifetime (or IDisposable), never through IAsyncDisposable alone.
    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    public async ValueTask DisposeAsync()
    {
        await runner.StopAsync(CancellationToken.None);
        runner.Dispose();
        await context.DisposeAsync();
    }

    private static IEnumerable<int> Counts(HeatMap panel) =>
        panel.Text.Cast<object?[]>().SelectMany(row => row).OfType<string>()
            .Select(t => int.Parse(t[..t.IndexOf(' ', StringComparison.Ordinal)], NumberStyles.AllowThousands, CultureInfo.InvariantCulture));

    private static ProjectedSpace Space(int count, int dimensions, int seed)
    {
        var latent = Latent(count, dimensions, seed);
        return ProjectedSpace.Create(latent, RawProjection.Fit(latent), dimensions);
    }

    private static LatentSpace Latent(int count, int dimensions, int seed)
    {
        var random = new Random(seed);
        var mu = Enumerable.Range(0, count * dimensions).Select(_ => (float)((random.NextDouble() * 4) - 2)).ToArray();
        var labels = Enumerable.Range(0, count).Select(i => (byte)(i % 3)).ToArray();
        return new LatentSpace(mu, new float[mu.Length], labels, dimensions, ["class 0", "class 1", "class 2"]);
    }
}
