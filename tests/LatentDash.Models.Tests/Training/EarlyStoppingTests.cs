using LatentDash.Models.Training;

namespace LatentDash.Models.Tests.Training;

public class EarlyStoppingTests
{
    [Fact]
    public void Nothing_happens_before_the_window_is_full()
    {
        var stopper = new EarlyStopping();
        Assert.Equal(EarlyStoppingDecision.Continue, stopper.Observe(10));
        Assert.Equal(EarlyStoppingDecision.Continue, stopper.Observe(10));
        Assert.Equal(EarlyStoppingDecision.Continue, stopper.Observe(10));
        Assert.Equal(EarlyStoppingDecision.DecayLearningRate, stopper.Observe(10));
        Assert.Equal(1, stopper.Decays);
    }

    [Fact]
    public void A_plateau_decays_ten_times_then_stops_and_the_window_restarts_after_each_decay()
    {
        var stopper = new EarlyStopping();
        var decisions = Enumerable.Range(1, 44).Select(_ => stopper.Observe(5.0)).ToList();

        var decayEpochs = decisions.Select((d, i) => (d, epoch: i + 1))
            .Where(x => x.d == EarlyStoppingDecision.DecayLearningRate).Select(x => x.epoch);
        Assert.Equal([4, 8, 12, 16, 20, 24, 28, 32, 36, 40], decayEpochs);
        Assert.Equal(EarlyStoppingDecision.Stop, decisions[^1]);
        Assert.Equal(10, stopper.Decays);
    }

    [Fact]
    public void Relative_changes_just_below_the_tolerance_trigger_and_just_above_do_not()
    {
        var below = new EarlyStopping();
        foreach (var v in new[] { 1000.0, 1000.9, 1001.8, 1000.9 })
        {
            below.Observe(v);
        }

        Assert.Equal(1, below.Decays);

        var above = new EarlyStopping();
        var last = EarlyStoppingDecision.Continue;
        foreach (var v in new[] { 1000.0, 1000.9, 1002.0, 1000.9 })
        {
            last = above.Observe(v);
        }

        Assert.Equal(EarlyStoppingDecision.Continue, last);
        Assert.Equal(0, above.Decays);
    }

    [Fact]
    public void Only_the_last_window_counts()
    {
        var stopper = new EarlyStopping();
        foreach (var v in new[] { 100.0, 50, 20, 10 })
        {
            Assert.Equal(EarlyStoppingDecision.Continue, stopper.Observe(v));
        }

        Assert.Equal(EarlyStoppingDecision.Continue, stopper.Observe(10));
        Assert.Equal(EarlyStoppingDecision.Continue, stopper.Observe(10));
        Assert.Equal(EarlyStoppingDecision.DecayLearningRate, stopper.Observe(10));
    }

    [Fact]
    public void Decreasing_loss_keeps_training()
    {
        var stopper = new EarlyStopping();
        for (var epoch = 0; epoch < 50; epoch++)
        {
            Assert.Equal(EarlyStoppingDecision.Continue, stopper.Observe(1000 * Math.Pow(0.95, epoch)));
        }
    }
}
