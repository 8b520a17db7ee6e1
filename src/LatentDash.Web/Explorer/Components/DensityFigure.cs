using System.Globalization;
using LatentDash.Models.Latent;
using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;
using PlotlyLayout = Plotly.Blazor.Layout;

namespace LatentDash.Web.Explorer.Components;

/// <summary>How <see cref="LatentDensity"/> draws a <see cref="DensityMatrix"/>: one heatmap per pair of components on a
/// lower-triangular grid of subplots, each bin's value its colour band (the dominant class, or mixed) plus its density
/// in that band, so one trace per panel shows class and density at once; and the current point on every panel.</summary>
internal static class DensityFigure
{
    // Darker than every class colour (the palette's grey is a class of its own).
    private const string Mixed = "#202020";

    /// <summary>The traces and layout of a density matrix: panels on a grid of subplots, the current point on each.</summary>
    public static (List<ITrace> Data, PlotlyLayout Layout) Build(
        DensityMatrix m, ILatentProjection projection, IReadOnlyList<string> classNames, IReadOnlyList<double>? current, string title)
    {
        var k = m.Components;
        var n = k - 1;
        var classes = classNames.Count;
        var traces = new List<ITrace>();
        var xAxes = new List<XAxis>();
        var yAxes = new List<YAxis>();
        const double Gap = 0.012;
        for (var row = 0; row < n; row++)
        {
            for (var column = 0; column < n; column++)
            {
                var index = (row * n) + column + 1;
                var used = column <= row;
                int x = column, y = row + 1;
                xAxes.Add(new XAxis
                {
                    Visible = used,
                    Domain = [(column / (double)n) + Gap, ((column + 1) / (double)n) - Gap],
                    Anchor = AxisName("y", index),
                    Range = used ? [m.Ranges[x].Min, m.Ranges[x].Max] : null,
                    ShowTickLabels = row == n - 1,
                    Title = row == n - 1 ? new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = projection.AxisTitle(x) } : null,
                    ShowGrid = false,
                    ZeroLine = false,
                });
                yAxes.Add(new YAxis
                {
                    Visible = used,
                    Domain = [1 - ((row + 1) / (double)n) + Gap, 1 - (row / (double)n) - Gap],
                    Anchor = AxisName("x", index),
                    Range = used ? [m.Ranges[y].Min, m.Ranges[y].Max] : null,
                    ShowTickLabels = column == 0,
                    Title = column == 0 ? new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = projection.AxisTitle(y) } : null,
                    ShowGrid = false,
                    ZeroLine = false,
                });
            }
        }

        foreach (var (x, y) in m.Pairs)
        {
            traces.Add(Panel(m.Grid(x, y), PanelIndex(x, y, n), classNames));
        }

        foreach (var (x, y) in m.Pairs)
        {
            var index = PanelIndex(x, y, n);
            traces.Add(new Scatter
            {
                Name = "current point",
                X = current is { Count: var c } && c == k ? [current[x]] : [],
                Y = current is { Count: var d } && d == k ? [current[y]] : [],
                XAxis = AxisName("x", index),
                YAxis = AxisName("y", index),
                Mode = Plotly.Blazor.Traces.ScatterLib.ModeFlag.Markers,
                // White with a black outline: visible on the near-black mixed bins and on every class colour.
                Marker = new Plotly.Blazor.Traces.ScatterLib.Marker
                {
                    Size = 13,
                    Color = "#ffffff",
                    Symbol = Plotly.Blazor.Traces.ScatterLib.MarkerLib.SymbolEnum.X,
                    Line = new Plotly.Blazor.Traces.ScatterLib.MarkerLib.Line { Color = "#000000", Width = 1.5m },
                },
                ShowLegend = false,
                HoverInfo = Plotly.Blazor.Traces.ScatterLib.HoverInfoFlag.Skip,
            });
        }

        var layout = new PlotlyLayout
        {
            Title = new Plotly.Blazor.LayoutLib.Title { Text = title },
            Height = 620,
            HoverMode = HoverModeEnum.Closest,
            ShowLegend = false,
            Margin = new Margin { L = 55, R = 15, T = 50, B = 45 },
            PlotBgColor = "#ffffff",
            XAxis = xAxes,
            YAxis = yAxes,
        };
        return (traces, layout);
    }

    /// <summary>One panel: each bin's value is its colour band (the dominant class, or the last band when no class holds
    /// half) plus its density in that band, so one heatmap trace shows class and density at once.</summary>
    private static HeatMap Panel(DensityGrid grid, int index, IReadOnlyList<string> classNames)
    {
        var classes = classNames.Count;
        var scale = Math.Log(1 + Math.Max(grid.MaxCount, 1));
        var z = new object?[grid.Bins];
        var text = new object?[grid.Bins];
        for (var row = 0; row < grid.Bins; row++)
        {
            var zRow = new object?[grid.Bins];
            var textRow = new object?[grid.Bins];
            for (var column = 0; column < grid.Bins; column++)
            {
                var cell = (row * grid.Bins) + column;
                var count = grid.Counts[cell];
                if (count == 0)
                {
                    continue;
                }

                var dominant = grid.Dominant[cell];
                var band = dominant >= 0 && grid.Share[cell] >= 0.5f ? dominant : classes;
                zRow[column] = Math.Round(band + 0.15 + (0.83 * Math.Log(1 + count) / scale), 3);
                textRow[column] = dominant >= 0
                    ? string.Create(CultureInfo.InvariantCulture, $"{count:N0} points, {grid.Share[cell]:P0} {classNames[dominant]}")
                    : string.Create(CultureInfo.InvariantCulture, $"{count:N0} points");
            }

            z[row] = zRow;
            text[row] = textRow;
        }

        return new HeatMap
        {
            X = [.. Enumerable.Range(0, grid.Bins).Select(c => (object)Math.Round(grid.XCenter(c), 4))],
            Y = [.. Enumerable.Range(0, grid.Bins).Select(r => (object)Math.Round(grid.YCenter(r), 4))],
            Z = [.. z.Cast<object>()],
            Text = [.. text.Cast<object>()],
            HoverTemplate = "%{text}<extra></extra>",
            HoverOnGaps = false,
            ZMin = 0,
            ZMax = classes + 1,
            ColorScale = ColorScale(classes),
            ShowScale = false,
            XAxis = AxisName("x", index),
            YAxis = AxisName("y", index),
        };
    }

    /// <summary>Bands of equal width, one per class and one for mixed bins, each from a pale to the full colour.</summary>
    private static List<object> ColorScale(int classes)
    {
        var stops = new List<object>();
        for (var band = 0; band <= classes; band++)
        {
            var colour = ColourOf(band, classes);
            stops.Add(new object[] { (double)band / (classes + 1), Blend(colour, 0.85) });
            stops.Add(new object[] { (double)(band + 1) / (classes + 1), colour });
        }

        return stops;
    }

    /// <summary>The colour of a band: a class's, or the mixed bins' beyond the last class.</summary>
    public static string ColourOf(int band, int classes) => band >= classes ? Mixed : ClassPalette.Of(band);

    // Mixes a #rrggbb colour with white: the pale end of a band.
    private static string Blend(string colour, double white)
    {
        int Channel(int at) => (int)Math.Round((int.Parse(colour.AsSpan(at, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture) * (1 - white)) + (255 * white));
        return string.Create(CultureInfo.InvariantCulture, $"#{Channel(1):x2}{Channel(3):x2}{Channel(5):x2}");
    }

    private static int PanelIndex(int x, int y, int n) => ((y - 1) * n) + x + 1;

    private static string AxisName(string axis, int index) => index == 1 ? axis : axis + index.ToString(CultureInfo.InvariantCulture);
}
