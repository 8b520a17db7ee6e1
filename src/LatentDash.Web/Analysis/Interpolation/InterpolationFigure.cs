using System.Diagnostics;
using LatentDash.Models.Analysis;
using LatentDash.Models.Latent;
using LatentDash.Web.Analysis.Traversal;

namespace LatentDash.Web.Analysis.Interpolation;

/// <summary>What the interpolation page shows for one view of an open model: the two input images, the decoded strip
/// between their latent means with the classifier's verdict under each image, and the strip as one PNG for download.
/// Built on the circuit: one batch decode of a few small images takes milliseconds.</summary>
public sealed record InterpolationFigure
{
    /// <summary>Pixels per source pixel in the strip (28 → 84).</summary>
    private const int CellScale = 3;

    public required int Sample { get; init; }

    public required int To { get; init; }

    /// <summary>The class the decoder decoded as (used by a conditioned decoder only).</summary>
    public required int Label { get; init; }

    public required CellImages Images { get; init; }

    public required string FromUrl { get; init; }

    public required string ToUrl { get; init; }

    /// <summary>The strip as one PNG data URL (for the download link).</summary>
    public required string StripUrl { get; init; }

    public required int Count { get; init; }

    public required double Milliseconds { get; init; }

    /// <summary>The sample a strip from <paramref name="sample"/> ends on when none is chosen: the first validation
    /// image of another class (the same class only when there is no other).</summary>
    public static int DefaultTarget(LatentSpace space, int sample)
    {
        ArgumentNullException.ThrowIfNull(space);
        for (var i = 0; i < space.Count; i++)
        {
            if (space.Labels[i] != space.Labels[sample])
            {
                return i;
            }
        }

        return space.Count > 1 && sample == 0 ? 1 : 0;
    }

    /// <summary>Interpolates between the view's two samples on the open model; the view must already fit the model
    /// (<see cref="InterpolationView.FitTo"/>) and name both samples.</summary>
    public static InterpolationFigure Build(ExplorableModel model, InterpolationView view)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(view);
        var clock = Stopwatch.StartNew();
        var space = model.Space;
        var from = view.Sample ?? 0;
        var to = view.To ?? DefaultTarget(space, from);
        var label = view.Condition ?? space.Labels[from];
        var points = LatentInterpolation.Points(space.MuOf(from), space.MuOf(to), view.Steps, view.Path);
        var cells = DecodedCells.Decode(model, points, label);
        return new InterpolationFigure
        {
            Sample = from,
            To = to,
            Label = label,
            Images = CellImages.From(cells, space.ClassNames, CellScale),
            FromUrl = Input(model, from, cells.Width, cells.Height),
            ToUrl = Input(model, to, cells.Width, cells.Height),
            StripUrl = CellImages.DataUrl(cells.Png(0, cells.Count, cells.Count, CellScale)),
            Count = cells.Count,
            Milliseconds = clock.Elapsed.TotalMilliseconds,
        };
    }

    private static string Input(ExplorableModel model, int sample, int width, int height) =>
        CellImages.DataUrl(GrayscalePng.Encode(model.InputImage(sample).AsSpan(0, width * height), width, height, CellScale));
}
