using System.Net;
using LatentDash.Web.Tests.Explorer;
using LatentDash.Web.Tests.Support;

namespace LatentDash.Web.Tests.Analysis;

/// <summary>The analysis pages as the server first renders them, from an address alone.</summary>
[Collection(nameof(AppUsers))]
public sealed class AnalysisPageHttpTests
{
    [Fact]
    public async Task The_comparison_lists_the_runs_models_in_the_addresss_order_with_links_to_every_view()
    {
        await using var factory = new AppFactory();
        ExplorerModels.Write(factory.Experiments);
        using var client = factory.CreateClient();

        var ascending = await client.GetStringAsync($"/compare?run={ExplorerModels.Run}&sort=latent_dim");
        var descending = await client.GetStringAsync($"/compare?run={ExplorerModels.Run}&sort=-latent_dim&metric=val_kl&filter=beta%3D4");

        // The conditioned CVAE has latent dim 2, the branched VAE 3.
        Assert.Equal([ExplorerModels.Conditioned, ExplorerModels.Branched], ModelCells(ascending));
        Assert.Equal([ExplorerModels.Branched, ExplorerModels.Conditioned], ModelCells(descending));
        Assert.Contains("2 model(s)", descending, StringComparison.Ordinal);
        Assert.Contains("latent dim ▼", WebUtility.HtmlDecode(descending), StringComparison.Ordinal);
        Assert.Contains("val KL over β × latent dim", descending, StringComparison.Ordinal);
        Assert.Contains($"href=\"/traversal?dataset=fashion&amp;run=e&amp;model={ExplorerModels.Branched}\"", ascending, StringComparison.Ordinal);
        Assert.Contains($"href=\"/curves?dataset=fashion&amp;run=e&amp;model={ExplorerModels.Branched}\"", ascending, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_filter_that_matches_nothing_empties_the_table_and_bad_values_are_messages()
    {
        await using var factory = new AppFactory();
        ExplorerModels.Write(factory.Experiments);
        using var client = factory.CreateClient();

        var response = await client.GetAsync("/compare?run=e&filter=beta%3D8&sort=nope&metric=seed");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("0 model(s)", html, StringComparison.Ordinal);
        Assert.Contains("sort &#x27;nope&#x27; is not a column", html, StringComparison.Ordinal);
        Assert.Contains("metric &#x27;seed&#x27; is not a metric", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_curves_page_draws_every_quantity_of_a_branched_model_and_reports_unknown_models()
    {
        await using var factory = new AppFactory();
        ExplorerModels.Write(factory.Experiments);
        using var client = factory.CreateClient();

        var branched = await client.GetStringAsync($"/curves?run=e&model={ExplorerModels.Branched},gone");
        var conditioned = await client.GetStringAsync($"/curves?run=e&model={ExplorerModels.Conditioned}");

        foreach (var chart in new[] { "curve-loss", "curve-reconstruction", "curve-kl", "curve-class_loss", "curve-accuracy", "curve-learning_rate" })
        {
            Assert.Contains($"id=\"{chart}\"", branched, StringComparison.Ordinal);
        }

        Assert.Contains("model &#x27;gone&#x27; is not in run &#x27;e&#x27;", branched, StringComparison.Ordinal);
        Assert.Contains("id=\"curve-kl\"", conditioned, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"curve-accuracy\"", conditioned, StringComparison.Ordinal);
    }

    /// <summary>The model column's cells, top to bottom.</summary>
    private static string[] ModelCells(string html) =>
        [.. System.Text.RegularExpressions.Regex.Matches(html, "data-testid=\"cell-model\"[^>]*>([^<]*)</td>").Select(m => m.Groups[1].Value)];
}
