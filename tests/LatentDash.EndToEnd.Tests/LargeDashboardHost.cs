namespace LatentDash.EndToEnd.Tests;

/// <summary>The dashboard with a 10,000-image Fashion validation set (the fixture's 200 images, 50 noisy copies of
/// each): as many points as the real validation sets give the splom.</summary>
public sealed class LargeDashboardHost() : DashboardHost(validationCopies: 50)
{
    public const int ValidationImages = 10_000;
}

[CollectionDefinition(nameof(LargeDashboardHosts), DisableParallelization = true)]
public sealed class LargeDashboardHosts : ICollectionFixture<LargeDashboardHost>;
