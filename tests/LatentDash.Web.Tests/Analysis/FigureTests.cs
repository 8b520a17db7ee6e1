using Bunit;
using LatentDash.Models.Analysis;
using LatentDash.Models.Data;
using LatentDash.Models.Experiments;
using LatentDash.Models.Latent;
using LatentDash.Web.Analysis.Interpolation;
using LatentDash.Web.Analysis.Traversal;
using LatentDash.Web.Tests.Explorer;
using Microsoft.Extensions.Logging.Abstractions;
using MudBlazor.Services;

namespace LatentDash.Web.Tests.Analysis;

/// <summary>The traversal and interpolation figures built on the tiny real models of <see cref="ExplorerModels"/>.</summary>
public sealed class FigureTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "latentdash-figures-" + Guid.NewGuid().ToString("N"));
    private readonly ExplorableModelCache cache;

    public FigureTests()
    {
        ExplorerModels.Write(root);
        cache = new ExplorableModelCache(new ExperimentStore(root), new DatasetCatalog(ExplorerModels.DataRoot), capacity: 2, maxConcurrentLoads: 1, NullLogger<ExplorableModelCache>.Instance);
    }

    public void Dispose()
    {
        cache.Dispose();
        Directory.Delete(root, recursive: true);
    }

    [Fact]
    public async Task A_raw_traversal_has_a_row_per_dimension_labelled_with_its_kl_and_a_verdict_under_each_cell()
    {
        using var lease = await cache.AcquireAsync(ExplorerModels.Run, ExplorerModels.Branched, CancellationToken.None);
        var model = lease.Model;
        var view = new TraversalView { Sample = 4, Steps = 5, Animate = 1 };

        var figure = TraversalFigure.Build(model, view);

        Assert.Equal(3 * 5, figure.Count);
        Assert.Equal(["z1", "z2", "z3"], figure.RowTitles);
        var kl = KlPerDimension.Compute(model.Space.Mu, model.Space.LogVar, 3);
        Assert.Equal(FormattableString.Invariant($"KL {kl[1]:0.00} nats"), figure.RowNotes[1]);
        Assert.Contains("nats", figure.Note, StringComparison.Ordinal);
        Assert.Equal(15, figure.Images.Urls.Count);
        Assert.All(figure.Images.Urls, u => Assert.StartsWith("data:image/png;base64,", u, StringComparison.Ordinal));
        Assert.Equal(15, figure.Images.Captions!.Count);
        Assert.Matches(@"^.+ (0|1)\.\d\d$", figure.Images.Captions[0]);
        // The middle column of every row is the sample's own reconstruction.
        Assert.Equal(figure.Images.Urls[2], figure.Images.Urls[7]);
        Assert.Equal(figure.Images.Urls[2], figure.Images.Urls[12]);
        // Each row is labelled with the range it covers: μ ± |log σ²| of the sample on that dimension.
        var (low, high) = LatentTraversal.Ranges(model.Raw, model.Space, 4, TraversalRange.LogVar, 3);
        Assert.Equal(FormattableString.Invariant($"{low[2]:0.00} … {high[2]:0.00}"), figure.RowRanges[2]);
        Assert.NotNull(figure.AnimationUrl);
        Assert.Equal(figure.GridUrl, TraversalFigure.Build(model, view).GridUrl);
        Assert.Equal(model.Space.Labels[4], figure.Label);
    }

    [Fact]
    public async Task A_pca_traversal_labels_its_rows_with_the_variance_they_explain()
    {
        using var lease = await cache.AcquireAsync(ExplorerModels.Run, ExplorerModels.Branched, CancellationToken.None);
        var model = lease.Model;

        var figure = TraversalFigure.Build(model, new TraversalView { Sample = 0, Axes = ProjectionKind.Pca, Range = TraversalRange.Data });

        Assert.Equal(["PC1", "PC2", "PC3"], figure.RowTitles);
        Assert.Equal(FormattableString.Invariant($"{model.Pca.ExplainedVarianceRatio[0] * 100:0.0} % of variance"), figure.RowNotes[0]);
        Assert.Contains("share of the latent means' variance", figure.Note, StringComparison.Ordinal);
        Assert.Null(figure.AnimationUrl);
        Assert.Equal(27, figure.Count);
    }

    [Fact]
    public async Task A_conditioned_decoder_decodes_as_the_chosen_class_and_a_plain_model_has_no_verdicts()
    {
        using var lease = await cache.AcquireAsync(ExplorerModels.Run, ExplorerModels.Conditioned, CancellationToken.None);
        var model = lease.Model;
        var sample = Enumerable.Range(0, model.Space.Count).First(i => model.Space.Labels[i] != 3);

        var asSample = TraversalFigure.Build(model, new TraversalView { Sample = sample });
        var asThree = TraversalFigure.Build(model, new TraversalView { Sample = sample, Condition = 3 });

        Assert.Equal(model.Space.Labels[sample], asSample.Label);
        Assert.Equal(3, asThree.Label);
        Assert.NotEqual(asSample.GridUrl, asThree.GridUrl);
        Assert.Equal(model.HasClassifier, asSample.Images.Captions is not null);
    }

    [Fact]
    public async Task An_interpolation_strip_runs_from_the_first_samples_reconstruction_to_the_seconds()
    {
        using var lease = await cache.AcquireAsync(ExplorerModels.Run, ExplorerModels.Branched, CancellationToken.None);
        var model = lease.Model;
        var (from, to) = (2, 9);
        var reconstructions = DecodedCells.Decode(model, [.. model.Space.Mu.AsSpan(from * 3, 3), .. model.Space.Mu.AsSpan(to * 3, 3)], 0);

        var figure = InterpolationFigure.Build(model, new InterpolationView { Sample = from, To = to, Steps = 6, Path = InterpolationPath.Slerp });

        Assert.Equal(6, figure.Count);
        Assert.Equal(6, figure.Images.Captions!.Count);
        var expected = CellImages.From(reconstructions, model.Space.ClassNames, scale: 3);
        Assert.Equal(expected.Urls[0], figure.Images.Urls[0]);
        Assert.Equal(expected.Urls[1], figure.Images.Urls[5]);
        Assert.Equal(expected.Captions![1], figure.Images.Captions[5]);
        Assert.NotEqual(figure.FromUrl, figure.ToUrl);
        Assert.StartsWith("data:image/png;base64,", figure.StripUrl, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_chosen_end_the_strip_ends_on_the_first_sample_of_another_class()
    {
        var space = new LatentSpace(new float[8], new float[8], [4, 4, 7, 4], 2, ["a", "b", "c", "d", "e", "f", "g", "h"]);
        var same = new LatentSpace(new float[6], new float[6], [1, 1, 1], 2, ["a", "b"]);

        Assert.Equal(2, InterpolationFigure.DefaultTarget(space, 0));
        Assert.Equal(0, InterpolationFigure.DefaultTarget(space, 2));
        Assert.Equal(1, InterpolationFigure.DefaultTarget(same, 0));
        Assert.Equal(0, InterpolationFigure.DefaultTarget(same, 2));
    }

    [Fact]
    public async Task The_animated_row_sweeps_its_frames_by_css_alone()
    {
        await using var context = new BunitContext();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddMudServices();
        var cut = context.Render<AnimatedRow>(p => p.Add(c => c.StripUrl, "data:image/png;base64,AAAA").Add(c => c.Frames, 9).Add(c => c.Size, 100));

        var style = cut.Find("style").TextContent;
        Assert.Contains("@keyframes latentdash-sweep-800", style, StringComparison.Ordinal);
        Assert.Contains("background-position: -800px 0", style, StringComparison.Ordinal);
        var frames = cut.Find("[data-testid=traversal-animation]").GetAttribute("style")!;
        Assert.Contains("url('data:image/png;base64,AAAA')", frames, StringComparison.Ordinal);
        Assert.Contains("background-size:900px 100px", frames, StringComparison.Ordinal);
        Assert.Contains("animation:latentdash-sweep-800 1620ms steps(9, jump-none) infinite alternate", frames, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("script"));
    }
}
