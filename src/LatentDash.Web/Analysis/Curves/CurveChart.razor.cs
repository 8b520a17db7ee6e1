using LatentDash.Models.Comparison;
using LatentDash.Web.Analysis.Exports;
using Microsoft.AspNetCore.Components;
using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.ScatterLib;
using PlotlyLayout = Plotly.Blazor.Layout;

namespace LatentDash.Web.Analysis.Curves;

/// <summary>A line chart of one <see cref="CurveQuantity"/> for the given models. The page re-creates it (by key)
/// when its view changes, so it draws once.</summary>
public sealed partial class CurveChart
{
    /// <summary>Plotly's default colours, then their light companions: model i keeps colour i on every chart of the
    /// page and in its legend, distinct up to <see cref="CurvesView.MaxModels"/>.</summary>
    public static readonly string[] Palette =
    [
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
        "#aec7e8", "#ffbb78", "#98df8a", "#ff9896", "#c5b0d5", "#c49c94",
    ];

    private Config config = new();
    private PlotlyLayout layout = new();
    private List<ITrace> data = [];

    [Parameter, EditorRequired] public CurveQuantity Quantity { get; set; }

    [Parameter, EditorRequired] public IReadOnlyList<ModelCurves> Curves { get; set; } = [];

    [Parameter] public bool LogScale { get; set; }

    /// <summary>The element id, also the PNG's file name.</summary>
    [Parameter, EditorRequired] public string Id { get; set; } = "";

    public static string Title(CurveQuantity quantity) => quantity switch
    {
        CurveQuantity.Loss => "total loss",
        CurveQuantity.Reconstruction => "reconstruction (1000 × MSE)",
        CurveQuantity.Kl => "KL (nats)",
        CurveQuantity.ClassLoss => "class loss (cross-entropy)",
        CurveQuantity.Accuracy => "classifier accuracy",
        CurveQuantity.LearningRate => "learning rate",
        _ => quantity.ToString(),
    };

    protected override void OnParametersSet()
    {
        config = ChartPng.Config(Id);
        data = [.. Traces()];
        // The learning rate moves in factors (×0.2 per decay): always on a log axis, where a constant one is still
        // readable. Accuracy stays linear, in per cent.
        var log = Quantity == CurveQuantity.LearningRate || (LogScale && Quantity is not CurveQuantity.Accuracy);
        layout = new PlotlyLayout
        {
            Height = 260,
            Margin = new Margin { L = 60, R = 10, T = 36, B = 40 },
            // Left, so that the mode bar (always shown, top right) does not cover it.
            Title = new Plotly.Blazor.LayoutLib.Title
            {
                Text = Title(Quantity),
                Font = new Plotly.Blazor.LayoutLib.TitleLib.Font { Size = 14 },
                X = 0.01m,
                XAnchor = Plotly.Blazor.LayoutLib.TitleLib.XAnchorEnum.Left,
            },
            XAxis = [new XAxis { Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = "epoch" }, DTick = 1 }],
            YAxis =
            [
                new YAxis
                {
                    Type = log ? Plotly.Blazor.LayoutLib.YAxisLib.TypeEnum.Log : Plotly.Blazor.LayoutLib.YAxisLib.TypeEnum.Linear,
                    TickFormat = Quantity == CurveQuantity.Accuracy ? ".0%" : null,
                    ExponentFormat = Plotly.Blazor.LayoutLib.YAxisLib.ExponentFormatEnum.Power,
                },
            ],
            // Model names are long and the same on every chart: the page shows one legend for all of them.
            ShowLegend = false,
            HoverMode = HoverModeEnum.Closest,
        };
    }

    private IEnumerable<ITrace> Traces()
    {
        for (var i = 0; i < Curves.Count; i++)
        {
            var color = Palette[i % Palette.Length];
            var name = Curves[i].Model;
            foreach (var split in ModelCurves.SplitsOf(Quantity))
            {
                var curve = Curves[i].Curve(Quantity, split);
                if (curve.Values.Count == 0)
                {
                    continue;
                }

                var validation = split == CurveSplit.Validation;
                yield return new Scatter
                {
                    Name = Quantity == CurveQuantity.LearningRate ? name : $"{name} · {(validation ? "validation" : "train")}",
                    Mode = ModeFlag.Lines | ModeFlag.Markers,
                    X = [.. curve.Epochs.Select(e => (object)e)],
                    Y = [.. curve.Values.Select(v => (object)v)],
                    Line = new Line { Color = color, Width = 2, Dash = validation ? "dash" : "solid" },
                    Marker = new Marker { Color = color, Size = 6 },
                };
            }
        }
    }
}
