using LatentDash.Jobs.Runs;

namespace LatentDash.Jobs.Tests.Runs;

/// <summary>A small valid submission on the fixture, which the bad-input tests break one field at a time.</summary>
internal static class Submissions
{
    public static RunSubmission Good { get; } = new()
    {
        Run = "ok",
        Dataset = "fashion",
        Architectures = ["branched"],
        Betas = [4],
        LatentDims = [2],
        Epochs = 1,
        BatchSize = 64,
    };
}
