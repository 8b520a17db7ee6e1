using System.Diagnostics;
using System.Globalization;
using LatentDash.Models.Analysis;
using LatentDash.Models.Latent;

namespace LatentDash.Web.Analysis.Traversal;

/// <summary>What the traversal page shows for one view of an open model: the decoded grid with its row labels, the
/// sample's input image, the grid as one PNG for download and the animated row's frames. Built on the circuit: one
/// batch decode of Rows × Steps small images takes milliseconds.</summary>
public sealed record TraversalFigure
{
    /// <summary>Pixels per source pixel in a grid cell (28 → 56).</summary>
    private const int CellScale = 2;

    /// <summary>Pixels per source pixel in the animation (28 → 112).</summary>
    private const int LargeScale = 4;

    /// <summary>Pixels per source pixel of the input image: the explorer's, so the same image has the same bytes.</summary>
    private const int InputScale = 6;

    public required int Sample { get; init; }

    /// <summary>The class the decoder decoded as (used by a conditioned decoder only).</summary>
    public required int Label { get; init; }

    public required IReadOnlyList<string> RowTitles { get; init; }

    public required IReadOnlyList<string> RowNotes { get; init; }

    public required IReadOnlyList<string> RowRanges { get; init; }

    public required CellImages Images { get; init; }

    public required string InputUrl { get; init; }

    /// <summary>The whole grid as one PNG data URL (for the download link).</summary>
    public required string GridUrl { get; init; }

    /// <summary>The animated row's frames side by side, or null when no row is animated.</summary>
    public string? AnimationUrl { get; init; }

    /// <summary>What the row labels mean.</summary>
    public required string Note { get; init; }

    public required int Count { get; init; }

    /// <summary>How long the traversal, its decode and the PNGs took.</summary>
    public required double Milliseconds { get; init; }

    /// <summary>Traverses <paramref name="view"/>'s sample (the first when none is chosen) on the open model; the view
    /// must already fit the model (<see cref="TraversalView.FitTo"/>).</summary>
    public static TraversalFigure Build(ExplorableModel model, TraversalView view)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(view);
        var clock = Stopwatch.StartNew();
        var space = model.Space;
        var sample = view.Sample ?? 0;
        var label = view.Condition ?? space.Labels[sample];
        var axes = model.Projection(view.Axes);
        var points = LatentTraversal.OfSample(axes, space, sample, view.Range, view.K, view.Steps);
        var cells = DecodedCells.Decode(model, points.Z, label);

        var titles = Enumerable.Range(0, points.Rows).Select(axes.AxisTitle).ToArray();
        string[] notes;
        string note;
        if (view.Axes == ProjectionKind.Raw)
        {
            var kl = KlPerDimension.Compute(space.Mu, space.LogVar, space.Dimensions);
            notes = [.. kl.Select(v => $"KL {v.ToString("0.00", CultureInfo.InvariantCulture)} nats")];
            note = "Each row moves one latent dimension and holds the others at the sample's μ. KL: that dimension's mean " +
                "KL divergence from the prior over the validation set, in nats; near zero, the dimension carries no information.";
        }
        else
        {
            notes = [.. axes.ExplainedVarianceRatio.Select(v => $"{(v * 100).ToString("0.0", CultureInfo.InvariantCulture)} % of variance")];
            note = "Each row moves one principal component of the latent means and holds the other components. Rows are " +
                "labelled with the share of the latent means' variance that component explains (KL is defined per raw dimension).";
        }

        var ranges = Enumerable.Range(0, points.Rows)
            .Select(r => $"{points.Low[r].ToString("0.00", CultureInfo.InvariantCulture)} … {points.High[r].ToString("0.00", CultureInfo.InvariantCulture)}")
            .ToArray();
        var input = model.InputImage(sample).AsSpan(0, cells.Width * cells.Height);
        var animation = view.Animate is { } row && row < points.Rows
            ? CellImages.DataUrl(cells.Png(row * points.Steps, points.Steps, points.Steps, LargeScale, gap: 0))
            : null;
        return new TraversalFigure
        {
            Sample = sample,
            Label = label,
            RowTitles = titles,
            RowNotes = notes,
            RowRanges = ranges,
            Images = CellImages.From(cells, space.ClassNames, CellScale),
            InputUrl = CellImages.DataUrl(GrayscalePng.Encode(input, cells.Width, cells.Height, InputScale)),
            GridUrl = CellImages.DataUrl(cells.Png(0, cells.Count, points.Steps, CellScale)),
            AnimationUrl = animation,
            Note = note,
            Count = cells.Count,
            Milliseconds = clock.Elapsed.TotalMilliseconds,
        };
    }
}
