namespace LatentDash.Models.Tests.Support;

/// <summary>The small real datasets committed under tests/fixtures/data (800 train + 200 validation images each).</summary>
public static class Fixtures
{
    public static string DataRoot { get; } = Path.Combine(AppContext.BaseDirectory, "fixtures", "data");

    /// <summary>Copies the fixture datasets into a fresh data root that a test may change.</summary>
    public static string CopyDataRoot(string destination)
    {
        foreach (var file in Directory.EnumerateFiles(DataRoot, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(destination, Path.GetRelativePath(DataRoot, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return destination;
    }
}
