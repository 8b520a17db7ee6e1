using Bunit;
using LatentDash.Web.Analysis.Exports;
using MudBlazor.Services;

namespace LatentDash.Web.Tests.Analysis;

/// <summary>The explorer panel's download links point at the export API and are plain downloads.</summary>
public sealed class ExportLinksTests : IAsyncLifetime, IAsyncDisposable
{
    private readonly BunitContext context = new();

    public ExportLinksTests()
    {
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddMudServices();
    }

    [Fact]
    public void Each_link_downloads_its_export_of_the_model()
    {
        var cut = context.Render<ExportLinks>(p => p.Add(c => c.Run, "sweep-1").Add(c => c.Model, "bcvae-b4.d2_x"));

        var latents = cut.Find("[data-testid=export-latents]");
        var weights = cut.Find("[data-testid=export-weights]");
        Assert.Equal("/api/models/sweep-1/bcvae-b4.d2_x/latents.csv", latents.GetAttribute("href"));
        Assert.Equal("/api/models/sweep-1/bcvae-b4.d2_x/weights.safetensors", weights.GetAttribute("href"));
        // The download attribute keeps Blazor's router from treating the API address as a page.
        Assert.Equal("sweep-1-bcvae-b4.d2_x-latents.csv", latents.GetAttribute("download"));
        Assert.Equal("sweep-1-bcvae-b4.d2_x.safetensors", weights.GetAttribute("download"));
    }

    // xunit 2 disposes a test class through IAsyncLifetime (or IDisposable), never through IAsyncDisposable alone.
    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    public ValueTask DisposeAsync() => context.DisposeAsync();
}
