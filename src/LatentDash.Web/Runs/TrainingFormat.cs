using System.Globalization;
using LatentDash.Jobs.Runs;
using MudBlazor;

namespace LatentDash.Web.Runs;

/// <summary>How the Runs page words and colours a run.</summary>
public static class RunFormat
{
    public static Color StatusColor(RunStatus status) => status switch
    {
        RunStatus.Running => Color.Info,
        RunStatus.Succeeded => Color.Success,
        RunStatus.Failed => Color.Error,
        RunStatus.Cancelled or RunStatus.Interrupted => Color.Warning,
        _ => Color.Default,
    };

    public static string Status(RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return run.Status == RunStatus.Running && run.CancelRequestedAt is not null
            ? "cancelling"
            : run.Status.ToString().ToLowerInvariant();
    }

    /// <summary>"epoch 2/9 · step 300/1875 · 1 min 20 s left", or what there is to say before it starts.</summary>
    public static string Progress(RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.Report is not { } r || r.Epochs == 0)
        {
            return run.Status == RunStatus.Queued ? "waiting for a worker" : "";
        }

        var text = string.Create(CultureInfo.InvariantCulture, $"epoch {r.Epoch}/{r.Epochs} · step {r.Step}/{r.StepsPerEpoch}");
        if (run.Status == RunStatus.Running && r.EtaSeconds is { } eta)
        {
            text += $" · {Duration(eta)} left";
        }
        else if (!run.Status.IsActive())
        {
            text += $" · {Duration(r.ElapsedSeconds)}";
        }

        return text;
    }

    public static string Percent(RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var fraction = run.Status == RunStatus.Succeeded ? 1 : run.Report?.Fraction ?? 0;
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
