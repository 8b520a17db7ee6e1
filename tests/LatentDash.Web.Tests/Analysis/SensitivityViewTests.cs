using LatentDash.Models.Analysis;
using LatentDash.Web.Analysis.Sensitivity;

namespace LatentDash.Web.Tests.Analysis;

public sealed class SensitivityViewTests
{
    [Fact]
    public void A_full_view_round_trips_through_the_query_string()
    {
        var view = new SensitivityView
        {
            Dataset = "fashion", Run = "demo", Model = "bcvae-fashion-b4-d10-x", Sample = 12,
            Samples = 256, Distribution = SobolDistribution.Posterior, Seed = 42, Condition = 3,
        };

        var parsed = SensitivityView.Parse("?" + view.ToQuery(), out var errors);

        Assert.Empty(errors);
        Assert.Equal(view, parsed);
        Assert.Equal("dataset=fashion&run=demo&model=bcvae-fashion-b4-d10-x&sample=12&n=256&dist=posterior&seed=42&cond=3", view.ToQuery());
    }

    [Fact]
    public void The_computation_is_always_named_in_the_address_and_defaults_to_the_prior_with_n_1024()
    {
        var view = SensitivityView.Parse("?run=r&model=m", out var errors);

        Assert.Empty(errors);
        Assert.Equal("run=r&model=m&n=1024&dist=prior&seed=0", view.ToQuery());
        Assert.Equal("sobol-prior-n1024-s0", view.Settings.CacheName(conditionedDecoder: false));
    }

    [Theory]
    [InlineData("n=8", "n '8' must be an integer in 16..16384")]
    [InlineData("n=20000", "n '20000' must be an integer in 16..16384")]
    [InlineData("n=lots", "n 'lots' must be an integer")]
    [InlineData("dist=uniform", "dist 'uniform' must be one of prior, posterior")]
    [InlineData("seed=-1", "seed '-1' must be an integer in 0..1000000")]
    [InlineData("cond=256", "cond '256' must be an integer in 0..255")]
    [InlineData("model=..%2Fx", "model '../x' is not allowed")]
    [InlineData("zoom=2", "'zoom' is not a parameter of the sensitivity view")]
    public void A_bad_value_is_reported_and_ignored(string query, string message)
    {
        var view = SensitivityView.Parse("?" + query + "&run=r", out var errors);

        var error = Assert.Single(errors);
        Assert.StartsWith(message, error, StringComparison.Ordinal);
        Assert.Equal(new SensitivityView { Run = "r" }, view);
    }
}
