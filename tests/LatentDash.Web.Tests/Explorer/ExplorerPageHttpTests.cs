using LatentDash.Web.Tests.Support;

namespace LatentDash.Web.Tests.Explorer;

[Collection(nameof(AppUsers))]
public sealed class ExplorerPageHttpTests
{
    [Fact]
    public async Task With_no_experiments_the_page_offers_the_demo_and_reports_bad_parameters()
    {
        await using var factory = new AppFactory();
        using var client = factory.CreateClient();

        var html = await client.GetStringAsync("/?k=zero");

        Assert.Contains("No trained models yet", html, StringComparison.Ordinal);
        Assert.Contains("Train demo models", html, StringComparison.Ordinal);
        Assert.Contains("k &#x27;zero&#x27; must be an integer", html, StringComparison.Ordinal);
    }
}
