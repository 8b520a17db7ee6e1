using System.Globalization;
using LatentDash.Jobs.Runs;
using MudBlazor;

namespace LatentDash.Web.Runs;

/// <summary>How the Trainings page words and colours a training.</summary>
public static class TrainingFormat
{
    public static Color StatusColor(TrainingStatus status) => status switch
    {
        TrainingStatus.Running => Color.Info,
        TrainingStatus.Succeeded => Color.Success,
        TrainingStatus.Failed => Color.Error,
        TrainingStatus.Cancelled or TrainingStatus.Interrupted => Color.Warning,
        _ => Color.Default,
    };

    public static string Status(TrainingRecord training)
    {
        ArgumentNullException.ThrowIfNull(training);
        return training.Status == TrainingStatus.Running && training.CancelRequestedAt is not null
            ? "cancelling"
            : training.Status.ToString().ToLowerInvariant();
    }

    /// <summary>"epoch 2/9 · step 300/1875 · 1 min 20 s left", or what there is to say before it starts.</summary>
    public static string Progress(TrainingRecord training)
    {
        ArgumentNullException.ThrowIfNull(training);
        if (training.Report is not { } r || r.Epochs == 0)
        {
            return training.Status == TrainingStatus.Queued ? "waiting for a worker" : "";
        }

        var text = string.Create(CultureInfo.InvariantCulture, $"epoch {r.Epoch}/{r.Epochs} · step {r.Step}/{r.StepsPerEpoch}");
        if (training.Status == TrainingStatus.Running && r.EtaSeconds is { } eta)
        {
            text += $" · {Duration(eta)} left";
        }
        else if (!training.Status.IsActive())
        {
            text += $" · {Duration(r.ElapsedSeconds)}";
        }

        return text;
    }

    public static string Percent(TrainingRecord training)
    {
        ArgumentNullException.ThrowIfNull(training);
        var fraction = training.Status == TrainingStatus.Succeeded ? 1 : training.Report?.Fraction ?? 0;
        return string.Create(CultureInfo.InvariantCulture, $"{Math.Floor(fraction * 100):0} %");
    }

    public static string Duration(double seconds) => seconds switch
    {
        < 60 => string.Create(CultureInfo.InvariantCulture, $"{seconds:0} s"),
        < 3600 => string.Create(CultureInfo.InvariantCulture, $"{Math.Floor(seconds / 60):0} min {seconds % 60:0} s"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{Math.Floor(seconds / 3600):0} h {Math.Floor(seconds % 3600 / 60):0} min"),
    };

    public static string Number(double? value, string format = "0.00") =>
        value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "–";
}
