using LatentDash.Models.Experiments;
using LatentDash.Models.Networks;
using LatentDash.Models.Training;

namespace LatentDash.Models.Tests.Limits;

/// <summary>The bounds in one place: counts that cannot wrap, names compared as the user means them, messages that
/// stay short whatever was sent.</summary>
public sealed class LimitsTests
{
    private static readonly SweepSpec Good = new()
    {
        Run = "ok",
        Datasets = ["fashion"],
        Architectures = ["branched"],
        Betas = [4],
        LatentDims = [2],
    };

    [Fact]
    public void A_grid_size_that_would_overflow_is_reported_as_the_largest_count_not_a_wrapped_one()
    {
        Assert.Equal(24, Models.Limits.GridSize(2, 3, 4));
        Assert.Equal(0, Models.Limits.GridSize(5, 0, int.MaxValue));
        Assert.Equal((long)int.MaxValue * int.MaxValue, Models.Limits.GridSize(int.MaxValue, int.MaxValue));
        Assert.Equal(long.MaxValue, Models.Limits.GridSize(int.MaxValue, int.MaxValue, int.MaxValue));
        Assert.Equal(long.MaxValue, Models.Limits.GridSize(65_536, 65_536, 65_536, 65_536)); // 2^64 wraps to 0 in long
    }

    [Fact]
    public void A_sweep_whose_int_product_would_wrap_is_refused_and_never_expanded()
    {
        // 2^16 × 2^16 wraps to 0 in int: the old check passed it as empty, or as small once a factor was added.
        var sweep = Good with
        {
            Betas = [.. Enumerable.Range(1, 60).Select(b => (double)b)],
            LatentDims = [.. Enumerable.Range(1, 60)],
            Datasets = [.. Enumerable.Range(0, 60).Select(i => $"d{i}")],
        };

        Assert.Equal(216_000, sweep.Count);
        Assert.Contains(sweep.Problems(), p => p is { Field: "sweep" } && p.Message.Contains("216000 models", StringComparison.Ordinal));
        Assert.Throws<InvalidOperationException>(() => sweep.Expand());
    }

    [Fact]
    public void Architectures_that_differ_only_in_case_or_spaces_are_one_model()
    {
        var sweep = Good with { Architectures = ["branched", "Branched", " BRANCHED "] };

        Assert.Empty(sweep.Problems());
        Assert.Equal(1, sweep.Count);
        var request = Assert.Single(sweep.Expand());
        Assert.Equal("branched", request.Vae.Architecture);
    }

    [Fact]
    public void Duplicate_betas_and_dims_are_one_grid_point()
    {
        var sweep = Good with { Betas = [4, 4, 4.0], LatentDims = [2, 2] };

        Assert.Equal(1, sweep.Count);
        Assert.Single(sweep.Expand());
    }

    [Theory]
    [InlineData(0, "finite and > 0")]
    [InlineData(-1, "finite and > 0")]
    [InlineData(double.NaN, "finite and > 0")]
    [InlineData(double.PositiveInfinity, "finite and > 0")]
    [InlineData(1e300, "at most 10000")]
    [InlineData(10_000.5, "at most 10000")]
    public void A_beta_outside_its_bounds_is_a_problem(double beta, string message)
    {
        var problem = Assert.Single((Good with { Betas = [beta] }).Problems());

        Assert.Equal("betas", problem.Field);
        Assert.Contains(message, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_class_loss_weight_gives_one_branched_model_and_the_other_architectures_one_each()
    {
        var sweep = Good with { Architectures = ["branched", "beta-vae"], ClassLossWeights = [0, 10, 100, 10] };

        Assert.Empty(sweep.Problems());
        Assert.Equal(4, sweep.Count);
        var configs = sweep.Expand().Select(r => r.Vae).ToList();
        Assert.Equal([0.0, 10.0, 100.0], configs.OfType<BranchedVaeConfig>().Select(c => c.ClassLossWeight).Order());
        Assert.Single(configs.OfType<BetaVaeConfig>());
    }

    [Theory]
    [InlineData(-1, "finite and >= 0")]
    [InlineData(-double.Epsilon, "finite and >= 0")]
    [InlineData(double.NaN, "finite and >= 0")]
    [InlineData(double.PositiveInfinity, "finite and >= 0")]
    [InlineData(1e300, "at most 10000")]
    public void A_class_loss_weight_outside_its_bounds_is_a_problem_for_the_sweep_and_the_config(double weight, string message)
    {
        var problem = Assert.Single((Good with { ClassLossWeights = [weight] }).Problems());
        var config = new BranchedVaeConfig { Dataset = "fashion", LatentDim = 2, Beta = 4, ClassLossWeight = weight };

        Assert.Equal("class_loss_weights", problem.Field);
        Assert.Contains(message, problem.Message, StringComparison.Ordinal);
        Assert.Contains(config.Validate(), m => m.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void The_largest_beta_and_the_smallest_are_accepted()
    {
        Assert.Empty((Good with { Betas = [Models.Limits.MaxBeta, 1e-9] }).Problems());
    }

    [Fact]
    public void A_list_longer_than_the_limit_gets_one_message_and_its_items_are_not_each_reported()
    {
        var sweep = Good with { Betas = [.. Enumerable.Repeat(-1.0, 100_000)] };

        var problem = Assert.Single(sweep.Problems(), p => p.Field == "betas");
        Assert.Contains("at most 64 beta values", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Many_bad_items_give_at_most_ten_messages_per_field()
    {
        var sweep = Good with { LatentDims = [.. Enumerable.Range(100, 50)] };

        var messages = sweep.Problems().Where(p => p.Field == "latent_dims").ToList();
        Assert.Equal(Models.Limits.MaxMessagesPerField, messages.Count);
        Assert.Contains("41 more", messages[^1].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("run\n")]
    [InlineData("run\r\n")]
    [InlineData("\nrun")]
    [InlineData("run/x")]
    [InlineData("run\\x")]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("")]
    [InlineData("ru n")]
    [InlineData("rün")]
    [InlineData("run\0")]
    public void A_name_that_is_not_wholly_safe_is_refused(string name)
    {
        Assert.False(ExperimentNames.IsValid(name));
        Assert.NotNull((Good with { Run = name }).Problems().SingleOrDefault(p => p.Field == "run"));
    }

    [Fact]
    public void A_message_quotes_a_long_or_multiline_value_briefly()
    {
        var echoed = Models.Limits.Echo(new string('x', 100_000) + "\n");

        Assert.Equal(40, echoed.Length);
        Assert.Equal("a\\u000ab", Models.Limits.Echo("a\nb"));
        var problem = Assert.Single((Good with { Architectures = [new string('a', 10_000)] }).Problems());
        Assert.True(problem.Message.Length < 200, problem.Message);
    }

    [Theory]
    [InlineData(4, "4")]
    [InlineData(0.5, "0.5")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(1e-7, "1E-7")]
    [InlineData(2.5e-5, "2.5E-5")]
    [InlineData(10_000, "10000")]
    public void Beta_in_a_model_name_is_short_and_name_safe(double beta, string shown)
    {
        Assert.Equal(shown, ModelNameGenerator.FormatBeta(beta));
        Assert.True(ExperimentNames.IsValid($"b{shown}"));
    }

    [Fact]
    public void Model_names_for_extreme_betas_and_long_datasets_are_valid_and_distinct()
    {
        var taken = new HashSet<string>(StringComparer.Ordinal);
        foreach (var beta in new[] { 1e300, 1e-300, Models.Limits.MaxBeta })
        {
            var config = Architectures.CreateConfig("branched", new VaeHyperparameters(new string('d', 64), 2, beta));
            for (var i = 0; i < 200; i++)
            {
                var name = ModelNameGenerator.Create(config, DateTimeOffset.UnixEpoch, taken.Contains, new Random(i));
                Assert.True(ExperimentNames.IsValid(name), name);
                Assert.True(taken.Add(name), name);
            }
        }
    }

    [Fact]
    public void Training_options_use_the_shared_bounds()
    {
        var options = new TrainingOptions();
        Assert.Empty(options.Problems());
        Assert.Equal(
            ["epochs", "batch_size", "learning_rate", "optimizer"],
            (options with { Epochs = Models.Limits.MaxEpochs + 1, BatchSize = Models.Limits.MaxBatchSize + 1, LearningRate = double.NaN, Optimizer = "sgd" })
                .Problems().Select(p => p.Field));
        Assert.Empty((options with { Epochs = Models.Limits.MaxEpochs, BatchSize = Models.Limits.MaxBatchSize, LearningRate = 1 }).Problems());
    }
}
