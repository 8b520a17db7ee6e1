using LatentDash.Models.Experiments;
using LatentDash.Models.Latent;
using LatentDash.Web.Explorer;

namespace LatentDash.Web.Tests.Explorer;

/// <summary>The density option of the explorer's URL: density=val or density=train.</summary>
public sealed class ExplorerViewDensityTests
{
    [Theory]
    [InlineData("density=val", DensityPoints.Validation)]
    [InlineData("density=train", DensityPoints.Training)]
    public void The_density_option_round_trips_through_the_query_string(string query, DensityPoints points)
    {
        var view = ExplorerView.Parse("?dataset=fashion&run=demo&model=m1&proj=raw&k=3&sample=4&" + query, out var errors);

        Assert.Empty(errors);
        Assert.Equal(points, view.Density);
        Assert.Equal("dataset=fashion&run=demo&model=m1&proj=raw&k=3&sample=4&" + query, view.ToQuery());
        Assert.Equal(view, ExplorerView.Parse("?" + view.ToQuery(), out var again));
        Assert.Empty(again);
    }

    [Fact]
    public void Without_the_option_the_splom_is_shown_and_nothing_is_written()
    {
        var view = ExplorerView.Parse("?dataset=fashion", out _);

        Assert.Null(view.Density);
        Assert.DoesNotContain("density", view.ToQuery(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("density=1")]
    [InlineData("density=TRAIN")]
    [InlineData("density=")]
    public void A_bad_density_gives_a_message_and_is_dropped(string query)
    {
        var view = ExplorerView.Parse("?dataset=fashion&" + query, out var errors);

        Assert.Contains("is not a point set: use val (the validation images) or train (the training images)", Assert.Single(errors), StringComparison.Ordinal);
        Assert.Null(view.Density);
        Assert.Equal("dataset=fashion", view.ToQuery());
    }

    [Theory]
    [InlineData("tsne", "t-SNE")]
    [InlineData("umap", "UMAP")]
    public void Training_points_under_an_embedding_fall_back_to_the_validation_points_with_a_message(string projection, string title)
    {
        var view = ExplorerView.Parse($"?proj={projection}&density=train", out var errors);

        Assert.Equal($"density=train needs pca or raw axes: {title} places only the validation points it was fitted on; showing their density", Assert.Single(errors));
        Assert.Equal(DensityPoints.Validation, view.Density);
        Assert.Equal($"proj={projection}&density=val", view.ToQuery());
    }

    [Fact]
    public void A_model_that_is_not_in_the_index_keeps_the_density_option_on_the_first_model()
    {
        ExperimentEntry[] entries = [new() { Dataset = "fashion", Run = "a", Model = "m1" }];
        var problems = new List<string>();

        var view = ExplorerView.Parse("?run=gone&model=gone&density=train", out _).Resolve(entries, problems);

        Assert.Single(problems);
        Assert.Equal(("a", "m1", DensityPoints.Training), (view.Run, view.Model, view.Density));
    }
}
