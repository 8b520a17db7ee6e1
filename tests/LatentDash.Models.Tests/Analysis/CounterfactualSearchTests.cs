using LatentDash.Models.Analysis;
using LatentDash.Models.Data;
using LatentDash.Models.Experiments;
using LatentDash.Models.Latent;
using LatentDash.Models.Networks;
using LatentDash.Models.Tests.Experiments;
using LatentDash.Models.Tests.Support;
using LatentDash.Models.Training;

namespace LatentDash.Models.Tests.Analysis;

/// <summary>Counterfactuals on a branched model trained on the fixture: the target is reached, and never farther than
/// the straight line towards the target class's mean.</summary>
public sealed class CounterfactualSearchTests(TrainedFixtureModel fixture) : IClassFixture<TrainedFixtureModel>
{
    // The fixture's classifier (2 epochs on 800 images) is seldom 90 % sure of anything: ask for a probability it reaches.
    private const double Reachable = 0.6;

    [Fact]
    public void The_counterfactual_reaches_the_target_and_is_never_farther_than_the_straight_line_to_the_class_mean()
    {
        var model = fixture.Model;
        var checkedPairs = 0;
        // The first samples whose straight line to some other class's mean reaches p: the baseline exists to compare.
        for (var sample = 0; sample < model.Space.Count && checkedPairs < 3; sample += 7)
        {
            var start = model.ClassProbabilities(model.Decode(model.Space.MuOf(sample)))!;
            var predicted = Array.IndexOf(start, start.Max());
            var target = Enumerable.Range(0, 10).Where(c => c != predicted).FirstOrDefault(
                c => CounterfactualSearch.StraightLineDistance(model, new CounterfactualSettings { Sample = sample, Target = c, Probability = Reachable }) is not null, -1);
            if (target < 0)
            {
                continue;
            }

            var settings = new CounterfactualSettings { Sample = sample, Target = target, Probability = Reachable };
            var straight = CounterfactualSearch.StraightLineDistance(model, settings)!.Value;

            var result = CounterfactualSearch.Find(model, settings);

            Assert.True(result.Reached, $"sample {sample} → class {target}");
            Assert.True(result.Distance <= straight + 1e-9, $"sample {sample} → {target}: {result.Distance} σ found, {straight} σ on the straight line");
            Assert.Equal(straight, result.StraightLineDistance!.Value, 9);
            // Checked again through the explorer's own decode and classify, not the search's bookkeeping.
            var end = model.ClassProbabilities(model.Decode(result.End))!;
            Assert.True(end[target] >= settings.Probability, $"P(target) at the end is {end[target]}");
            var u = result.End.Select((z, j) => (z - result.Start[j]) / result.Sigma[j]);
            Assert.Equal(result.Distance, Math.Sqrt(u.Sum(v => v * v)), 6);
            Assert.Equal(8, result.Strip.Count);
            Assert.Equal(result.Start, result.Strip[0].Z);
            Assert.Equal(predicted, Array.IndexOf(result.Strip[0].Probabilities, result.Strip[0].Probabilities.Max()));
            Assert.True(result.Strip[^1].Probabilities[target] >= settings.Probability);
            Assert.Equal(784, result.Strip[3].Pixels.Length);
            checkedPairs++;
        }

        Assert.True(checkedPairs >= 2, $"only {checkedPairs} samples had a straight line reaching another class");
    }

    [Fact]
    public void A_sample_already_classified_as_the_target_needs_no_move()
    {
        var model = fixture.Model;
        var probabilities = model.ClassProbabilities(model.Decode(model.Space.MuOf(0)))!;
        var predicted = Array.IndexOf(probabilities, probabilities.Max());

        var result = CounterfactualSearch.Find(model, new CounterfactualSettings { Sample = 0, Target = predicted, Probability = 0.05 });

        Assert.Equal(("already", 0.0, 0), (result.Method, result.Distance, result.Steps));
        Assert.Equal(result.Start, result.End);
    }

    [Fact]
    public void The_search_leaves_the_network_as_it_found_it()
    {
        var model = fixture.Model;
        var z = model.Space.MuOf(5);
        var before = model.Decode(z);
        var gradients = model.UseNetwork(n => n.parameters().Select(p => p.requires_grad).ToArray());

        CounterfactualSearch.Find(model, new CounterfactualSettings { Sample = 5, Target = 1, Steps = 30 });

        Assert.Equal(before, model.Decode(z));
        Assert.Equal(gradients, model.UseNetwork(n => n.parameters().Select(p => p.requires_grad).ToArray()));
    }

    [Fact]
    public void A_model_without_a_classifier_branch_is_refused_with_a_reason()
    {
        using var temp = new TempDirectory();
        var dataset = new DatasetCatalog(Fixtures.DataRoot).Load("mnist");
        var store = new ExperimentStore(temp.Path);
        using var train = ImageTensors.From(dataset.Train);
        using var few = train.Take(64);
        using var network = VaeTrainer.CreateModel(Synthetic.Config(BetaVaeConfig.Name, latentDim: 2) with { Dataset = "mnist" }, seed: 4);
        var parameters = ExperimentStoreTests.TrainedParams(store, network, few, "run", out var result);
        using var model = ExplorableModel.Load(store.Write(parameters, network, result), ImageTensors.From(dataset.Validation), dataset.Manifest.ClassNames);

        var error = Assert.Throws<InvalidOperationException>(() => CounterfactualSearch.Find(model, new CounterfactualSettings { Sample = 0, Target = 1 }));
        Assert.Contains("classifier branch", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_cache_name_carries_sample_target_and_probability()
    {
        Assert.Equal("counterfactual-s12-t3-p0_9", new CounterfactualSettings { Sample = 12, Target = 3 }.CacheName);
        Assert.Equal("counterfactual-s0-t0-p0_75", new CounterfactualSettings { Sample = 0, Target = 0, Probability = 0.75 }.CacheName);
    }
}
