using LatentDash.Models.Experiments;
using LatentDash.Web.Analysis;

namespace LatentDash.Web.Tests.Analysis;

public class QueryValuesTests
{
    [Fact]
    public void Good_values_are_read_and_bad_ones_become_one_message_each()
    {
        var problems = new List<string>();

        Assert.Equal(9, QueryValues.WholeNumber("9", "steps", 3, 25, problems));
        Assert.Equal(2.5, QueryValues.Number("2.5", "span", 0.1, 10, problems));
        Assert.Equal([1, 2, 3], QueryValues.WholeNumbers("1,2,3", "samples", 0, 10, 5, problems)!);
        Assert.Equal(DayOfWeek.Monday, QueryValues.Choice("mon", "day", new Dictionary<string, DayOfWeek> { ["mon"] = DayOfWeek.Monday }, problems));
        Assert.Equal("run-1", QueryValues.Name("run-1", "run", problems));
        Assert.Empty(problems);

        Assert.Null(QueryValues.WholeNumber("26", "steps", 3, 25, problems));
        Assert.Null(QueryValues.Number("NaN", "span", 0.1, 10, problems));
        Assert.Null(QueryValues.WholeNumbers("1,x", "samples", 0, 10, 5, problems));
        Assert.Null(QueryValues.WholeNumbers("1,2,3,4,5,6", "samples", 0, 10, 5, problems));
        Assert.Null(QueryValues.Choice("sun", "day", new Dictionary<string, DayOfWeek> { ["mon"] = DayOfWeek.Monday }, problems));
        Assert.Null(QueryValues.Name("../etc", "run", problems));
        Assert.Equal(6, problems.Count);
        Assert.Contains(problems, p => p.Contains("steps '26' must be an integer in 3..25", StringComparison.Ordinal));
    }

    [Fact]
    public void Joined_pairs_skip_missing_values_and_escape_the_rest()
    {
        Assert.Equal("run=a%20b&sample=3", QueryValues.Join([("run", "a b"), ("model", null), ("sample", "3")]));
        Assert.Equal("/traversal?dataset=fashion&run=demo&model=m&sample=7", AnalysisViews.Link("/traversal", "fashion", "demo", "m", 7));
    }

    [Fact]
    public void A_model_choice_fills_what_the_url_leaves_open_and_replaces_an_unknown_model_with_a_message()
    {
        ExperimentEntry[] entries =
        [
            new() { Id = "b/m2", Run = "b", Model = "m2", Dataset = "mnist" },
            new() { Id = "a/m1", Run = "a", Model = "m1", Dataset = "fashion" },
            new() { Id = "a/m0", Run = "a", Model = "m0", Dataset = "fashion" },
        ];
        var problems = new List<string>();

        Assert.Equal(new ModelChoice("fashion", "a", "m0"), ModelChoice.Resolve(null, null, null, entries, problems));
        Assert.Equal(new ModelChoice("mnist", "b", "m2"), ModelChoice.Resolve(null, "b", "m2", entries, problems));
        Assert.Equal(new ModelChoice("mnist", "b", "m2"), ModelChoice.Resolve("mnist", null, null, entries, problems));
        Assert.Empty(problems);

        Assert.Equal(new ModelChoice("fashion", "a", "m0"), ModelChoice.Resolve(null, "a", "gone", entries, problems));
        Assert.Single(problems);
    }
}
