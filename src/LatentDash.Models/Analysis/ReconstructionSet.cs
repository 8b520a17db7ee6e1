using LatentDash.Models.Latent;

namespace LatentDash.Models.Analysis;

/// <summary>How one model reconstructs chosen validation images: each image's input, the decode of its posterior mean
/// μ and <see cref="K"/> decodes of z = μ + σ·ε drawn from q(z|x), with the mean squared error of each against the
/// input. ε comes from a generator seeded by (seed, image index), so an address naming the seed shows the same draws,
/// whichever other images are shown beside it; models of one latent size draw the same ε.</summary>
public sealed class ReconstructionSet
{
    /// <summary>The most posterior draws per image a view may ask for.</summary>
    public const int MaxDraws = 8;

    private ReconstructionSet(IReadOnlyList<int> samples, int k, int width, int height, float[] inputs, float[] decodes, double[] errors)
    {
        Samples = samples;
        K = k;
        Width = width;
        Height = height;
        Inputs = inputs;
        Decodes = decodes;
        Errors = errors;
    }

    /// <summary>The validation images, in the order of the rows.</summary>
    public IReadOnlyList<int> Samples { get; }

    /// <summary>Posterior draws per image (besides the decode of μ).</summary>
    public int K { get; }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Each image's pixels (first channel), Samples.Count × Width·Height.</summary>
    public float[] Inputs { get; }

    /// <summary>Per image: the decode of μ, then the K draws; Samples.Count × (1+K) × Width·Height.</summary>
    public float[] Decodes { get; }

    /// <summary>Mean squared error of each decode against its input, Samples.Count × (1+K).</summary>
    public double[] Errors { get; }

    /// <summary>One image's input pixels.</summary>
    public ReadOnlySpan<float> Input(int row) => Inputs.AsSpan(row * Width * Height, Width * Height);

    /// <summary>One decode of one image: column 0 decodes μ, columns 1..K the draws.</summary>
    public ReadOnlySpan<float> Decode(int row, int column) =>
        Decodes.AsSpan(((row * (1 + K)) + column) * Width * Height, Width * Height);

    public double Error(int row, int column) => Errors[(row * (1 + K)) + column];

    /// <summary>The standard normal draws ε for one image: <paramref name="count"/> rows of
    /// <paramref name="dimensions"/>, from a generator seeded by (seed, sample) alone (Box–Muller on System.Random,
    /// whose seeded sequence is the same on every platform).</summary>
    public static double[] Epsilon(int seed, int sample, int count, int dimensions)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        // Image indices stay far below 1,000,003, so distinct (seed, sample) pairs give distinct generator seeds.
        var random = new Random(unchecked((seed * 1_000_003) + sample) & int.MaxValue);
        var values = new double[count * dimensions];
        for (var i = 0; i < values.Length; i += 2)
        {
            // 1 − NextDouble() lies in (0, 1]: the logarithm stays finite.
            double u1 = 1 - random.NextDouble(), u2 = random.NextDouble();
            var radius = Math.Sqrt(-2 * Math.Log(u1));
            values[i] = radius * Math.Cos(2 * Math.PI * u2);
            if (i + 1 < values.Length)
            {
                values[i + 1] = radius * Math.Sin(2 * Math.PI * u2);
            }
        }

        return values;
    }

    /// <summary>The latent vectors to decode, row-major: per image μ, then the K vectors μ + σ·ε with σ = exp(½·log σ²).</summary>
    public static float[] Latents(LatentSpace space, IReadOnlyList<int> samples, int k, int seed)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, MaxDraws);
        var d = space.Dimensions;
        var z = new float[samples.Count * (1 + k) * d];
        for (var row = 0; row < samples.Count; row++)
        {
            var sample = samples[row];
            ArgumentOutOfRangeException.ThrowIfNegative(sample);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(sample, space.Count);
            var mu = space.Mu.AsSpan(sample * d, d);
            var logVar = space.LogVar.AsSpan(sample * d, d);
            var epsilon = Epsilon(seed, sample, k, d);
            var first = row * (1 + k) * d;
            mu.CopyTo(z.AsSpan(first, d));
            for (var draw = 0; draw < k; draw++)
            {
                for (var j = 0; j < d; j++)
                {
                    z[first + ((1 + draw) * d) + j] = (float)(mu[j] + (Math.Exp(0.5 * logVar[j]) * epsilon[(draw * d) + j]));
                }
            }
        }

        return z;
    }

    /// <summary>Decodes the images' μ and draws in one batch (a conditioned decoder as each image's own class).</summary>
    public static ReconstructionSet Compute(ExplorableModel model, IReadOnlyList<int> samples, int k, int seed)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(samples);
        var z = Latents(model.Space, samples, k, seed);
        var labels = samples.SelectMany(s => Enumerable.Repeat((int)model.Space.Labels[s], 1 + k)).ToArray();
        var decoded = model.DecodeMany(z, labels);
        int width = model.Config.Width, height = model.Config.Height, plane = width * height;
        var inputs = new float[samples.Count * plane];
        var decodes = new float[samples.Count * (1 + k) * plane];
        var errors = new double[samples.Count * (1 + k)];
        for (var row = 0; row < samples.Count; row++)
        {
            var input = model.InputImage(samples[row]).AsSpan(0, plane);
            input.CopyTo(inputs.AsSpan(row * plane, plane));
            for (var column = 0; column <= k; column++)
            {
                var cell = (row * (1 + k)) + column;
                // The first channel of each decode: the grids and PNGs are greyscale.
                var image = decoded.AsSpan(cell * model.ImageSize, plane);
                image.CopyTo(decodes.AsSpan(cell * plane, plane));
                errors[cell] = MeanSquaredError(input, image);
            }
        }

        return new ReconstructionSet([.. samples], k, width, height, inputs, decodes, errors);
    }

    /// <summary>The whole figure as one PNG: a row per image, its input first, then each set's decodes (μ, draws) in
    /// the order given (the page's columns). The sets must show the same images at the same size.</summary>
    public static byte[] FigurePng(IReadOnlyList<ReconstructionSet> sets, int scale = 2)
    {
        ArgumentNullException.ThrowIfNull(sets);
        if (sets.Count == 0)
        {
            throw new ArgumentException("no reconstructions to draw", nameof(sets));
        }

        var first = sets[0];
        if (sets.Any(s => !s.Samples.SequenceEqual(first.Samples) || s.Width != first.Width || s.Height != first.Height))
        {
            throw new ArgumentException("the sets show different images or sizes", nameof(sets));
        }

        var columns = 1 + sets.Sum(s => 1 + s.K);
        var plane = first.Width * first.Height;
        var cells = new List<float>(first.Samples.Count * columns * plane);
        for (var row = 0; row < first.Samples.Count; row++)
        {
            cells.AddRange(first.Input(row).ToArray());
            foreach (var set in sets)
            {
                cells.AddRange(set.Decodes.AsSpan(row * (1 + set.K) * plane, (1 + set.K) * plane).ToArray());
            }
        }

        return ImageGrid.Png(cells.ToArray(), first.Samples.Count * columns, first.Width, first.Height, columns, scale);
    }

    private static double MeanSquaredError(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            var difference = (double)a[i] - b[i];
            sum += difference * difference;
        }

        return sum / a.Length;
    }
}
