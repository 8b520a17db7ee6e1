using LatentDash.Models.Experiments;
using LatentDash.Models.Latent;
using LatentDash.Web.Explorer;

namespace LatentDash.Web.Tests.Explorer;

public class ExplorerViewTests
{
    [Fact]
    public void A_full_view_round_trips_through_the_query_string()
    {
        var view = new ExplorerView
        {
            Dataset = "fashion",
            Run = "demo",
            Model = "bcvae-fashion-b4-d10-0716-kind-rare-wide-rose",
            Projection = ProjectionKind.Raw,
            Components = 4,
            Sample = 17,
            Sliders = [0.1, -2.5, 1e-7, 3.141592653589793],
            Range = SliderRange.ThreeStd,
            Condition = 3,
        };

        var parsed = ExplorerView.Parse("?" + view.ToQuery(), out var errors);

        Assert.Empty(errors);
        Assert.Equal(view, parsed);
        Assert.Equal(view.Sliders, parsed.Sliders);
    }

    [Fact]
    public void Defaults_are_left_out_of_the_query()
    {
        Assert.Equal("dataset=mnist", new ExplorerView { Dataset = "mnist" }.ToQuery());
        Assert.Equal(new ExplorerView(), ExplorerView.Parse("", out var errors));
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("run=..%2Fetc", "run '../etc' is not allowed")]
    [InlineData("model=a%2Fb", "model 'a/b' is not allowed")]
    [InlineData("proj=pca3d", "proj 'pca3d' is not a projection: use pca, raw, tsne or umap")]
    [InlineData("proj=tsne&axes=umap", "axes 'umap' are not slider axes: use pca or raw")]
    [InlineData("axes=raw", "axes is ignored: the sliders follow the splom's axes")]
    [InlineData("k=0", "k '0' must be an integer in 1..64")]
    [InlineData("k=two", "k 'two' must be an integer")]
    [InlineData("sample=-1", "sample '-1' must be an integer")]
    [InlineData("z=1,NaN", "z value 'NaN' is not a finite number")]
    [InlineData("z=1,,2", "z value '' is not a finite number")]
    [InlineData("range=wide", "range 'wide' is not known")]
    [InlineData("zoom=3", "'zoom' is not a parameter of the explorer")]
    public void A_bad_parameter_gives_a_message_and_is_dropped(string query, string message)
    {
        var view = ExplorerView.Parse("?dataset=fashion&" + query, out var errors);

        var error = Assert.Single(errors);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.Equal(query.StartsWith("proj=tsne", StringComparison.Ordinal) ? "dataset=fashion&proj=tsne" : "dataset=fashion", view.ToQuery());
    }

    [Fact]
    public void Too_many_slider_values_are_refused()
    {
        var query = "z=" + string.Join(',', Enumerable.Repeat("1", 65));
        ExplorerView.Parse(query, out var errors);
        Assert.Contains("at most 64", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Shared_links_of_either_projection_still_open()
    {
        Assert.Equal(ProjectionKind.Raw, ExplorerView.Parse("?proj=raw", out _).Projection);
        Assert.Equal(ProjectionKind.Pca, ExplorerView.Parse("?proj=pca", out _).Projection);
        Assert.Equal("proj=raw", new ExplorerView { Projection = ProjectionKind.Raw }.ToQuery());
    }

    [Theory]
    [InlineData("proj=tsne", ProjectionKind.Tsne, ProjectionKind.Pca)]
    [InlineData("proj=umap", ProjectionKind.Umap, ProjectionKind.Pca)]
    [InlineData("proj=tsne&axes=raw", ProjectionKind.Tsne, ProjectionKind.Raw)]
    [InlineData("proj=umap&axes=raw", ProjectionKind.Umap, ProjectionKind.Raw)]
    public void Embeddings_round_trip_with_the_axes_their_sliders_traverse(string query, ProjectionKind projection, ProjectionKind sliders)
    {
        var view = ExplorerView.Parse("?" + query, out var errors);

        Assert.Empty(errors);
        Assert.Equal((projection, sliders), (view.Projection, view.SliderAxes));
        Assert.Equal(query, view.ToQuery());
    }

    [Fact]
    public void Under_pca_or_raw_the_sliders_follow_the_splom_and_pca_axes_are_left_out_of_the_query()
    {
        Assert.Equal(ProjectionKind.Raw, new ExplorerView { Projection = ProjectionKind.Raw, Axes = ProjectionKind.Pca }.SliderAxes);
        Assert.Equal(ProjectionKind.Pca, new ExplorerView { Projection = ProjectionKind.Pca, Axes = ProjectionKind.Raw }.SliderAxes);
        Assert.Equal("proj=tsne", ExplorerView.Parse("?proj=tsne&axes=pca", out _).ToQuery());
        Assert.Equal("proj=raw", new ExplorerView { Projection = ProjectionKind.Raw, Axes = ProjectionKind.Raw }.ToQuery());
    }

    [Theory]
    [InlineData("proj=tsne&axes=raw&k=3", 31, "proj t-SNE needs at least 32 validation images, this model has 31; showing PCA", "k=3")]
    [InlineData("proj=umap", 15, "proj UMAP needs at least 16 validation images, this model has 15; showing PCA", "k=3")]
    public void An_embedding_of_too_few_points_falls_back_to_pca_with_a_message(string query, int samples, string message, string expected)
    {
        var problems = new List<string>();

        var view = ExplorerView.Parse(query, out _).FitTo(new ModelShape(3, 10, false, samples), problems);

        Assert.Equal(message, Assert.Single(problems));
        Assert.Equal(expected, view.ToQuery());
    }

    [Fact]
    public void An_embedding_keeps_its_axes_when_the_model_is_replaced()
    {
        var view = new ExplorerView { Run = "a", Model = "gone", Projection = ProjectionKind.Umap, Axes = ProjectionKind.Raw }.Resolve(Entries, []);

        Assert.Equal((ProjectionKind.Umap, ProjectionKind.Raw, "m1"), (view.Projection, view.Axes, view.Model));
    }

    [Theory]
    [InlineData("z=1e7,0", "z value '1e7' is beyond ±1e6")]
    [InlineData("z=Infinity", "z value 'Infinity' is not a finite number")]
    [InlineData("cond=256", "cond '256' must be an integer in 0..255")]
    [InlineData("sample=99999999999", "sample '99999999999' must be an integer")]
    public void Values_beyond_the_explorer_bounds_are_refused(string query, string message)
    {
        var view = ExplorerView.Parse("?" + query, out var errors);

        Assert.Contains(message, Assert.Single(errors), StringComparison.Ordinal);
        Assert.Equal(new ExplorerView(), view);
    }

    [Fact]
    public void An_empty_address_resolves_to_the_first_model_of_the_first_dataset_and_run()
    {
        var problems = new List<string>();

        var view = new ExplorerView().Resolve(Entries, problems);

        Assert.Equal(("fashion", "a", "m1"), (view.Dataset, view.Run, view.Model));
        Assert.Empty(problems);
    }

    [Fact]
    public void A_model_not_in_the_index_gives_a_message_and_the_first_model()
    {
        var problems = new List<string>();

        var view = new ExplorerView { Run = "a", Model = "gone", Sample = 3, Condition = 2 }.Resolve(Entries, problems);

        Assert.Equal(("fashion", "a", "m1", (int?)null, (int?)null), (view.Dataset, view.Run, view.Model, view.Sample, view.Condition));
        Assert.Contains("model 'a/gone' is not in the index", Assert.Single(problems), StringComparison.Ordinal);
    }

    [Fact]
    public void A_named_model_keeps_its_selection_and_gets_its_dataset()
    {
        var problems = new List<string>();

        var view = new ExplorerView { Run = "b", Model = "m3", Sample = 3 }.Resolve(Entries, problems);

        Assert.Equal(("mnist", 3), (view.Dataset, view.Sample));
        Assert.Empty(problems);
    }

    [Fact]
    public void Values_that_fit_the_model_pass_unchanged_and_components_get_a_default()
    {
        var problems = new List<string>();
        var view = new ExplorerView { Sample = 199, Sliders = [1, 2], Components = 2, Condition = 9 };

        Assert.Equal(view, view.FitTo(new ModelShape(3, 10, true, 200), problems));
        Assert.Equal(4, new ExplorerView().FitTo(new ModelShape(8, 10, false, 200), problems).Components);
        Assert.Equal(2, new ExplorerView().FitTo(new ModelShape(2, 10, false, null), problems).Components);
        Assert.Empty(problems);
    }

    [Theory]
    [InlineData("k=9", "k 9 does not fit this model's 3 latent dimensions; showing 3", "k=3")]
    [InlineData("k=1", "k 1 does not fit this model's 3 latent dimensions; showing 2", "k=2")]
    [InlineData("sample=200", "sample 200 is beyond the 200 validation images", "k=3")]
    [InlineData("k=2&z=1,2,3", "z has 3 values but 2 components are shown", "k=2")]
    [InlineData("cond=10", "cond 10 is not a class of this model (0..9)", "k=3")]
    [InlineData("cond=255", "cond 255 is not a class of this model (0..9)", "k=3")]
    public void A_value_out_of_the_models_range_gives_a_message_and_falls_back(string query, string message, string expected)
    {
        var problems = new List<string>();

        var view = ExplorerView.Parse(query, out _).FitTo(new ModelShape(3, 10, true, 200), problems);

        Assert.Contains(message, Assert.Single(problems), StringComparison.Ordinal);
        Assert.Equal(expected, view.ToQuery());
    }

    [Fact]
    public void A_class_for_a_decoder_that_takes_none_is_dropped_with_a_message()
    {
        var problems = new List<string>();

        var view = new ExplorerView { Condition = 3 }.FitTo(new ModelShape(3, 10, false, 200), problems);

        Assert.Null(view.Condition);
        Assert.Contains("not conditioned", Assert.Single(problems), StringComparison.Ordinal);
    }

    [Fact]
    public void A_sample_is_kept_while_the_validation_size_is_unknown()
    {
        var problems = new List<string>();

        var view = new ExplorerView { Sample = 5000 }.FitTo(new ModelShape(3, 10, false, null), problems);

        Assert.Equal(5000, view.Sample);
        Assert.Empty(problems);
    }

    private static readonly ExperimentEntry[] Entries =
    [
        new() { Dataset = "mnist", Run = "b", Model = "m3" },
        new() { Dataset = "fashion", Run = "c", Model = "m0" },
        new() { Dataset = "fashion", Run = "a", Model = "m2" },
        new() { Dataset = "fashion", Run = "a", Model = "m1" },
    ];
}
