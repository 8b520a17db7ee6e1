using LatentDash.Models.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace LatentDash.Models.Training;

/// <summary>Trains a VAE: the loop, Adam, early stopping with learning-rate decay, history, progress and
/// cancellation. It does no file I/O; the experiment writer stores what it returns.</summary>
public sealed class VaeTrainer
{
    private readonly TimeProvider time;

    public VaeTrainer(TimeProvider? time = null) => this.time = time ?? TimeProvider.System;

    /// <summary>Builds the network of <paramref name="config"/> with weights drawn from <paramref name="seed"/>.</summary>
    /// <remarks>The weights come from a generator of their own, not torch's global one, so whatever else the process
    /// runs at the same time cannot change them.</remarks>
    public static VaeModel CreateModel(VaeConfig config, long seed)
    {
        ArgumentNullException.ThrowIfNull(config);
        var model = config.CreateModel();
        model.ResetParameters(new Generator((ulong)seed));
        return model;
    }

    /// <summary>Trains <paramref name="model"/> in place and returns its history.</summary>
    /// <exception cref="TrainingDivergedException">A loss became NaN or infinite.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; checked between batches.</exception>
    public TrainingResult Train(
        VaeModel model,
        ImageTensors train,
        ImageTensors validation,
        TrainingOptions options,
        IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException($"invalid training options: {string.Join("; ", errors)}", nameof(options));
        }

        if (options.Monitor == MonitoredLoss.Class && !model.HasClassifier)
        {
            throw new ArgumentException(
                $"a {model.Config.Architecture} model has no class loss to monitor", nameof(options));
        }

        var started = time.GetTimestamp();
        var generator = new Generator((ulong)options.Seed);
        var learningRate = options.LearningRate;
        using var optimizer = new FlatAdam(model.parameters(), learningRate, epsilon: 1e-7); // Keras' epsilon
        var stopper = new EarlyStopping();
        var history = new List<EpochMetrics>();
        var stopReason = TrainingStopReason.Completed;

        for (var epoch = 1; epoch <= options.Epochs; epoch++)
        {
            var epochStarted = time.GetTimestamp();
            var trainSummary = TrainEpoch(model, optimizer, train, options, epoch, generator, progress, cancellationToken);
            var validationSummary = Evaluate(model, validation, options.ValidationBatchSize, options.Seed + epoch);
            var metrics = new EpochMetrics
            {
                Epoch = epoch,
                Train = trainSummary,
                Validation = validationSummary,
                LearningRate = learningRate,
                Seconds = time.GetElapsedTime(epochStarted).TotalSeconds,
            };
            history.Add(metrics);
            var steps = (train.Count + options.BatchSize - 1) / options.BatchSize;
            progress?.Report(new TrainingProgress(
                epoch, options.Epochs, steps, steps, trainSummary.Loss, trainSummary.Reconstruction, trainSummary.Kl,
                trainSummary.ClassLoss, train.Count / Math.Max(metrics.Seconds, 1e-9))
            { Completed = metrics });

            if (!options.EarlyStopping)
            {
                continue;
            }

            var decision = stopper.Observe(validationSummary.Get(options.Monitor));
            if (decision == EarlyStoppingDecision.Stop)
            {
                stopReason = TrainingStopReason.EarlyStopped;
                break;
            }

            if (decision == EarlyStoppingDecision.DecayLearningRate)
            {
                learningRate *= stopper.DecayFactor;
                optimizer.LearningRate = learningRate;
            }
        }

        return new TrainingResult(history, stopReason, time.GetElapsedTime(started).TotalSeconds);
    }

    /// <summary>Mean losses (and accuracy) of <paramref name="model"/> over a dataset, in eval mode without gradients.
    /// z is sampled with a generator seeded by <paramref name="seed"/>, so the figure is repeatable.</summary>
    public static LossSummary Evaluate(VaeModel model, ImageTensors data, int batchSize, long seed)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        var generator = new Generator((ulong)seed);
        var totals = new LossAccumulator(model.HasClassifier);
        model.eval();
        using (no_grad())
        {
            for (var start = 0; start < data.Count; start += batchSize)
            {
                using var scope = NewDisposeScope();
                var n = Math.Min(batchSize, data.Count - start);
                var images = data.Images.narrow(0, start, n);
                var labels = data.Labels.narrow(0, start, n);
                var output = model.Forward(images, labels, generator);
                totals.Add(model.Loss(output, images, labels), output.ClassLogits, labels, n);
            }
        }

        return totals.Summary();
    }

    private LossSummary TrainEpoch(
        VaeModel model,
        FlatAdam optimizer,
        ImageTensors train,
        TrainingOptions options,
        int epoch,
        Generator generator,
        IProgress<TrainingProgress>? progress,
        CancellationToken cancellationToken)
    {
        model.train();
        var totals = new LossAccumulator(model.HasClassifier);
        var steps = (train.Count + options.BatchSize - 1) / options.BatchSize;
        using var order = randperm(train.Count, generator: generator);
        var epochStarted = time.GetTimestamp();
        var lastReport = epochStarted;
        var trimSteps = NativeHeap.TrimSteps(options.BatchSize);
        for (var step = 0; step < steps; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var start = step * options.BatchSize;
            var n = Math.Min(options.BatchSize, train.Count - start);
            var index = order.narrow(0, start, n);
            var images = train.Images.index_select(0, index);
            var labels = train.Labels.index_select(0, index);

            optimizer.ZeroGrad();
            var output = model.Forward(images, labels, generator);
            var loss = model.Loss(output, images, labels);
            loss.Total.backward();
            var batch = totals.Add(loss, output.ClassLogits, labels, n);
            if (!double.IsFinite(batch))
            {
                throw new TrainingDivergedException(
                    $"the loss became {batch} at epoch {epoch}, step {step + 1}: training stopped and nothing was " +
                    "saved; try a lower learning rate or beta")
                { Epoch = epoch, Step = step + 1 };
            }

            optimizer.Step();
            if ((step + 1) % trimSteps == 0)
            {
                NativeHeap.Trim();
            }

            if (progress is not null && (step == steps - 1 || time.GetElapsedTime(lastReport) >= options.ProgressInterval))
            {
                lastReport = time.GetTimestamp();
                var running = totals.Summary();
                var seconds = time.GetElapsedTime(epochStarted).TotalSeconds;
                progress.Report(new TrainingProgress(
                    epoch, options.Epochs, step + 1, steps, running.Loss, running.Reconstruction, running.Kl,
                    running.ClassLoss, totals.Images / Math.Max(seconds, 1e-9)));
            }
        }

        return totals.Summary();
    }
}
