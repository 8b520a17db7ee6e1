namespace LatentDash.Jobs.Tests.Faults;

/// <summary>A throw-away storage root: data/ (the committed fixture datasets), experiments/ (empty or copied from a
/// template), the index at experiments/latentdash.db — the CLI's defaults when run in this folder.</summary>
internal sealed class StorageRoot : IDisposable
{
    public StorageRoot(string? templateExperiments = null)
    {
        Copy(System.IO.Path.Combine(AppContext.BaseDirectory, "fixtures", "data"), System.IO.Path.Combine(Path, "data"));
        if (templateExperiments is not null)
        {
            Copy(templateExperiments, Experiments, skip: f => System.IO.Path.GetFileName(f).StartsWith("latentdash.db", StringComparison.Ordinal));
        }
    }

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "latentdash-faults-" + Guid.NewGuid().ToString("N"));

    public string Experiments => System.IO.Path.Combine(Path, "experiments");

    public string Database => System.IO.Path.Combine(Experiments, "latentdash.db");

    /// <summary>Every folder and file under experiments/&lt;run&gt;/ whose name starts with ".tmp-".</summary>
    public string[] TemporaryModelFolders(string run) =>
        Directory.Exists(System.IO.Path.Combine(Experiments, run))
            ? Directory.GetFileSystemEntries(System.IO.Path.Combine(Experiments, run), ".tmp-*")
            : [];

    /// <summary>The finished model folders of a run (temporary ones excluded).</summary>
    public string[] ModelFolders(string run) =>
        Directory.Exists(System.IO.Path.Combine(Experiments, run))
            ? [.. Directory.GetDirectories(System.IO.Path.Combine(Experiments, run)).Where(d => !System.IO.Path.GetFileName(d).StartsWith('.'))]
            : [];

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }

    private static void Copy(string from, string to, Func<string, bool>? skip = null)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            if (skip?.Invoke(file) == true)
            {
                continue;
            }

            var target = System.IO.Path.Combine(to, System.IO.Path.GetRelativePath(from, file));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
