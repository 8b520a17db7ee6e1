using System.Diagnostics;
using LatentDash.Models.Data;
using LatentDash.Models.Storage;
using LatentDash.Models.Tests.Support;

namespace LatentDash.Models.Tests.Data;

public class DatasetLeftoverTests
{
    [Fact]
    public async Task A_leftover_dataset_folder_holding_a_manifest_is_never_listed_and_is_removed_once_its_writer_ended()
    {
        using var temp = new TempDirectory();
        var mnist = Path.Combine(temp.Path, "mnist");
        CopyDirectory(Path.Combine(Fixtures.DataRoot, "mnist"), mnist);
        using var ended = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        await ended.WaitForExitAsync();
        var deadWriter = WriterStamp.Current with { ProcessId = ended.Id };
        var crashed = Path.Combine(temp.Path, $".fashion{deadWriter}0123.tmp");
        var replaced = Path.Combine(temp.Path, $".mnist{deadWriter}4567.old");
        var legacy = Path.Combine(temp.Path, ".fashion.0123456789abcdef0123456789abcdef.tmp");
        var inProgress = AtomicFiles.TempPathFor(Path.Combine(temp.Path, "fashion"));
        foreach (var folder in new[] { crashed, replaced, legacy, inProgress })
        {
            CopyDirectory(mnist, folder);
        }

        var catalog = new DatasetCatalog(temp.Path);

        Assert.Equal(["mnist"], catalog.Names());
        Assert.False(catalog.Exists(Path.GetFileName(legacy)));
        Assert.Equal(2, catalog.RemoveLeftovers(Leftovers.ForeignMinimumAge));
        Assert.Equal(
            new[] { legacy, inProgress, mnist }.Order(StringComparer.Ordinal),
            Directory.GetDirectories(temp.Path).Order(StringComparer.Ordinal));
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }
}
