using LatentDash.Models.Training;

namespace LatentDash.Jobs.Cli;

/// <summary>Shows training progress on the terminal: one rewritten line when interactive and <paramref name="rewrite"/>,
/// a line per tenth otherwise (redirected output, or several trainings at once).</summary>
internal sealed class ConsoleProgress(string label, bool rewrite = true) : IProgress<TrainingProgress>
{
    private readonly bool inPlace = rewrite && !Console.IsOutputRedirected;

    private int lastTenth = -1;

    public void Report(TrainingProgress value)
    {
        var text = $"{label}: epoch {value.Epoch}/{value.Epochs} step {value.Step}/{value.StepsPerEpoch} " +
                   $"loss {value.RunningLoss:F2} (rec {value.RunningReconstruction:F2}, KL {value.RunningKl:F2}" +
                   (value.RunningClassLoss is { } c ? $", class {c:F3}" : "") + $")  {value.ImagesPerSecond:F0} img/s";
        if (inPlace)
        {
            Console.Write("\r" + text.PadRight(Math.Max(Console.WindowWidth - 1, text.Length)));
            return;
        }

        var tenth = (int)(value.Fraction * 10);
        if (tenth != lastTenth)
        {
            lastTenth = tenth;
            Console.WriteLine(text);
        }
    }

    /// <summary>Ends the rewritten line before other output.</summary>
    public void Finish()
    {
        if (inPlace)
        {
            Console.WriteLine();
        }
    }
}
