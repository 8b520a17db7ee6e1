using LatentDash.Models.Analysis;
using LatentDash.Models.Latent;
using LatentDash.Web.Analysis.Traversal;

namespace LatentDash.Web.Tests.Analysis;

public class TraversalViewTests
{
    [Fact]
    public void A_full_view_round_trips_through_the_query_string()
    {
        var view = new TraversalView
        {
            Dataset = "fashion",
            Run = "demo",
            Model = "bcvae-fashion-b4-d10-0716-kind-rare-wide-rose",
            Sample = 42,
            Axes = ProjectionKind.Pca,
            Steps = 13,
            Range = TraversalRange.Sigma,
            K = 2.5,
            Condition = 7,
            Animate = 3,
        };

        var parsed = TraversalView.Parse("?" + view.ToQuery(), out var errors);

        Assert.Empty(errors);
        Assert.Equal(view, parsed);
        Assert.Equal("dataset=fashion&run=demo&model=bcvae-fashion-b4-d10-0716-kind-rare-wide-rose&sample=42&axes=pca&steps=13&range=sigma&k=2.5&cond=7&animate=3", view.ToQuery());
    }

    [Theory]
    [InlineData("range=data", TraversalRange.Data)]
    [InlineData("range=logvar", TraversalRange.LogVar)]
    public void Each_range_word_parses_to_its_range(string query, TraversalRange range)
    {
        Assert.Equal(range, TraversalView.Parse(query, out var errors).Range);
        Assert.Empty(errors);
    }

    [Fact]
    public void Defaults_are_left_out_of_the_query()
    {
        var view = TraversalView.Parse("steps=9&range=logvar&k=3&axes=raw", out var errors);

        Assert.Empty(errors);
        Assert.Equal(new TraversalView(), view);
        Assert.Equal("", view.ToQuery());
        Assert.Equal((9, 3.0, ProjectionKind.Raw, TraversalRange.LogVar), (view.Steps, view.K, view.Axes, view.Range));
    }

    [Theory]
    [InlineData("run=..%2Fetc", "run '../etc' is not allowed")]
    [InlineData("sample=-1", "sample '-1' must be an integer")]
    [InlineData("sample=x", "sample 'x' must be an integer")]
    [InlineData("axes=tsne", "axes 'tsne' must be one of raw, pca")]
    [InlineData("steps=2", "steps '2' must be an integer in 3..25")]
    [InlineData("steps=26", "steps '26' must be an integer in 3..25")]
    [InlineData("range=wide", "range 'wide' must be one of logvar, sigma, data")]
    [InlineData("k=0", "k '0' must be a number in 0.1..10")]
    [InlineData("k=NaN", "k 'NaN' must be a number")]
    [InlineData("k=Infinity", "k 'Infinity' must be a number")]
    [InlineData("cond=256", "cond '256' must be an integer in 0..255")]
    [InlineData("animate=64", "animate '64' must be an integer in 0..63")]
    [InlineData("zoom=3", "'zoom' is not a parameter of the traversal grid")]
    public void A_bad_parameter_gives_a_message_and_is_dropped(string query, string message)
    {
        var view = TraversalView.Parse("?dataset=fashion&" + query, out var errors);

        var error = Assert.Single(errors);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.Equal("dataset=fashion", view.ToQuery());
    }

    [Fact]
    public void Values_that_do_not_fit_the_model_become_messages()
    {
        var view = TraversalView.Parse("sample=500&cond=2&animate=3", out _);
        var problems = new List<string>();

        var fitted = view.FitTo(new ModelShape(LatentDim: 3, ClassCount: 10, ConditionedDecoder: false, SampleCount: 200), problems);

        Assert.Equal(3, problems.Count);
        Assert.Contains("sample 500 is beyond the 200 validation images", problems[0], StringComparison.Ordinal);
        Assert.Contains("cond 2 is ignored", problems[1], StringComparison.Ordinal);
        Assert.Contains("animate 3 is not a row", problems[2], StringComparison.Ordinal);
        Assert.Equal((0, (int?)null, (int?)null), (fitted.Sample, fitted.Condition, fitted.Animate));
    }

    [Fact]
    public void A_class_beyond_a_conditioned_decoders_classes_is_dropped_and_a_fitting_view_is_kept()
    {
        var problems = new List<string>();
        var shape = new ModelShape(LatentDim: 4, ClassCount: 10, ConditionedDecoder: true, SampleCount: 200);

        Assert.Null(TraversalView.Parse("cond=12", out _).FitTo(shape, problems).Condition);
        Assert.Contains("cond 12 is not a class of this model", Assert.Single(problems), StringComparison.Ordinal);

        problems.Clear();
        var fitting = TraversalView.Parse("sample=199&cond=9&animate=3", out _);
        Assert.Equal(fitting, fitting.FitTo(shape, problems));
        Assert.Empty(problems);
    }
}
