using System.Globalization;
using LatentDash.Models.Analysis;
using LatentDash.Web.Components;
using Microsoft.AspNetCore.Components;
using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.BarLib;
using PlotlyLayout = Plotly.Blazor.Layout;

namespace LatentDash.Web.Analysis.Counterfactual.Components;

public sealed partial class MoveBars
{
    private readonly Config config = new() { Responsive = true, DisplayLogo = false };
    private DetachingPlotlyChart chart = default!;
    private PlotlyLayout layout = new();
    private List<ITrace> data = [];
    private CounterfactualResult? shown;
    private bool redraw;

    [Parameter, EditorRequired] public CounterfactualResult Result { get; set; } = default!;

    protected override void OnParametersSet()
    {
        if (ReferenceEquals(shown, Result))
        {
            return;
        }

        redraw = shown is not null;
        shown = Result;
        var moves = Result.End.Select((z, j) => Math.Abs(z - Result.Start[j]) / Result.Sigma[j]).ToArray();
        var largest = moves.Max();
        data =
        [
            new Bar
            {
                Name = "|Δz| / σ",
                X = [.. moves.Select((_, j) => (object)string.Create(CultureInfo.InvariantCulture, $"z{j + 1}"))],
                Y = [.. moves.Select(m => (object)Math.Round(m, 4))],
                // The dimensions that carry most of the move stand out.
                Marker = new Marker { Color = moves.Select(m => (object)(m >= 0.5 * largest && largest > 0 ? "#d62728" : "#7f7f7f")).ToList() },
            },
        ];
        layout = new PlotlyLayout
        {
            Height = 260,
            Margin = new Margin { L = 50, R = 10, T = 10, B = 40 },
            YAxis = [new YAxis { Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = "|Δz_j| / σ_j" }, RangeMode = Plotly.Blazor.LayoutLib.YAxisLib.RangeModeEnum.ToZero }],
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
}
