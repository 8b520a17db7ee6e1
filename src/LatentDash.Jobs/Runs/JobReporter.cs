using LatentDash.Models.Training;

namespace LatentDash.Jobs.Runs;

/// <summary>Turns the trainer's progress into a <see cref="TrainingReport"/> and publishes it at most twice a second (and
/// at every finished epoch) through <paramref name="publish"/>. Called on the training thread.</summary>
internal sealed class JobReporter(Action<TrainingReport> publish, TimeProvider time, string worker) : IProgress<TrainingProgress>
{
    private const int MaxCurvePoints = 400;
    private static readonly TimeSpan PublishEvery = TimeSpan.FromMilliseconds(500);

    private readonly long started = time.GetTimestamp();
    private long lastPublished;

    public TrainingReport Current { get; } = new() { Worker = worker };

    public void Report(TrainingProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        lock (Current)
        {
            Current.Epoch = value.Epoch;
            Current.Epochs = value.Epochs;
            Current.Step = value.Step;
            Current.StepsPerEpoch = value.StepsPerEpoch;
            Current.Fraction = value.Fraction;
            Current.ImagesPerSecond = value.ImagesPerSecond;
            Current.ElapsedSeconds = time.GetElapsedTime(started).TotalSeconds;
            Current.EtaSeconds = value.Fraction > 0
                ? Current.ElapsedSeconds * (1 - value.Fraction) / value.Fraction
                : null;
            if (value.Completed is { } epoch)
            {
                Current.History.Add(EpochPoint.From(epoch));
            }
            else
            {
                AddCurvePoint(value);
            }
        }

        if (value.Completed is not null || time.GetElapsedTime(lastPublished) >= PublishEvery)
        {
            Publish();
        }
    }

    /// <summary>Notes where training stood when the cancellation arrived (called from the token's callback).</summary>
    public void CancellationSeen()
    {
        lock (Current)
        {
            Current.CancelledAtStep ??= Current.StepsDone();
        }
    }

    /// <summary>Notes where training stopped after a cancellation and publishes it.</summary>
    public void Stopped()
    {
        lock (Current)
        {
            Current.StoppedAtStep = Current.StepsDone();
        }

        Publish();
    }

    /// <summary>Publishes the current report, stamped with the time: also called by the job's heartbeat timer, so the
    /// report changes while the job lives even when no step finishes (dataset loading, validation, saving).</summary>
    public void Publish()
    {
        lastPublished = time.GetTimestamp();
        lock (Current)
        {
            Current.UpdatedAt = time.GetUtcNow().UtcDateTime;
            publish(Current);
        }
    }

    private void AddCurvePoint(TrainingProgress value)
    {
        var position = value.Epoch - 1 + ((double)value.Step / value.StepsPerEpoch);
        var spacing = (double)value.Epochs / MaxCurvePoints;
        if (Current.Curve.Count > 0 && position - Current.Curve[^1].Position < spacing)
        {
            return;
        }

        Current.Curve.Add(new CurvePoint
        {
            Position = position,
            Loss = value.RunningLoss,
            Reconstruction = value.RunningReconstruction,
            Kl = value.RunningKl,
            ClassLoss = value.RunningClassLoss,
        });
    }
}
