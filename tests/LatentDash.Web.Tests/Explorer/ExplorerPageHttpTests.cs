using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace LatentDash.Web.Tests.Explorer;

public sealed class ExplorerPageHttpTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "latentdash-web-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task With_no_experiments_the_page_says_how_to_make_some()
    {
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Storage:DataRoot", Path.Combine(AppContext.BaseDirectory, "fixtures", "data"));
            builder.UseSetting("Storage:ExperimentsRoot", Path.Combine(root, "experiments"));
            builder.UseSetting("Storage:DatabasePath", Path.Combine(root, "index.db"));
        });
        using var client = factory.CreateClient();

        var html = await client.GetStringAsync("/?k=zero");

        Assert.Contains("No trained models yet", html, StringComparison.Ordinal);
        Assert.Contains("sweep --run demo", html, StringComparison.Ordinal);
        Assert.Contains("k &#x27;zero&#x27; must be an integer", html, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
