using LatentDash.Models.Analysis;
using LatentDash.Models.Data;
using LatentDash.Models.Experiments;
using LatentDash.Models.Latent;
using LatentDash.Models.Networks;
using LatentDash.Models.Tests.Experiments;
using LatentDash.Models.Tests.Support;
using LatentDash.Models.Training;
using Xunit.Abstractions;

namespace LatentDash.Models.Tests.Analysis;

/// <summary>Counterfactuals on a branched model trained on the fixture: the target is reached, and never farther than
/// the straight line towards the target class's mean.</summary>
public sealed class CounterfactualSearchTests(TrainedFixtureModel fixture, ITestOutputHelper output) : IClassFixture<TrainedFixtureModel>
{
    [Fact]
    public void The_counterfactual_reaches_the_target_and_is_never_farther_than_the_straight_line_to_the_class_mean()
    {
        var model = fixture.Model;
        foreach (var sample in new[] { 0, 1 })
        {
            // The fixture's classifier (2 epochs on 800 images) is seldom sure of a decode: ask, for the class whose
            // mean the straight line approaches best, for a probability a little below the best the line gets.
            var (target, best, start) = BestLine(model, sample);
            var p = start + (0.8 * (best - start));
            Assert.True(p > start && p >= CounterfactualSettings.MinProbability, $"sample {sample}: the line reaches only {best} for class {target}");
            var settings = new CounterfactualSettings { Sample = sample, Target = target, Probability = p };
            var straight = CounterfactualSearch.StraightLineDistance(model, settings);
            Assert.True(straight is not null, $"sample {sample} → {target}: the line rises from {start} to {best}, p {p}");

            var result = CounterfactualSearch.Find(model, settings);
            output.WriteLine($"sample {sample} → {target} (p {p:0.000}): {result.Distance:0.000} σ by {result.Method} in {result.Steps} steps, {result.Seconds:0.00} s; straight line {straight:0.000} σ");

            Assert.True(result.Reached, $"sample {sample} → class {target} at p {settings.Probability}");
            Assert.True(result.Distance <= straight!.Value + 1e-9, $"sample {sample} → {target}: {result.Distance} σ found, {straight} σ on the straight line");
            Assert.Equal(straight.Value, result.StraightLineDistance!.Value, 9);
            // Checked again through the explorer's own decode and classify, not the search's bookkeeping.
            var end = model.ClassProbabilities(model.Decode(result.End))!;
            Assert.True(end[target] >= settings.Probability, $"P(target) at the end is {end[target]}");
            var u = result.End.Select((z, j) => (z - result.Start[j]) / result.Sigma[j]);
            Assert.Equal(result.Distance, Math.Sqrt(u.Sum(v => v * v)), 6);
            Assert.Equal(8, result.Strip.Count);
            Assert.Equal(result.Start, result.Strip[0].Z);
            Assert.True(result.Strip[0].Probabilities[target] < settings.Probability);
            Assert.True(result.Strip[^1].Probabilities[target] >= settings.Probability);
            Assert.Equal(784, result.Strip[3].Pixels.Length);
        }
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

    /// <summary>The class (other than the one predicted at μ) whose probability rises most on the straight line from the
    /// sample's μ to that class's mean μ, its highest probability there and its probability at μ, computed here with the
    /// model's batch calls.</summary>
    private static (int Target, double Best, double Start) BestLine(ExplorableModel model, int sample)
    {
        var d = model.Config.LatentDim;
        var mu = model.Space.MuOf(sample);
        var startProbabilities = model.ClassProbabilities(model.Decode(mu))!;
        var predicted = Array.IndexOf(startProbabilities, startProbabilities.Max());
        var (target, best, start) = (-1, 0.0, 0.0);
        for (var c = 0; c < 10; c++)
        {
            var members = Enumerable.Range(0, model.Space.Count).Where(i => model.Space.Labels[i] == c).ToArray();
            if (c == predicted || members.Length == 0)
            {
                continue;
            }

            var mean = Enumerable.Range(0, d).Select(j => members.Average(i => (double)model.Space.Mu[(i * d) + j])).ToArray();
            var rows = Enumerable.Range(0, 33).SelectMany(k => mu.Select((m, j) => (float)(m + (k / 32.0 * (mean[j] - m))))).ToArray();
            var probabilities = model.ClassProbabilitiesMany(model.DecodeMany(rows))!;
            var top = Enumerable.Range(0, 33).Max(k => probabilities[(k * 10) + c]);
            if (top - probabilities[c] > best - start)
            {
                (target, best, start) = (c, top, probabilities[c]);
            }
        }

        return (target, best, start);
    }

    [Fact]
    public void The_cache_name_carries_sample_target_and_probability()
    {
        Assert.Equal("counterfactual-s12-t3-p0_9", new CounterfactualSettings { Sample = 12, Target = 3 }.CacheName);
        Assert.Equal("counterfactual-s0-t0-p0_75", new CounterfactualSettings { Sample = 0, Target = 0, Probability = 0.75 }.CacheName);
    }
}
