using LatentDash.Models.Comparison;
using LatentDash.Models.Experiments;
using LatentDash.Web.Analysis.Compare;

namespace LatentDash.Web.Tests.Analysis;

public class CompareViewTests
{
    private static readonly ExperimentEntry[] Entries =
    [
        new() { Dataset = "mnist", Run = "b", Model = "m3", Hyperparameters = new() { ["beta"] = "4" } },
        new() { Dataset = "fashion", Run = "a", Model = "m1", Hyperparameters = new() { ["beta"] = "2", ["latent_dim"] = "4" } },
    ];

    [Fact]
    public void A_full_view_round_trips_through_the_query_string()
    {
        var view = new CompareView
        {
            Dataset = "fashion",
            Run = "sweep-1",
            Filter = "beta=4 architecture=branched",
            Sort = ComparisonColumns.Find("val_acc")!,
            Descending = true,
            Metric = ComparisonColumns.Find("mig")!,
        };

        var parsed = CompareView.Parse("?" + view.ToQuery(), out var errors);

        Assert.Empty(errors);
        Assert.Equal(view, parsed);
        Assert.Equal((view.Sort, view.Descending, view.Metric, view.Filter), (parsed.Sort, parsed.Descending, parsed.Metric, parsed.Filter));
        Assert.Equal("dataset=fashion&run=sweep-1&filter=beta%3D4%20architecture%3Dbranched&sort=-val_acc&metric=mig", view.ToQuery());
    }

    [Fact]
    public void Defaults_are_left_out_and_a_typed_filter_is_normalised()
    {
        Assert.Equal("", new CompareView().ToQuery());
        Assert.Equal(new CompareView(), CompareView.Parse("?sort=val_loss&metric=val_loss", out var errors));
        Assert.Empty(errors);
        Assert.Equal("beta=4 latent_dim=10", CompareView.Parse("?filter=++beta%3D4+++latent_dim%3D10+", out _).Filter);
        Assert.Null(CompareView.Parse("?filter=+", out _).Filter);
    }

    [Theory]
    [InlineData("run=..%2Fetc", "run '../etc' is not allowed")]
    [InlineData("dataset=a%0Ab", "dataset 'a\\u000ab' is not allowed")]
    [InlineData("sort=loss", "sort 'loss' is not a column")]
    [InlineData("sort=--val_loss", "sort '--val_loss' is not a column")]
    [InlineData("metric=beta", "metric 'beta' is not a metric")]
    [InlineData("metric=", "metric '' is not a metric")]
    [InlineData("filter=beta", "filter term 'beta' is not key=value")]
    [InlineData("filter=beta%3D4+%3D2", "filter term '=2' is not key=value")]
    [InlineData("page=2", "'page' is not a parameter of the comparison")]
    public void A_bad_parameter_gives_a_message_and_is_dropped(string query, string message)
    {
        var view = CompareView.Parse("?" + query, out var errors);

        Assert.Contains(message, Assert.Single(errors), StringComparison.Ordinal);
        Assert.Equal(new CompareView(), view);
    }

    [Fact]
    public void A_filter_longer_than_the_limit_is_refused()
    {
        CompareView.Parse("?filter=" + new string('a', 300) + "%3D" + new string('b', 300), out var errors);

        Assert.Contains("at most 512", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void The_query_combines_the_views_run_with_the_filters_terms()
    {
        var query = new CompareView { Run = "a", Filter = "beta=4 run=other dataset=mnist" }.Query();

        Assert.Equal(("a", "mnist"), (query.Run, query.Dataset));
        Assert.Equal("4", query.With["beta"]);
        Assert.Equal("other", new CompareView { Filter = "run=other" }.Query().Run);
    }

    [Fact]
    public void Resolving_fills_the_runs_dataset_and_drops_names_the_index_lacks()
    {
        var problems = new List<string>();

        Assert.Equal("dataset=mnist&run=b", new CompareView { Run = "b" }.Resolve(Entries, problems).ToQuery());
        Assert.Equal("dataset=fashion", new CompareView().Resolve(Entries, problems).ToQuery());
        Assert.Empty(problems);
        Assert.Equal("dataset=fashion", new CompareView { Run = "gone" }.Resolve(Entries, problems).ToQuery());
        Assert.Equal("dataset=fashion", new CompareView { Dataset = "cifar" }.Resolve(Entries, problems).ToQuery());
        Assert.Equal(["run 'gone' is not in the index; showing every run", "dataset 'cifar' is not in the index"], problems);
    }

    [Fact]
    public void A_filter_key_no_model_has_is_reported()
    {
        var view = new CompareView { Filter = "beta=4 latnt_dim=4 LATENT_DIM=4" };

        Assert.Equal(["no model has a hyperparameter 'latnt_dim'"], view.UnknownFilterKeys(Entries));
    }
}
