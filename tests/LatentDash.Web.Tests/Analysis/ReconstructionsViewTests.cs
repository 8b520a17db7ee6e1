using LatentDash.Models.Analysis;
using LatentDash.Models.Experiments;
using LatentDash.Models.Latent;
using LatentDash.Web.Analysis.Reconstructions;

namespace LatentDash.Web.Tests.Analysis;

public sealed class ReconstructionsViewTests
{
    private static readonly ExperimentEntry[] Entries =
    [
        new() { Run = "r", Model = "a", Dataset = "fashion", Status = ExperimentStatus.Complete },
        new() { Run = "r", Model = "b", Dataset = "fashion", Status = ExperimentStatus.Complete },
        new() { Run = "s", Model = "c", Dataset = "fashion", Status = ExperimentStatus.Complete },
        new() { Run = "s", Model = "m", Dataset = "mnist", Status = ExperimentStatus.Complete },
    ];

    [Fact]
    public void A_full_view_round_trips_through_the_query_string()
    {
        var view = new ReconstructionsView
        {
            Dataset = "fashion", Run = "r", Model = "a", Sample = 4, Samples = [3, 17, 42], Seed = 9, K = 5, Models = ["r/b", "s/c"],
        };

        var parsed = ReconstructionsView.Parse("?" + view.ToQuery(), out var errors);

        Assert.Empty(errors);
        Assert.Equal(view, parsed);
        Assert.Equal([3, 17, 42], parsed.Samples);
        Assert.Equal(["r/b", "s/c"], parsed.Models);
        Assert.Equal("draw=2&seed=3", new ReconstructionsView { Draw = 2, Seed = 3 }.ToQuery());
    }

    [Fact]
    public void Defaults_are_left_out_of_the_query()
    {
        Assert.Equal("run=r", new ReconstructionsView { Run = "r", K = ReconstructionsView.DefaultDraws, Seed = 0 }.ToQuery());
        Assert.Equal(new ReconstructionsView(), ReconstructionsView.Parse("", out var errors));
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("samples=1,x,3", "samples 'x' must be an integer")]
    [InlineData("k=9", "k '9' must be an integer in 0..8")]
    [InlineData("draw=0", "draw '0' must be an integer in 1..5")]
    [InlineData("seed=-1", "seed '-1' must be an integer")]
    [InlineData("models=ab", "models item 'ab' must be run/model")]
    [InlineData("run=..%2Fetc", "not allowed")]
    [InlineData("zoom=2", "'zoom' is not a parameter of the reconstructions")]
    public void A_bad_value_becomes_a_message_and_is_dropped(string query, string message)
    {
        var view = ReconstructionsView.Parse(query, out var errors);

        Assert.Contains(errors, e => e.Contains(message, StringComparison.Ordinal));
        Assert.Equal(new ReconstructionsView(), view);
    }

    [Fact]
    public void A_bad_model_in_the_list_is_dropped_and_the_others_kept()
    {
        var view = ReconstructionsView.Parse("models=r/b,../x/y,s/c", out var errors);

        Assert.Equal(["r/b", "s/c"], view.Models);
        Assert.Single(errors);
    }

    [Fact]
    public void Samples_and_draw_together_keep_the_samples_with_a_message()
    {
        var view = ReconstructionsView.Parse("samples=1,2&draw=3", out var errors);

        Assert.Equal([1, 2], view.Samples);
        Assert.Null(view.Draw);
        Assert.Contains("samples and draw are both given", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Columns_are_the_first_model_then_the_others_of_its_dataset_with_a_message_for_each_left_out()
    {
        var view = new ReconstructionsView { Run = "r", Model = "a", Models = ["s/c", "s/m", "r/a", "r/zz", "s/c", "r/b"] };
        var problems = new List<string>();

        var columns = view.Columns(Entries, problems);

        Assert.Equal(["r/a", "s/c", "r/b"], columns.Select(c => $"{c.Run}/{c.Model}"));
        Assert.Equal(2, problems.Count);
        Assert.Contains("'s/m' is trained on mnist, not fashion", problems[0], StringComparison.Ordinal);
        Assert.Contains("'r/zz' is not in the index", problems[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Listed_samples_beyond_the_validation_set_are_named_and_left_out()
    {
        var space = Space(labels: [0, 1, 0, 1, 2]);
        var problems = new List<string>();

        var samples = new ReconstructionsView { Samples = [4, 9, 0] }.SamplesIn(space, problems);

        Assert.Equal([4, 0], samples);
        Assert.Contains("sample 9 is beyond the 5 validation images", Assert.Single(problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_list_the_images_are_the_seeded_draw_else_the_explorers_sample_else_one_per_class()
    {
        byte[] labels = [.. Enumerable.Range(0, 30).Select(i => (byte)(i % 3))];
        var space = Space(labels);
        var problems = new List<string>();

        Assert.Equal(SampleDraw.PerClass(labels, 2, 7), new ReconstructionsView { Draw = 2, Seed = 7, Sample = 5 }.SamplesIn(space, problems));
        Assert.Equal([5], new ReconstructionsView { Sample = 5 }.SamplesIn(space, problems));
        Assert.Equal(SampleDraw.PerClass(labels, 1, 0), new ReconstructionsView().SamplesIn(space, problems));
        Assert.Empty(problems);
        Assert.Equal(3, new ReconstructionsView { Sample = 99 }.SamplesIn(space, problems).Count);
        Assert.Single(problems);
    }

    private static LatentSpace Space(byte[] labels) =>
        new(new float[labels.Length * 2], new float[labels.Length * 2], labels, 2, ["a", "b", "c"]);
}
