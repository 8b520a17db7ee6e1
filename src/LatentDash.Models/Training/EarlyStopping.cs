namespace LatentDash.Models.Training;

/// <summary>The original's early stopping with learning-rate decay.</summary>
/// <remarks>Once <see cref="Window"/> epochs have passed since the last reset, if every change over the last
/// <see cref="Window"/> values of the monitored quantity, divided by their mean, is below <see cref="Tolerance"/> in
/// absolute value, the learning rate is multiplied by <see cref="DecayFactor"/> and the window restarts; on such a
/// trigger after <see cref="MaxDecays"/> decays, training stops.</remarks>
public sealed class EarlyStopping
{
    private readonly List<double> values = [];
    private int sinceReset;

    public EarlyStopping(int window = 4, double tolerance = 0.001, double decayFactor = 0.2, int maxDecays = 10)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 2);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tolerance);
        Window = window;
        Tolerance = tolerance;
        DecayFactor = decayFactor;
        MaxDecays = maxDecays;
    }

    public int Window { get; }

    public double Tolerance { get; }

    public double DecayFactor { get; }

    public int MaxDecays { get; }

    /// <summary>How many times the learning rate has been decayed so far.</summary>
    public int Decays { get; private set; }

    /// <summary>Takes the monitored validation value of the epoch just finished and says what to do next.</summary>
    public EarlyStoppingDecision Observe(double value)
    {
        values.Add(value);
        sinceReset++;
        if (sinceReset < Window || !HasPlateaued())
        {
            return EarlyStoppingDecision.Continue;
        }

        if (Decays >= MaxDecays)
        {
            return EarlyStoppingDecision.Stop;
        }

        Decays++;
        sinceReset = 0;
        return EarlyStoppingDecision.DecayLearningRate;
    }

    private bool HasPlateaued()
    {
        var last = values.Skip(values.Count - Window).ToArray();
        var mean = last.Average();
        for (var i = 1; i < last.Length; i++)
        {
            var relative = (last[i] - last[i - 1]) / mean;
            if (!(Math.Abs(relative) < Tolerance))
            {
                return false;
            }
        }

        return true;
    }
}
