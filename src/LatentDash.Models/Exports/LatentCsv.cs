using System.Globalization;
using LatentDash.Models.Latent;

namespace LatentDash.Models.Exports;

/// <summary>Writes a latent space as CSV, one row per validation image: index, label, class name, the posterior mean
/// μ on the raw dimensions (mu_1…, the explorer's z axes), log σ² (log_var_1…) and the PCA coordinates of μ
/// (pc_1…, every component). Numbers are invariant-culture round-trip floats; text is quoted when it must be.</summary>
public static class LatentCsv
{
    /// <summary>Rows written between flushes, so a long export reaches the client as it goes.</summary>
    private const int FlushEvery = 1024;

    /// <summary>The header line's column names.</summary>
    public static IReadOnlyList<string> Header(int dimensions) =>
    [
        "index", "label", "class",
        .. Enumerable.Range(1, dimensions).Select(i => $"mu_{i}"),
        .. Enumerable.Range(1, dimensions).Select(i => $"log_var_{i}"),
        .. Enumerable.Range(1, dimensions).Select(i => $"pc_{i}"),
    ];

    public static async Task WriteAsync(TextWriter writer, LatentSpace space, ILatentProjection pca, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(pca);
        var d = space.Dimensions;
        var coordinates = pca.Transform(space.Mu, space.Count, d);
        await writer.WriteLineAsync(string.Join(',', Header(d))).ConfigureAwait(false);
        var line = new System.Text.StringBuilder();
        for (var i = 0; i < space.Count; i++)
        {
            line.Clear();
            var label = space.Labels[i];
            line.Append(i.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(label.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(Quote(label < space.ClassNames.Count ? space.ClassNames[label] : ""));
            AppendRow(line, space.Mu.AsSpan(i * d, d));
            AppendRow(line, space.LogVar.AsSpan(i * d, d));
            AppendRow(line, coordinates.AsSpan(i * d, d));
            await writer.WriteLineAsync(line, cancellationToken).ConfigureAwait(false);
            if ((i + 1) % FlushEvery == 0)
            {
                await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void AppendRow(System.Text.StringBuilder line, ReadOnlySpan<float> values)
    {
        foreach (var value in values)
        {
            line.Append(',').Append(value.ToString("R", CultureInfo.InvariantCulture));
        }
    }

    // RFC 4180: a field with a comma, quote or line break is quoted, and its quotes doubled.
    private static string Quote(string text) =>
        text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : text;
}
