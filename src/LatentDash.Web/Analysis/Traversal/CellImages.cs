using System.Globalization;
using LatentDash.Models.Analysis;

namespace LatentDash.Web.Analysis.Traversal;

/// <summary>Decoded images as the browser shows them: one PNG data URL per image and, for a model with a classifier
/// branch, its predicted class and probability as a caption. Shared by the traversal grid and the interpolation strip.</summary>
/// <param name="Urls">One data URL per image.</param>
/// <param name="Captions">One caption per image; null without a classifier branch.</param>
public sealed record CellImages(IReadOnlyList<string> Urls, IReadOnlyList<string>? Captions)
{
    public static CellImages From(DecodedCells cells, IReadOnlyList<string> classNames, int scale)
    {
        ArgumentNullException.ThrowIfNull(cells);
        ArgumentNullException.ThrowIfNull(classNames);
        var urls = new string[cells.Count];
        for (var i = 0; i < cells.Count; i++)
        {
            urls[i] = DataUrl(cells.Png(i, scale));
        }

        string[]? captions = null;
        if (cells.Predicted is { } predicted && cells.Probability is { } probability)
        {
            captions = new string[cells.Count];
            for (var i = 0; i < cells.Count; i++)
            {
                var name = predicted[i] < classNames.Count ? classNames[predicted[i]] : QueryValues.Format(predicted[i]);
                captions[i] = $"{name} {probability[i].ToString("0.00", CultureInfo.InvariantCulture)}";
            }
        }

        return new CellImages(urls, captions);
    }

    /// <summary>A PNG as a data URL, for an img src or a download link (the content security policy allows data: images).</summary>
    public static string DataUrl(byte[] png) => "data:image/png;base64," + Convert.ToBase64String(png);
}
