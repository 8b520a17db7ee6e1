using LatentDash.Web.Analysis.Counterfactual;

namespace LatentDash.Web.Tests.Analysis;

public sealed class CounterfactualViewTests
{
    [Fact]
    public void A_full_view_round_trips_through_the_query_string()
    {
        var view = new CounterfactualView { Dataset = "fashion", Run = "demo", Model = "m1", Sample = 7, Target = 3, Probability = 0.75 };

        var parsed = CounterfactualView.Parse("?" + view.ToQuery(), out var errors);

        Assert.Empty(errors);
        Assert.Equal(view, parsed);
        Assert.Equal("dataset=fashion&run=demo&model=m1&sample=7&target=3&p=0.75", view.ToQuery());
        Assert.Equal("counterfactual-s7-t3-p0_75", parsed.Settings!.CacheName);
    }

    [Fact]
    public void Without_a_sample_or_target_there_is_nothing_to_search_and_p_defaults_to_0_9()
    {
        var view = CounterfactualView.Parse("?run=r&model=m&sample=4", out var errors);

        Assert.Empty(errors);
        Assert.Null(view.Settings);
        Assert.Equal(0.9, view.Probability);
        Assert.Equal(0.9, (view with { Target = 1 }).Settings!.Probability);
    }

    [Theory]
    [InlineData("p=1", "p '1' must be a number in 0.05..0.999")]
    [InlineData("p=0", "p '0' must be a number in 0.05..0.999")]
    [InlineData("p=NaN", "p 'NaN' must be a number")]
    [InlineData("target=-2", "target '-2' must be an integer in 0..255")]
    [InlineData("target=cat", "target 'cat' must be an integer")]
    [InlineData("sample=x", "sample 'x' must be an integer")]
    [InlineData("run=a%2Fb", "run 'a/b' is not allowed")]
    [InlineData("lambda=3", "'lambda' is not a parameter of the counterfactual view")]
    public void A_bad_value_is_reported_and_ignored(string query, string message)
    {
        var view = CounterfactualView.Parse("?" + query + "&model=m", out var errors);

        var error = Assert.Single(errors);
        Assert.StartsWith(message, error, StringComparison.Ordinal);
        Assert.Equal(new CounterfactualView { Model = "m" }, view);
    }

    [Fact]
    public void A_sample_or_target_the_model_does_not_have_is_dropped_with_a_message()
    {
        var problems = new List<string>();

        var view = new CounterfactualView { Sample = 200, Target = 10 }.FitTo(sampleCount: 200, classCount: 10, problems);

        Assert.Equal((null, null), (view.Sample, view.Target));
        Assert.Equal(["sample 200 is beyond the 200 validation images", "target 10 is not a class of this model (0..9)"], problems);
        Assert.Equal(new CounterfactualView { Sample = 199, Target = 9 }, new CounterfactualView { Sample = 199, Target = 9 }.FitTo(200, 10, problems));
    }
}
