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
    [InlineData("proj=tsne", "proj 'tsne' is not a projection")]
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
        Assert.Equal("dataset=fashion", view.ToQuery());
    }

    [Fact]
    public void Too_many_slider_values_are_refused()
    {
        var query = "z=" + string.Join(',', Enumerable.Repeat("1", 65));
        ExplorerView.Parse(query, out var errors);
        Assert.Contains("at most 64", Assert.Single(errors), StringComparison.Ordinal);
    }
}
