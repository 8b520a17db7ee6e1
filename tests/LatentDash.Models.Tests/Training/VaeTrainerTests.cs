using LatentDash.Models.Networks;
using LatentDash.Models.Tests.Support;
using LatentDash.Models.Training;
using static TorchSharp.torch;

namespace LatentDash.Models.Tests.Training;

public class VaeTrainerTests
{
    private static readonly TrainingOptions OneEpoch = new() { Epochs = 1, BatchSize = 16, LearningRate = 1e-3, Seed = 7 };

    [Theory]
    [MemberData(nameof(Synthetic.ArchitectureNames), MemberType = typeof(Synthetic))]
    public void One_epoch_gives_finite_history_for_each_architecture(string architecture)
    {
        using var train = Synthetic.Images(64, seed: 1);
        using var validation = Synthetic.Images(20, seed: 2);
        using var model = VaeTrainer.CreateModel(Synthetic.Config(architecture), seed: 3);

        var result = new VaeTrainer().Train(model, train, validation, OneEpoch);

        var epoch = Assert.Single(result.History);
        Assert.Equal(TrainingStopReason.Completed, result.StopReason);
        Assert.True(double.IsFinite(epoch.Train.Loss) && double.IsFinite(epoch.Validation.Loss));
        Assert.Equal(epoch.Validation.Reconstruction + (4 * epoch.Validation.Kl) + (epoch.Validation.ClassLoss ?? 0),
            epoch.Validation.Loss, 2);
        Assert.Equal(model.HasClassifier, epoch.Validation.Accuracy.HasValue);
        Assert.Equal(1e-3, epoch.LearningRate);
    }

    [Fact]
    public void Training_lowers_the_loss()
    {
        using var train = Synthetic.Images(200, seed: 1);
        using var validation = Synthetic.Images(50, seed: 2);
        using var model = VaeTrainer.CreateModel(Synthetic.Config(BranchedVaeConfig.Name), seed: 3);

        var result = new VaeTrainer().Train(model, train, validation, OneEpoch with { Epochs = 4, EarlyStopping = false });

        Assert.True(result.History[^1].Validation.Loss < result.History[0].Validation.Loss);
        Assert.True(result.History[^1].Validation.Accuracy > 0.5);
    }

    [Fact]
    public void The_same_seed_reproduces_the_same_weights_and_history()
    {
        var (history1, decoded1) = TrainAndDecode(seed: 11);
        var (history2, decoded2) = TrainAndDecode(seed: 11);
        var (history3, _) = TrainAndDecode(seed: 12);

        Assert.Equal(history1, history2);
        Assert.Equal(decoded1, decoded2);
        Assert.NotEqual(history1, history3);
    }

    [Fact]
    public void Initial_weights_depend_on_the_seed_alone_not_on_the_global_generator()
    {
        using var first = VaeTrainer.CreateModel(Synthetic.Config(BranchedVaeConfig.Name), seed: 21);
        random.manual_seed(99);
        using var noise = randn(1000);
        using var second = VaeTrainer.CreateModel(Synthetic.Config(BranchedVaeConfig.Name), seed: 21);

        foreach (var ((name, a), (_, b)) in first.named_parameters().Zip(second.named_parameters()))
        {
            Assert.True(a.allclose(b, rtol: 0, atol: 0), $"{name} differs");
        }

        // Keras' defaults: Glorot-uniform kernels within ±√(6 / (fan_in + fan_out)), zero biases.
        var kernel = first.named_parameters().First(p => p.name == "encoder.latent.weight").parameter;
        Assert.InRange(kernel.abs().max().item<float>(), 0.03, Math.Sqrt(6.0 / (2304 + 8)));
        Assert.Equal(0, first.named_parameters().First(p => p.name == "encoder.latent.bias").parameter.abs().sum().item<float>());
    }

    [Fact]
    public void A_nan_loss_fails_the_run_with_a_clear_message()
    {
        using var train = Synthetic.Images(32, seed: 1);
        train.Images[3, 0, 5, 5] = tensor(float.NaN);
        using var validation = Synthetic.Images(10, seed: 2);
        using var model = VaeTrainer.CreateModel(Synthetic.Config(BetaVaeConfig.Name), seed: 3);

        var error = Assert.Throws<TrainingDivergedException>(() =>
            new VaeTrainer().Train(model, train, validation, OneEpoch with { BatchSize = 32 }));

        Assert.Contains("NaN", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, error.Epoch);
        Assert.Equal(1, error.Step);
    }

    [Fact]
    public void Cancelling_stops_between_batches()
    {
        using var train = Synthetic.Images(160, seed: 1);
        using var validation = Synthetic.Images(10, seed: 2);
        using var model = VaeTrainer.CreateModel(Synthetic.Config(BetaVaeConfig.Name), seed: 3);
        using var cts = new CancellationTokenSource();
        var steps = new List<int>();
        var progress = new SynchronousProgress<TrainingProgress>(p =>
        {
            steps.Add(p.Step);
            cts.Cancel();
        });

        Assert.ThrowsAny<OperationCanceledException>(() =>
            new VaeTrainer(new SteppingTime()).Train(model, train, validation, OneEpoch, progress, cts.Token));
        Assert.Equal([1], steps);
    }

    [Fact]
    public void Progress_reports_epoch_step_and_running_losses()
    {
        using var train = Synthetic.Images(64, seed: 1);
        using var validation = Synthetic.Images(10, seed: 2);
        using var model = VaeTrainer.CreateModel(Synthetic.Config(BranchedVaeConfig.Name), seed: 3);
        var reports = new List<TrainingProgress>();

        new VaeTrainer(new SteppingTime()).Train(model, train, validation, OneEpoch with { Epochs = 2, EarlyStopping = false },
            new SynchronousProgress<TrainingProgress>(reports.Add));

        // Every step (the stepping clock passes the 250 ms throttle), then one report per finished epoch.
        Assert.Equal(10, reports.Count);
        Assert.Equal([1, 2], reports.Where(r => r.Completed is not null).Select(r => r.Completed!.Epoch));
        Assert.All(reports.Where(r => r.Completed is not null), r => Assert.True(r.Completed!.Validation.Loss > 0));
        Assert.Equal((2, 4, 4), (reports[^1].Epoch, reports[^1].Step, reports[^1].StepsPerEpoch));
        Assert.Equal(1.0, reports[^1].Fraction);
        Assert.All(reports, r => Assert.True(r.RunningLoss > 0 && r.RunningClassLoss > 0));
    }

    [Fact]
    public void Monitoring_the_class_loss_needs_a_classifier()
    {
        using var data = Synthetic.Images(10, seed: 1);
        using var model = VaeTrainer.CreateModel(Synthetic.Config(BetaVaeConfig.Name), seed: 3);
        var error = Assert.Throws<ArgumentException>(() =>
            new VaeTrainer().Train(model, data, data, OneEpoch with { Monitor = MonitoredLoss.Class }));
        Assert.Contains("no class loss", error.Message, StringComparison.Ordinal);
    }

    private static (List<EpochMetrics> History, float[] Decoded) TrainAndDecode(long seed)
    {
        using var train = Synthetic.Images(48, seed: 1);
        using var validation = Synthetic.Images(10, seed: 2);
        using var model = VaeTrainer.CreateModel(Synthetic.Config(ConditionalVaeConfig.Name), seed);
        var result = new VaeTrainer().Train(model, train, validation, OneEpoch with { Epochs = 2, Seed = seed });
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        model.eval();
        var decoded = model.Decode(ones(1, 4)).data<float>().ToArray();
        return (result.History.Select(h => h with { Seconds = 0 }).ToList(), decoded);
    }

    /// <summary>Reports on the calling thread, unlike <see cref="Progress{T}"/>.</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }

    /// <summary>A clock that moves a second per reading, so every step is due for a progress report.</summary>
    private sealed class SteppingTime : TimeProvider
    {
        private long ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => ticks += TimeSpan.TicksPerSecond;
    }
}
