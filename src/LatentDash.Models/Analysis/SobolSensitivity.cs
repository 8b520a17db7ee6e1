using System.Globalization;
using System.Diagnostics;
using LatentDash.Models.Latent;

namespace LatentDash.Models.Analysis;

/// <summary>Sobol indices of a model's decoder (and classifier branch) with respect to its latent dimensions: design
/// (<see cref="SobolDesign"/>), decode and classify in batches, analyse (<see cref="SobolAnalysis"/>).</summary>
public static class SobolSensitivity
{
    // Rows decoded between two progress reports and cancellation checks.
    private const int Chunk = 1024;

    /// <summary>Computes the report, reporting progress in [0,1] and stopping when <paramref name="cancellationToken"/> fires.</summary>
    public static SobolReport Compute(
        ExplorableModel model, SobolSettings settings, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.Samples, SobolSettings.MinSamples);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(settings.Samples, SobolSettings.MaxSamples);
        var dims = model.Config.LatentDim;
        if (settings.Evaluations(dims) > SobolSettings.MaxEvaluations)
        {
            throw new ArgumentOutOfRangeException(
                nameof(settings), settings.Samples, string.Create(CultureInfo.InvariantCulture, $"N·(d+2) = {settings.Evaluations(dims):N0} decodes exceeds {SobolSettings.MaxEvaluations:N0}; N is at most {SobolSettings.MaxSamplesFor(dims):N0} at d = {dims}"));
        }

        var clock = Stopwatch.StartNew();
        var draw = settings.Distribution == SobolDistribution.Prior ? SobolInputs.Prior : SobolInputs.Marginals(model.Space.Mu, dims);
        var design = SobolDesign.Create(settings.Samples, dims, draw, settings.Seed);
        var label = model.DecoderNeedsLabel ? settings.Condition : (int?)null;

        var pixels = model.ImageSize;
        var classes = model.Config.ClassCount;
        var images = new float[(long)design.RowCount * pixels];
        var probabilities = model.HasClassifier ? new float[design.RowCount * classes] : null;
        for (var start = 0; start < design.RowCount; start += Chunk)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var n = Math.Min(Chunk, design.RowCount - start);
            var decoded = model.DecodeMany(design.Rows.AsSpan(start * dims, n * dims), label);
            decoded.CopyTo(images.AsSpan(start * pixels, n * pixels));
            model.ClassProbabilitiesMany(decoded)?.CopyTo(probabilities.AsSpan(start * classes, n * classes));
            // Decoding is nearly all of the time; the analysis afterwards takes the last few percent.
            progress?.Report(0.9 * (start + n) / design.RowCount);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var image = SobolAnalysis.Analyze(settings.Samples, dims, images, pixels, seed: settings.Seed);
        int? reference = null;
        SobolIndices? referenceIndices = null, classIndices = null;
        if (probabilities is not null)
        {
            var centre = SobolInputs.Centre(settings.Distribution, model.Space.Mu, dims);
            var centreProbabilities = model.ClassProbabilities(model.Decode(centre, label))!;
            reference = Array.IndexOf(centreProbabilities, centreProbabilities.Max());
            var column = new float[design.RowCount];
            for (var r = 0; r < column.Length; r++)
            {
                column[r] = probabilities[(r * classes) + reference.Value];
            }

            referenceIndices = SobolAnalysis.Analyze(settings.Samples, dims, column, 1, seed: settings.Seed);
            classIndices = SobolAnalysis.Analyze(settings.Samples, dims, probabilities, classes, seed: settings.Seed);
        }

        progress?.Report(1);
        return new SobolReport
        {
            Settings = settings,
            Width = model.Config.Width,
            Height = model.Config.Height,
            Image = image,
            ReferenceClass = reference,
            ReferenceClassIndices = referenceIndices,
            Classes = classIndices,
            Evaluations = design.RowCount,
            Seconds = clock.Elapsed.TotalSeconds,
        };
    }
}
