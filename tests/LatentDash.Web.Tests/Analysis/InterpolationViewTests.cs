using LatentDash.Models.Analysis;
using LatentDash.Models.Latent;
using LatentDash.Web.Analysis.Interpolation;

namespace LatentDash.Web.Tests.Analysis;

public class InterpolationViewTests
{
    [Fact]
    public void A_full_view_round_trips_through_the_query_string()
    {
        var view = new InterpolationView
        {
            Dataset = "mnist",
            Run = "sweep",
            Model = "cvae-mnist-b1-d2",
            Sample = 3,
            To = 1999,
            Steps = 25,
            Path = InterpolationPath.Slerp,
            Condition = 4,
        };

        var parsed = InterpolationView.Parse("?" + view.ToQuery(), out var errors);

        Assert.Empty(errors);
        Assert.Equal(view, parsed);
        Assert.Equal("dataset=mnist&run=sweep&model=cvae-mnist-b1-d2&sample=3&to=1999&steps=25&path=slerp&cond=4", view.ToQuery());
    }

    [Fact]
    public void Defaults_are_left_out_of_the_query()
    {
        var view = InterpolationView.Parse("steps=10&path=linear", out var errors);

        Assert.Empty(errors);
        Assert.Equal(new InterpolationView(), view);
        Assert.Equal("", view.ToQuery());
        Assert.Equal((10, InterpolationPath.Linear), (view.Steps, view.Path));
    }

    [Theory]
    [InlineData("model=a%2Fb", "model 'a/b' is not allowed")]
    [InlineData("to=-3", "to '-3' must be an integer")]
    [InlineData("to=1e3", "to '1e3' must be an integer")]
    [InlineData("steps=1", "steps '1' must be an integer in 2..25")]
    [InlineData("steps=100", "steps '100' must be an integer in 2..25")]
    [InlineData("path=geodesic", "path 'geodesic' must be one of linear, slerp")]
    [InlineData("cond=-1", "cond '-1' must be an integer in 0..255")]
    [InlineData("axes=pca", "'axes' is not a parameter of the interpolation")]
    public void A_bad_parameter_gives_a_message_and_is_dropped(string query, string message)
    {
        var view = InterpolationView.Parse("?run=r&" + query, out var errors);

        var error = Assert.Single(errors);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.Equal("run=r", view.ToQuery());
    }

    [Fact]
    public void Samples_or_a_class_that_do_not_fit_the_model_become_messages()
    {
        var problems = new List<string>();
        var view = InterpolationView.Parse("sample=200&to=300&cond=11", out _);

        var fitted = view.FitTo(new ModelShape(LatentDim: 2, ClassCount: 10, ConditionedDecoder: true, SampleCount: 200), problems);

        Assert.Equal(3, problems.Count);
        Assert.Contains("sample 200 is beyond", problems[0], StringComparison.Ordinal);
        Assert.Contains("to 300 is beyond", problems[1], StringComparison.Ordinal);
        Assert.Contains("cond 11 is not a class of this model", problems[2], StringComparison.Ordinal);
        Assert.Equal((0, (int?)null, (int?)null), (fitted.Sample, fitted.To, fitted.Condition));
    }
}
