using System.Diagnostics;
using LatentDash.Models.Experiments;
using LatentDash.Models.Tests.Support;
using LiteDB;
using Microsoft.Extensions.Logging.Abstractions;

namespace LatentDash.Models.Tests.Experiments;

public class IndexDatabaseTests
{
    private static readonly NullLogger Log = NullLogger.Instance;

    [Fact]
    public void The_owner_writes_who_it_is_into_the_lock_file()
    {
        using var temp = new TempDirectory();
        var path = Path.Combine(temp.Path, "index.db");

        var owner = IndexDatabase.Open(path, IndexLockPolicy.WaitThenRefuse, TimeSpan.Zero, Log);
        using var database = owner.Database;

        Assert.False(owner.InMemory);
        Assert.Null(owner.CorruptCopy);
        var holder = IndexDatabase.DescribeHolder(path + ".owner");
        Assert.StartsWith($"pid {Environment.ProcessId} (", holder, StringComparison.Ordinal);
        Assert.Contains($"on host {Environment.MachineName}", holder, StringComparison.Ordinal);
    }

    [Fact]
    public void A_command_that_finds_the_file_owned_gets_a_private_in_memory_index_and_the_file_stays_with_the_owner()
    {
        using var temp = new TempDirectory();
        var path = Path.Combine(temp.Path, "index.db");

        var first = IndexDatabase.Open(path, IndexLockPolicy.WaitThenRefuse, TimeSpan.Zero, Log);
        var second = IndexDatabase.Open(path, IndexLockPolicy.FallBackToMemory, TimeSpan.FromSeconds(30), Log);
        using (second.Database)
        {
            Assert.True(second.InMemory);
            Assert.Contains($"pid {Environment.ProcessId}", second.Holder, StringComparison.Ordinal);
            second.Database.GetCollection("x").Insert(new BsonDocument { ["a"] = 1 });
        }

        Assert.DoesNotContain("x", first.Database.GetCollectionNames());
        first.Database.Dispose();
        var third = IndexDatabase.Open(path, IndexLockPolicy.WaitThenRefuse, TimeSpan.Zero, Log);
        using var database = third.Database;
        Assert.False(third.InMemory);
    }

    [Fact]
    public void A_host_that_must_own_the_file_waits_for_the_holder_then_refuses_naming_it()
    {
        using var temp = new TempDirectory();
        var path = Path.Combine(temp.Path, "index.db");
        var first = IndexDatabase.Open(path, IndexLockPolicy.WaitThenRefuse, TimeSpan.Zero, Log);
        using var held = first.Database;
        var clock = Stopwatch.StartNew();

        var refused = Assert.Throws<IndexLockedException>(
            () => IndexDatabase.Open(path, IndexLockPolicy.WaitThenRefuse, TimeSpan.FromSeconds(1), Log));

        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(20));
        Assert.Contains($"in use by pid {Environment.ProcessId}", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Storage:DatabasePath", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_waiting_host_takes_the_file_as_soon_as_the_holder_releases_it()
    {
        using var temp = new TempDirectory();
        var path = Path.Combine(temp.Path, "index.db");
        var first = IndexDatabase.Open(path, IndexLockPolicy.WaitThenRefuse, TimeSpan.Zero, Log);
        first.Database.GetCollection("kept").Insert(new BsonDocument { ["a"] = 1 });
        var release = Task.Delay(700).ContinueWith(_ => first.Database.Dispose(), TaskScheduler.Default);

        var second = IndexDatabase.Open(path, IndexLockPolicy.WaitThenRefuse, TimeSpan.FromSeconds(30), Log);
        await release;

        using var database = second.Database;
        Assert.False(second.InMemory);
        Assert.Equal(1, database.GetCollection("kept").Count());
    }

    [Fact]
    public void A_file_of_garbage_is_moved_aside_and_an_empty_working_database_takes_its_place()
    {
        using var temp = new TempDirectory();
        var path = Path.Combine(temp.Path, "index.db");
        var garbage = new byte[64 * 1024];
        new Random(7).NextBytes(garbage);
        File.WriteAllBytes(path, garbage);

        var opened = IndexDatabase.Open(path, IndexLockPolicy.WaitThenRefuse, TimeSpan.Zero, Log);
        using var database = opened.Database;

        Assert.NotNull(opened.CorruptCopy);
        Assert.StartsWith(path + ".corrupt-", opened.CorruptCopy, StringComparison.Ordinal);
        Assert.Equal(garbage, File.ReadAllBytes(opened.CorruptCopy));
        Assert.Empty(database.GetCollectionNames());
        database.GetCollection("fresh").Insert(new BsonDocument { ["a"] = 1 });
        Assert.Equal(1, database.GetCollection("fresh").Count());
    }

    [Fact]
    public void A_truncated_file_is_moved_aside_and_an_empty_working_database_takes_its_place()
    {
        using var temp = new TempDirectory();
        var path = Path.Combine(temp.Path, "index.db");
        var first = IndexDatabase.Open(path, IndexLockPolicy.WaitThenRefuse, TimeSpan.Zero, Log);
        var collection = first.Database.GetCollection("runs");
        for (var i = 0; i < 2000; i++)
        {
            collection.Insert(new BsonDocument { ["i"] = i, ["text"] = new string('x', 200) });
        }

        first.Database.Dispose();
        var length = new FileInfo(path).Length;
        using (var file = new FileStream(path, FileMode.Open))
        {
            file.SetLength(length / 3);
        }

        var opened = IndexDatabase.Open(path, IndexLockPolicy.WaitThenRefuse, TimeSpan.Zero, Log);
        using var database = opened.Database;

        Assert.NotNull(opened.CorruptCopy);
        Assert.InRange(new FileInfo(opened.CorruptCopy).Length, 1, length / 3); // LiteDB may trim it to whole pages
        Assert.Empty(database.GetCollectionNames());
        database.GetCollection("runs").Insert(new BsonDocument { ["i"] = 1 });
        Assert.Equal(1, database.GetCollection("runs").Count());
    }
}
