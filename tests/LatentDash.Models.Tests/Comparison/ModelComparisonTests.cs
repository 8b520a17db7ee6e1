using System.Globalization;
using LatentDash.Models.Comparison;
using LatentDash.Models.Experiments;

namespace LatentDash.Models.Tests.Comparison;

public class ModelComparisonTests
{
    // Two branched models share the cell β 1 × dim 2 (losses 10 and 14: mean 12); m4 has no validation loss.
    private static readonly ExperimentEntry[] Entries =
    [
        Entry("a", "m1", "branched", beta: 1, dim: 2, loss: 10, accuracy: 0.7),
        Entry("a", "m2", "branched", beta: 1, dim: 2, loss: 14, accuracy: 0.9),
        Entry("a", "m3", "branched", beta: 4, dim: 8, loss: 20, accuracy: 0.8),
        Entry("b", "m4", "beta-vae", beta: 4, dim: 2, loss: null, accuracy: null),
        Entry("b", "m5", "conditional", beta: 1, dim: 8, loss: 5, accuracy: null),
    ];

    [Theory]
    [InlineData("beta=1", "m1 m2 m5")]
    [InlineData("beta=1.0", "m1 m2 m5")]
    [InlineData("run=a latent_dim=8", "m3")]
    [InlineData("architecture=branched beta=4", "m3")]
    [InlineData("optimizer=ADAM", "m1 m2 m3 m4 m5")]
    [InlineData("latent_dim=3", "")]
    [InlineData("no_such_key=1", "")]
    public void Filtering_by_key_value_terms_keeps_the_matching_models(string terms, string expected)
    {
        var query = ExperimentQuery.Parse(terms.Split(' '), out var errors);

        var kept = ModelComparison.Filter(Entries, query);

        Assert.Empty(errors);
        Assert.Equal(expected, string.Join(' ', kept.Select(e => e.Model)));
    }

    [Theory]
    [InlineData("val_loss", false, "m5 m1 m2 m3 m4")]
    [InlineData("val_loss", true, "m3 m2 m1 m5 m4")]
    [InlineData("val_acc", true, "m2 m3 m1 m4 m5")]
    [InlineData("beta", false, "m1 m2 m5 m3 m4")]
    [InlineData("model", true, "m5 m4 m3 m2 m1")]
    [InlineData("architecture", false, "m4 m1 m2 m3 m5")]
    public void Sorting_orders_by_the_column_with_missing_values_last_and_ties_by_name(string key, bool descending, string expected)
    {
        var sorted = ModelComparison.Sort(Entries.Reverse(), ComparisonColumns.Find(key)!, descending);

        Assert.Equal(expected, string.Join(' ', sorted.Select(e => e.Model)));
    }

    [Fact]
    public void Pivoting_a_metric_gives_one_beta_by_dim_grid_per_architecture_with_cell_means()
    {
        var grids = ModelComparison.Pivot(Entries, ComparisonColumns.ValidationLoss);

        Assert.Equal<string>(["beta-vae", "branched", "conditional"], grids.Select(g => g.Architecture));
        var branched = grids[1];
        Assert.Equal<double>([1.0, 4.0], branched.Betas);
        Assert.Equal<int>([2, 8], branched.LatentDims);
        Assert.Equal<double?>([12.0, null], branched.Values[0]);
        Assert.Equal<double?>([null, 20.0], branched.Values[1]);
        Assert.Equal<int>([2, 0], branched.Counts[0]);
        Assert.Equal<int>([0, 1], branched.Counts[1]);
        var plain = grids[0];
        Assert.Equal<double>([4.0], plain.Betas);
        Assert.Equal<double?>([null], plain.Values[0]);
        Assert.Equal<int>([0], plain.Counts[0]);
        Assert.Equal<double?>([5.0], grids[2].Values[0]);
    }

    [Fact]
    public void Pivoting_accuracy_averages_only_the_models_that_have_it()
    {
        var grids = ModelComparison.Pivot(Entries, ComparisonColumns.Find("val_acc")!);

        Assert.Equal(0.8, grids[1].Values[0][0]!.Value, 12);
        Assert.Null(grids[2].Values[0][0]);
    }

    [Fact]
    public void A_text_column_cannot_be_pivoted_and_every_column_key_is_unique()
    {
        Assert.Throws<ArgumentException>(() => ModelComparison.Pivot(Entries, ComparisonColumns.Model));
        Assert.Equal(ComparisonColumns.All.Count, ComparisonColumns.All.Select(c => c.Key).Distinct().Count());
        Assert.All(ComparisonColumns.Metrics, c => Assert.True(c.IsNumeric));
        Assert.Null(ComparisonColumns.Find("Val_Loss"));
    }

    [Fact]
    public void The_table_shows_what_differs_and_states_once_what_every_model_shares()
    {
        var layout = ModelComparison.Layout(Entries);
        var oneRun = ModelComparison.Layout(Entries.Where(e => e.Run == "a").ToList());

        // Every entry has batch 0, seed 0 and learning rate 0 here; no entry has a structure metric.
        Assert.Equal<string>(["run", "model", "architecture", "beta", "latent_dim", "val_loss", "val_acc"], layout.Shown.Select(c => c.Key));
        Assert.Equal<string>(["learning_rate", "batch_size", "seed", "epochs"], layout.Shared.Select(c => c.Key));
        Assert.Equal<string>(["run", "learning_rate", "batch_size", "seed", "epochs"], oneRun.Shared.Select(c => c.Key));
        Assert.DoesNotContain(oneRun.Shown, c => c.Key == "run");
    }

    private static ExperimentEntry Entry(string run, string model, string architecture, double beta, int dim, double? loss, double? accuracy) => new()
    {
        Id = $"{run}/{model}",
        Run = run,
        Model = model,
        Architecture = architecture,
        Dataset = "fashion",
        Beta = beta,
        LatentDim = dim,
        ValidationLoss = loss,
        ValidationAccuracy = accuracy,
        Status = ExperimentStatus.Complete,
        Hyperparameters = new Dictionary<string, string>
        {
            ["architecture"] = architecture,
            ["beta"] = beta.ToString(CultureInfo.InvariantCulture),
            ["latent_dim"] = dim.ToString(CultureInfo.InvariantCulture),
            ["optimizer"] = "adam",
        },
    };
}
