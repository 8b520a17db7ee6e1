using LatentDash.Models.Latent;
using LatentDash.Web.Analysis.Manifold;

namespace LatentDash.Web.Tests.Analysis;

public sealed class ManifoldViewTests
{
    private static readonly ModelShape FourDims = new(4, 10, ConditionedDecoder: false, SampleCount: 200);

    [Fact]
    public void A_full_view_round_trips_through_the_query_string()
    {
        var view = new ManifoldView
        {
            Dataset = "fashion", Run = "r", Model = "a", Sample = 12, X = 3, Y = 1, HoldAtZero = true, Size = 20,
            Range = ManifoldRange.Data, Span = 2.5, Condition = 4,
        };

        var parsed = ManifoldView.Parse("?" + view.ToQuery(), out var errors);

        Assert.Empty(errors);
        Assert.Equal(view, parsed);
        Assert.Equal((3, 1, true, 20, 2.5), (parsed.X, parsed.Y, parsed.HoldAtZero, parsed.Size, parsed.Span));
    }

    [Fact]
    public void Defaults_are_left_out_of_the_query()
    {
        var view = new ManifoldView { Run = "r", Size = ManifoldView.DefaultSize, Span = ManifoldView.DefaultSpan, Range = ManifoldRange.Prior };

        Assert.Equal("run=r", view.ToQuery());
        Assert.Equal(new ManifoldView(), ManifoldView.Parse("hold=sample&range=prior", out var errors));
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("n=2", "n '2' must be an integer in 3..30")]
    [InlineData("n=31", "n '31' must be an integer in 3..30")]
    [InlineData("span=0", "span '0' must be a number in 0.1..100")]
    [InlineData("span=NaN", "span 'NaN' must be a number")]
    [InlineData("range=wide", "range 'wide' must be one of prior, data")]
    [InlineData("hold=mean", "hold 'mean' must be one of sample, zero")]
    [InlineData("x=0", "x '0' must be an integer in 1..64")]
    [InlineData("cond=-1", "cond '-1' must be an integer")]
    [InlineData("proj=raw", "'proj' is not a parameter of the manifold")]
    public void A_bad_value_becomes_a_message_and_is_dropped(string query, string message)
    {
        var view = ManifoldView.Parse(query, out var errors);

        Assert.Contains(message, Assert.Single(errors), StringComparison.Ordinal);
        Assert.Equal(new ManifoldView(), view);
    }

    [Fact]
    public void Dimensions_default_to_the_first_two_and_must_fit_the_model_and_differ()
    {
        var problems = new List<string>();

        Assert.Equal((1, 2), Dims(new ManifoldView().FitTo(FourDims, problems)));
        Assert.Equal((2, 1), Dims(new ManifoldView { X = 2 }.FitTo(FourDims, problems)));
        Assert.Empty(problems);

        Assert.Equal((1, 2), Dims(new ManifoldView { X = 5, Y = 1 }.FitTo(FourDims, problems)));
        Assert.Equal((1, 2), Dims(new ManifoldView { X = 3, Y = 3 }.FitTo(FourDims, problems)));
        Assert.Contains("do not fit this model's 4 latent dimensions", problems[0], StringComparison.Ordinal);
        Assert.Contains("x and y are both z3", problems[1], StringComparison.Ordinal);

        new ManifoldView().FitTo(new ModelShape(1, 10, false, 200), problems);
        Assert.Contains("a 2-D manifold needs two", problems[2], StringComparison.Ordinal);
    }

    [Fact]
    public void A_sample_beyond_the_set_and_a_class_the_decoder_does_not_take_are_dropped()
    {
        var problems = new List<string>();

        var fitted = new ManifoldView { Sample = 200, Condition = 2 }.FitTo(FourDims, problems);

        Assert.Null(fitted.Sample);
        Assert.Null(fitted.Condition);
        Assert.Equal(2, problems.Count);
        Assert.Equal(2, new ManifoldView { Condition = 2 }.FitTo(FourDims with { ConditionedDecoder = true }, problems).Condition);
    }

    [Fact]
    public void The_grid_holds_the_samples_mu_or_zero_and_spans_the_prior_or_the_data()
    {
        // Three images, three dimensions: μ rows (1,2,3), (−2,0,5), (4,−1,0).
        var space = new LatentSpace([1, 2, 3, -2, 0, 5, 4, -1, 0], new float[9], [0, 1, 1], 3, ["a", "b"]);

        var atSample = new ManifoldView { X = 1, Y = 3, Sample = 2, Size = 3, Span = 2 }.Grid(space);
        Assert.Equal((0, 2), (atSample.X, atSample.Y));
        Assert.Equal((-2.0, 2.0), atSample.XRange);
        Assert.All(Enumerable.Range(0, 9), cell => Assert.Equal(-1f, atSample.Latents[(cell * 3) + 1]));

        var atZero = new ManifoldView { X = 1, Y = 3, Sample = 2, HoldAtZero = true, Size = 3, Range = ManifoldRange.Data }.Grid(space);
        Assert.All(Enumerable.Range(0, 9), cell => Assert.Equal(0f, atZero.Latents[(cell * 3) + 1]));
        Assert.Equal(((-2.0, 4.0), (0.0, 5.0)), (atZero.XRange, atZero.YRange));
        // Top-left corner: the smallest x and the largest y.
        Assert.Equal((-2f, 5f), (atZero.Latents[0], atZero.Latents[2]));

        Assert.Equal(1, new ManifoldView { Sample = 2 }.DecodeClass(space));
        Assert.Equal(0, new ManifoldView { Sample = 2, Condition = 0 }.DecodeClass(space));
    }

    private static (int?, int?) Dims(ManifoldView view) => (view.X, view.Y);
}
