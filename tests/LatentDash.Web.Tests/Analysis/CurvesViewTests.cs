using LatentDash.Models.Experiments;
using LatentDash.Web.Analysis.Curves;

namespace LatentDash.Web.Tests.Analysis;

public class CurvesViewTests
{
    private static readonly ExperimentEntry[] Entries =
    [
        new() { Dataset = "mnist", Run = "b", Model = "m3" },
        new() { Dataset = "fashion", Run = "a", Model = "m2" },
        new() { Dataset = "fashion", Run = "a", Model = "m1" },
        new() { Dataset = "fashion", Run = "c", Model = "m0" },
    ];

    [Fact]
    public void A_full_view_round_trips_through_the_query_string()
    {
        var view = new CurvesView { Dataset = "fashion", Run = "sweep-1", Models = ["bcvae-b4-d2.x", "cvae_1"], LogScale = true };

        var parsed = CurvesView.Parse("?" + view.ToQuery(), out var errors);

        Assert.Empty(errors);
        Assert.Equal(view, parsed);
        Assert.Equal(view.Models, parsed.Models);
        Assert.Equal("dataset=fashion&run=sweep-1&model=bcvae-b4-d2.x,cvae_1&scale=log", view.ToQuery());
    }

    [Fact]
    public void Defaults_are_left_out_and_an_empty_address_is_the_default_view()
    {
        Assert.Equal("run=a", new CurvesView { Run = "a" }.ToQuery());
        Assert.Equal(new CurvesView(), CurvesView.Parse("", out var errors));
        Assert.Empty(errors);
        Assert.False(CurvesView.Parse("?scale=linear", out _).LogScale);
    }

    [Theory]
    [InlineData("run=..%2Fetc", "run '../etc' is not allowed")]
    [InlineData("model=ok,a%2Fb", "model 'a/b' is not allowed")]
    [InlineData("model=a,,b", "model '' is not allowed")]
    [InlineData("scale=loglog", "scale 'loglog' is not known: use linear or log")]
    [InlineData("zoom=2", "'zoom' is not a parameter of the curves")]
    public void A_bad_parameter_gives_a_message_and_is_dropped(string query, string message)
    {
        var view = CurvesView.Parse("?dataset=fashion&" + query, out var errors);

        Assert.Contains(message, Assert.Single(errors), StringComparison.Ordinal);
        Assert.DoesNotContain("..", view.ToQuery(), StringComparison.Ordinal);
        Assert.DoesNotContain("%2F", view.ToQuery(), StringComparison.Ordinal);
    }

    [Fact]
    public void More_models_than_a_page_overlays_are_refused()
    {
        var view = CurvesView.Parse("?model=" + string.Join(',', Enumerable.Range(0, 17).Select(i => $"m{i}")), out var errors);

        Assert.Contains("at most 16", Assert.Single(errors), StringComparison.Ordinal);
        Assert.Empty(view.Models);
    }

    [Fact]
    public void An_empty_address_resolves_to_every_model_of_the_first_run()
    {
        var problems = new List<string>();

        var view = new CurvesView().Resolve(Entries, problems);

        Assert.Equal("dataset=fashion&run=a&model=m1,m2", view.ToQuery());
        Assert.Empty(problems);
    }

    [Fact]
    public void A_model_alone_finds_its_run_and_dataset()
    {
        var problems = new List<string>();

        var view = new CurvesView { Models = ["m3"] }.Resolve(Entries, problems);

        Assert.Equal("dataset=mnist&run=b&model=m3", view.ToQuery());
        Assert.Empty(problems);
    }

    [Fact]
    public void Names_the_index_does_not_hold_give_messages_and_are_dropped()
    {
        var problems = new List<string>();

        var view = new CurvesView { Run = "a", Models = ["m2", "gone"] }.Resolve(Entries, problems);
        var unknownRun = new CurvesView { Run = "nope", LogScale = true }.Resolve(Entries, problems);

        Assert.Equal("dataset=fashion&run=a&model=m2", view.ToQuery());
        Assert.Equal("dataset=fashion&run=a&model=m1,m2&scale=log", unknownRun.ToQuery());
        Assert.Equal(["model 'gone' is not in run 'a'", "run 'nope' is not in the index; showing the first run instead"], problems);
    }

    [Fact]
    public void The_legend_tells_branched_models_apart_by_their_class_loss_weight()
    {
        var plain = new ExperimentEntry { Architecture = "beta-vae", Beta = 4, LatentDim = 10 };
        var branched = new ExperimentEntry { Architecture = "branched", Beta = 0.5, LatentDim = 2, ClassLossWeight = 100 };

        Assert.Equal("beta-vae, β 4, dim 10", CurvesPage.LegendDetail(plain));
        Assert.Equal("branched, β 0.5, dim 2, class-loss weight 100", CurvesPage.LegendDetail(branched));
    }
}
