using System.Globalization;
using LatentDash.Models.Exports;
using LatentDash.Models.Latent;

namespace LatentDash.Models.Tests.Exports;

public class LatentCsvTests
{
    [Fact]
    public async Task Each_image_is_a_row_of_its_label_means_log_variances_and_pca_coordinates()
    {
        // Points on the line y = 2x: PCA's first component carries everything, the second nothing.
        float[] mu = [1, 2, 2, 4, 3, 6];
        float[] logVar = [-1, -2, -3, -4, -5, -6.5f];
        var space = new LatentSpace(mu, logVar, [0, 1, 1], 2, ["T-shirt/top", "odd, \"quoted\""]);
        var pca = PcaProjection.Fit(space);
        using var text = new StringWriter(CultureInfo.InvariantCulture);

        await LatentCsv.WriteAsync(text, space, pca);

        var lines = text.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("index,label,class,mu_1,mu_2,log_var_1,log_var_2,pc_1,pc_2", lines[0]);
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("0,0,T-shirt/top,1,2,-1,-2,", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("2,1,\"odd, \"\"quoted\"\"\",3,6,-5,-6.5,", lines[3], StringComparison.Ordinal);
        var expected = pca.Transform(mu, 3, 2);
        for (var i = 0; i < 3; i++)
        {
            var cells = lines[i + 1].Split(',');
            var pc = cells[^2..].Select(c => float.Parse(c, CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(expected[(i * 2)..((i * 2) + 2)], pc);
        }

        // The middle point is the mean: both of its coordinates are zero; the ends sit at ±√5 on the first axis.
        Assert.Equal(Math.Sqrt(5), Math.Abs(expected[0]), 5);
        Assert.Equal(0, expected[2], 5);
        Assert.Equal(0, expected[1], 5);
    }
}
