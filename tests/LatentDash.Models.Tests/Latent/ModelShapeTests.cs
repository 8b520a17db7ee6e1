using LatentDash.Models.Experiments;
using LatentDash.Models.Latent;

namespace LatentDash.Models.Tests.Latent;

public class ModelShapeTests
{
    [Fact]
    public void The_index_entry_gives_latent_dim_classes_and_whether_the_decoder_is_conditioned()
    {
        var entry = new ExperimentEntry
        {
            LatentDim = 6,
            Hyperparameters = new(StringComparer.Ordinal) { ["class_count"] = "3", ["conditioned_decoder"] = "true" },
        };

        Assert.Equal(new ModelShape(6, 3, true, null), ModelShape.FromEntry(entry));
    }

    [Fact]
    public void Without_those_hyperparameters_the_defaults_apply()
    {
        Assert.Equal(new ModelShape(2, 10, false, null), ModelShape.FromEntry(new ExperimentEntry { LatentDim = 2 }));
    }
}
