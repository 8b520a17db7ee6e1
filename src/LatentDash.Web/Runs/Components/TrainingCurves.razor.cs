using LatentDash.Jobs.Runs;
using LatentDash.Web.Components;
using Microsoft.AspNetCore.Components;
using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.ScatterLib;
using PlotlyLayout = Plotly.Blazor.Layout;

namespace LatentDash.Web.Runs.Components;

public sealed partial class TrainingCurves
{
    private static readonly (string Name, string Color, Func<CurvePoint, double?> Train, Func<EpochPoint, double?> Validation)[] Quantities =
    [
        ("reconstruction", "#1f77b4", p => p.Reconstruction, e => e.ValidationReconstruction),
        ("KL", "#ff7f0e", p => p.Kl, e => e.ValidationKl),
        ("class", "#2ca02c", p => p.ClassLoss, e => e.ValidationClassLoss),
    ];

    private readonly Config config = new() { Responsive = true, DisplayLogo = false };
    private DetachingPlotlyChart chart = default!;
    private PlotlyLayout layout = new();
    private List<ITrace> data = [];
    private (TrainingReport? Report, int Curve, int History) shown;
    private bool redraw;

    [Parameter, EditorRequired] public TrainingReport Report { get; set; } = default!;

    protected override void OnParametersSet()
    {
        var now = (Report, Report.Curve.Count, Report.History.Count);
        if (now == shown)
        {
            return;
        }

        redraw = shown.Report is not null;
        shown = now;
        data = [.. Traces()];
        layout = new PlotlyLayout
        {
            Height = 320,
            Margin = new Margin { L = 60, R = 20, T = 10, B = 40 },
            XAxis = [new XAxis { Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = "epoch" }, Range = [0, Math.Max(Report.Epochs, 1)] }],
            YAxis = [new YAxis { Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = "loss (log scale)" }, Type = Plotly.Blazor.LayoutLib.YAxisLib.TypeEnum.Log }],
            Legend = [new Legend { Orientation = Plotly.Blazor.LayoutLib.LegendLib.OrientationEnum.H }],
        };
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender && redraw)
        {
            redraw = false;
            await chart.React();
        }
    }

    private IEnumerable<ITrace> Traces()
    {
        foreach (var (name, color, train, validation) in Quantities)
        {
            var points = Report.Curve.Where(p => train(p) is > 0).ToList();
            if (points.Count > 0)
            {
                yield return new Scatter
                {
                    Name = $"train {name}",
                    Mode = ModeFlag.Lines,
                    X = [.. points.Select(p => (object)p.Position)],
                    Y = [.. points.Select(p => (object)train(p)!.Value)],
                    Line = new Line { Color = color, Width = 1.5m },
                };
            }

            var epochs = Report.History.Where(e => validation(e) is > 0).ToList();
            if (epochs.Count > 0)
            {
                yield return new Scatter
                {
                    Name = $"validation {name}",
                    Mode = ModeFlag.Lines | ModeFlag.Markers,
                    X = [.. epochs.Select(e => (object)e.Epoch)],
                    Y = [.. epochs.Select(e => (object)validation(e)!.Value)],
                    Line = new Line { Color = color, Dash = "dash", Width = 2 },
                    Marker = new Marker { Color = color, Size = 7 },
                };
            }
        }
    }
}
