using System.Diagnostics;
using LatentDash.Models.Storage;
using LatentDash.Models.Tests.Support;

namespace LatentDash.Models.Tests.Storage;

public class AtomicFilesTests
{
    [Fact]
    public void WriteAllText_replaces_the_file_whole_and_leaves_no_temporary_file()
    {
        using var temp = new TempDirectory();
        var path = Path.Combine(temp.Path, "record.json");
        File.WriteAllText(path, "old");

        AtomicFiles.WriteAllText(path, "{\"new\": true}");

        Assert.Equal("{\"new\": true}", File.ReadAllText(path));
        Assert.Equal(["record.json"], Directory.GetFileSystemEntries(temp.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void A_write_that_fails_midway_leaves_the_old_file_and_no_temporary_file()
    {
        using var temp = new TempDirectory();
        var path = Path.Combine(temp.Path, "record.json");
        File.WriteAllText(path, "old");

        Assert.Throws<InvalidOperationException>(() => AtomicFiles.Write(path, stream =>
        {
            stream.Write("half"u8);
            throw new InvalidOperationException("writer failed");
        }));

        Assert.Equal("old", File.ReadAllText(path));
        Assert.Single(Directory.GetFileSystemEntries(temp.Path));
    }

    [Fact]
    public void A_directory_can_be_fsynced_and_a_missing_one_is_an_io_error()
    {
        using var temp = new TempDirectory();

        AtomicFiles.FlushDirectory(temp.Path);

        var missing = Path.Combine(temp.Path, "missing");
        var error = Assert.Throws<IOException>(() => AtomicFiles.FlushDirectory(missing));
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MoveDirectory_refuses_an_existing_target_and_ReplaceDirectory_swaps_the_folder_whole()
    {
        using var temp = new TempDirectory();
        var target = Path.Combine(temp.Path, "target");
        Directory.CreateDirectory(target);
        File.WriteAllText(Path.Combine(target, "old.txt"), "old");
        var next = AtomicFiles.TempPathFor(target);
        Directory.CreateDirectory(Path.Combine(next, "sub"));
        File.WriteAllText(Path.Combine(next, "sub", "new.txt"), "new");

        Assert.Throws<IOException>(() => AtomicFiles.MoveDirectory(next, target));
        AtomicFiles.ReplaceDirectory(next, target);

        Assert.Equal("new", File.ReadAllText(Path.Combine(target, "sub", "new.txt")));
        Assert.False(File.Exists(Path.Combine(target, "old.txt")));
        Assert.Equal(["target"], Directory.GetFileSystemEntries(temp.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Temporary_names_carry_this_process_and_parse_back()
    {
        var temp = AtomicFiles.TempPathFor("/data/fashion");
        var name = Path.GetFileName(temp);

        Assert.StartsWith(".fashion~", name, StringComparison.Ordinal);
        Assert.EndsWith(".tmp", name, StringComparison.Ordinal);
        Assert.True(WriterStamp.TryParse(name, out var stamp));
        Assert.Equal(WriterStamp.Current, stamp);
        Assert.False(stamp.IsDeadWriterOnThisHost());
        Assert.False(WriterStamp.TryParse(".fashion.0123456789abcdef.tmp", out _));
    }

    [Fact]
    public async Task A_leftover_of_an_ended_writer_is_removed_at_any_age_and_a_live_or_foreign_young_one_stays()
    {
        using var temp = new TempDirectory();
        var deadPid = await EndedProcessId();
        var current = WriterStamp.Current;
        var dead = Path.Combine(temp.Path, $".tmp-model{current with { ProcessId = deadPid }}abc");
        var reused = Path.Combine(temp.Path, $".tmp-model{current with { StartedUnixSeconds = current.StartedUnixSeconds - 3600 }}abc");
        var live = Path.Combine(temp.Path, $".tmp-model{current}abc");
        var foreign = Path.Combine(temp.Path, $".tmp-model{current with { Host = "elsewhere" }}abc");
        var legacyYoung = Path.Combine(temp.Path, ".tmp-model-young");
        var legacyOld = Path.Combine(temp.Path, ".tmp-model-old");
        foreach (var folder in new[] { dead, reused, live, foreign, legacyYoung, legacyOld })
        {
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, "params.json"), "{}");
        }

        Directory.SetLastWriteTimeUtc(legacyOld, DateTime.UtcNow.AddHours(-7));

        var removed = Leftovers.Remove([.. Leftovers.Find(temp.Path, ".tmp-*")], Leftovers.ForeignMinimumAge);

        Assert.Equal(3, removed);
        Assert.Equal(
            new[] { foreign, live, legacyYoung }.Order(StringComparer.Ordinal),
            Directory.GetDirectories(temp.Path).Order(StringComparer.Ordinal));
    }

    private static async Task<int> EndedProcessId()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        await process.WaitForExitAsync();
        return process.Id;
    }
}
