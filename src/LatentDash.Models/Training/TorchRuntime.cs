using static TorchSharp.torch;

namespace LatentDash.Models.Training;

/// <summary>Process-wide torch settings, set once by a host at start.</summary>
public static class TorchRuntime
{
    /// <summary>Bounds torch's kernel threads: training and the explorer share the machine, so this is set on purpose.</summary>
    public static void Configure(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        set_num_threads(threads);
    }
}
