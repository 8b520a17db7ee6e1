using LatentDash.Models.Data;
using LatentDash.Models.Experiments;
using LatentDash.Models.Latent;
using LatentDash.Web.Explorer;
using Microsoft.Extensions.Logging.Abstractions;

namespace LatentDash.Web.Tests.Explorer;

public sealed class ExplorerSessionTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "latentdash-session-" + Guid.NewGuid().ToString("N"));
    private readonly ExplorableModelCache cache;

    public ExplorerSessionTests()
    {
        ExplorerModels.Write(root);
        cache = new ExplorableModelCache(new ExperimentStore(root), new DatasetCatalog(ExplorerModels.DataRoot), capacity: 1, maxConcurrentLoads: 2, NullLogger<ExplorableModelCache>.Instance);
    }

    [Fact]
    public async Task Choosing_two_models_quickly_keeps_only_the_latest_lease()
    {
        using var session = new ExplorerSession(cache);

        var first = session.OpenAsync(ExplorerModels.Run, ExplorerModels.Conditioned);
        var second = session.OpenAsync(ExplorerModels.Run, ExplorerModels.Branched);

        Assert.False(await first);
        Assert.True(await second);
        Assert.Equal(3, session.Model!.Config.LatentDim);
        Assert.True(await Settled(leases: 1));
    }

    [Fact]
    public async Task Choosing_one_model_twice_quickly_holds_one_lease()
    {
        using var session = new ExplorerSession(cache);

        var first = session.OpenAsync(ExplorerModels.Run, ExplorerModels.Branched);
        var second = session.OpenAsync(ExplorerModels.Run, ExplorerModels.Branched);

        Assert.False(await first);
        Assert.True(await second);
        Assert.True(await Settled(leases: 1));
    }

    [Fact]
    public async Task A_circuit_closing_mid_load_releases_the_lease_that_arrives_later()
    {
        var session = new ExplorerSession(cache);

        var opening = session.OpenAsync(ExplorerModels.Run, ExplorerModels.Branched);
        session.Dispose();

        Assert.False(await opening);
        Assert.Null(session.Model);
        Assert.True(await Settled(leases: 0), cache.Statistics.ToString());
        Assert.False(await session.OpenAsync(ExplorerModels.Run, ExplorerModels.Branched));
        Assert.Equal(0, cache.Statistics.Leases);
    }

    [Fact]
    public async Task Closing_the_page_mid_load_releases_the_lease_too()
    {
        using var session = new ExplorerSession(cache);

        var opening = session.OpenAsync(ExplorerModels.Run, ExplorerModels.Conditioned);
        session.Close();

        Assert.False(await opening);
        Assert.True(await Settled(leases: 0), cache.Statistics.ToString());
    }

    [Fact]
    public async Task A_page_leaving_closes_only_what_it_opened()
    {
        using var session = new ExplorerSession(cache);
        var leaving = session.OpenAsync(ExplorerModels.Run, ExplorerModels.Conditioned);
        var leavingGeneration = session.Generation;
        await leaving;

        // The page replacing it opens first, then the leaving page is disposed.
        Assert.True(await session.OpenAsync(ExplorerModels.Run, ExplorerModels.Branched));
        session.CloseIfStill(leavingGeneration);

        Assert.Equal(3, session.Model!.Config.LatentDim);
        Assert.Equal(1, cache.Statistics.Leases);
        session.CloseIfStill(session.Generation);
        Assert.Null(session.Model);
        Assert.Equal(0, cache.Statistics.Leases);
    }

    [Fact]
    public async Task Moving_between_models_releases_the_previous_one()
    {
        using var session = new ExplorerSession(cache);

        Assert.True(await session.OpenAsync(ExplorerModels.Run, ExplorerModels.Conditioned));
        var previous = session.Model!;
        Assert.True(await session.OpenAsync(ExplorerModels.Run, ExplorerModels.Branched));

        Assert.Equal(1, cache.Statistics.Leases);
        // Capacity 1: released and evicted, the previous model is gone, not kept alive by this session.
        Assert.True(previous.IsDisposed);
        Assert.Equal(1, cache.Statistics.Alive);
    }

    [Fact]
    public async Task A_model_that_cannot_be_opened_gives_a_message_and_holds_nothing()
    {
        using var session = new ExplorerSession(cache);

        Assert.False(await session.OpenAsync(ExplorerModels.Run, "missing"));

        Assert.Contains("e/missing could not be opened", session.Error, StringComparison.Ordinal);
        Assert.False(session.IsLoading);
        Assert.Equal(0, cache.Statistics.Leases);
    }

    [Fact]
    public async Task Selecting_a_sample_decodes_it_within_its_slider_ranges_and_a_move_changes_the_image()
    {
        using var session = new ExplorerSession(cache);
        await session.OpenAsync(ExplorerModels.Run, ExplorerModels.Branched);
        session.Project(ProjectionKind.Pca, 3);

        session.Select(7, null);

        Assert.Equal(7, session.Sample);
        Assert.Equal(session.Projected!.CoordinatesOf(7), session.Sliders);
        Assert.Equal(3, session.Z.Length);
        Assert.NotNull(session.InputPng);
        Assert.NotNull(session.ReconstructionPng);
        Assert.Equal(10, session.Probabilities!.Length);
        for (var c = 0; c < 3; c++)
        {
            Assert.InRange(session.Sliders![c], session.Minimums[c], session.Maximums[c]);
        }

        var before = session.DecodedPng;
        session.Move(0, session.Maximums[0]);
        session.Decode();
        Assert.NotEqual(before, session.DecodedPng);
    }

    [Fact]
    public async Task New_axes_drop_the_selection_and_free_values_decode_without_a_sample()
    {
        using var session = new ExplorerSession(cache);
        await session.OpenAsync(ExplorerModels.Run, ExplorerModels.Branched);
        session.Project(ProjectionKind.Pca, 2);
        session.Select(3, null);

        session.Project(ProjectionKind.Raw, 3);
        Assert.Null(session.Sliders);
        Assert.Null(session.DecodedPng);

        session.Select(null, [0.5, -0.5, 0.0]);
        Assert.Null(session.InputPng);
        Assert.Equal([0.5, -0.5, 0.0], session.Z);
        Assert.NotNull(session.DecodedPng);
        Assert.Throws<ArgumentException>(() => session.Select(null, [0.5]));
    }

    [Fact]
    public async Task Under_an_embedding_the_splom_shows_it_while_the_sliders_stay_on_pca_axes()
    {
        using var session = new ExplorerSession(cache);
        await session.OpenAsync(ExplorerModels.Run, ExplorerModels.Branched);
        session.Project(ProjectionKind.Pca, 3);
        var space = session.Model!.Space;
        var embedded = Math.Min(space.Count, 40);
        var coordinates = Enumerable.Range(0, embedded * 2).Select(i => (float)i).ToArray();

        session.ShowEmbedding(ProjectionKind.Tsne, coordinates);
        session.Select(7, null);

        Assert.Same(session.Embedded, session.Shown);
        Assert.Equal(("t-SNE 1", embedded), (session.Shown!.Projection.AxisTitle(0), session.Shown.Count));
        Assert.Equal([14.0, 15.0], session.Marker()!);
        Assert.Equal(session.Projected!.CoordinatesOf(7), session.Sliders);
        Assert.Equal(["PC1", "PC2", "PC3"], session.Titles);
        Assert.NotNull(session.DecodedPng);

        session.Select(null, [0.1, 0.2, 0.3]);
        Assert.Null(session.Marker());

        session.ShowEmbedding(ProjectionKind.Tsne, null);
        session.Select(7, null);
        Assert.Same(session.Projected, session.Shown);
        Assert.Equal(session.Sliders, session.Marker());
    }

    [Fact]
    public async Task A_conditioned_decoder_decodes_the_chosen_class_and_refuses_one_it_does_not_know()
    {
        using var session = new ExplorerSession(cache);
        await session.OpenAsync(ExplorerModels.Run, ExplorerModels.Conditioned);
        session.Project(ProjectionKind.Pca, 2);
        session.Select(null, [0.0, 0.0]);
        var asFirstClass = session.DecodedPng;

        session.SetCondition(9);

        Assert.NotEqual(asFirstClass, session.DecodedPng);
        Assert.Throws<ArgumentOutOfRangeException>(() => session.SetCondition(10));
        Assert.Equal(9, session.Condition);
    }

    public void Dispose()
    {
        cache.Dispose();
        Directory.Delete(root, recursive: true);
    }

    /// <summary>Waits until the cache holds exactly this many leases and no load runs (a released load may still end).</summary>
    private async Task<bool> Settled(int leases)
    {
        for (var i = 0; i < 500 && cache.Statistics is var s && (s.Leases != leases || s.LoadsRunning != 0); i++)
        {
            await Task.Delay(10);
        }

        return cache.Statistics.Leases == leases && cache.Statistics.LoadsRunning == 0;
    }
}
