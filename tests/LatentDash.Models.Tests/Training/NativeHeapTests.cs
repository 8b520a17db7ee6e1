using LatentDash.Models.Training;

namespace LatentDash.Models.Tests.Training;

public class NativeHeapTests
{
    [Theory]
    [InlineData(1, 32)]     // at least every 32 steps
    [InlineData(32, 32)]    // the default batch: every 1,024 images
    [InlineData(512, 16)]   // every 8,192 images
    [InlineData(4096, 2)]   // the largest batch the form accepts
    [InlineData(10000, 1)]  // never fewer than one step
    public void Trims_every_8192_images_and_at_least_every_32_steps(int batchSize, int steps) =>
        Assert.Equal(steps, NativeHeap.TrimSteps(batchSize));

}
