using Bunit;
using LatentDash.Models.Experiments;
using LatentDash.Web.Analysis;
using MudBlazor.Services;

namespace LatentDash.Web.Tests.Analysis;

/// <summary>The top every view of one model shares: messages, empty state, picker, model error, loading.</summary>
public sealed class ModelViewHeaderTests : IAsyncLifetime, IAsyncDisposable
{
    private static readonly ExperimentEntry[] Entries = [new() { Dataset = "mnist", Run = "r", Model = "m" }];

    private readonly BunitContext context = new();

    public ModelViewHeaderTests()
    {
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddMudServices();
    }

    [Fact]
    public void A_healthy_model_shows_the_picker_and_no_error_or_loading()
    {
        var cut = context.Render<ModelViewHeader>(p => p
            .Add(c => c.Errors, [])
            .Add(c => c.Entries, Entries)
            .Add(c => c.Dataset, "mnist").Add(c => c.Run, "r").Add(c => c.Model, "m"));

        Assert.Empty(cut.FindAll("[data-testid=model-error]"));
        Assert.Empty(cut.FindAll("[data-testid=model-loading]"));
        Assert.Empty(cut.FindAll("[data-testid=url-error]"));
        Assert.Empty(cut.FindAll("[data-testid=empty-state]"));
        Assert.NotEmpty(cut.FindAll("[data-testid=model-select]"));
    }

    [Fact]
    public void Messages_the_model_error_and_loading_are_shown_as_given()
    {
        var cut = context.Render<ModelViewHeader>(p => p
            .Add(c => c.Errors, ["n '8' must be an integer in 16..16384", "unknown parameter"])
            .Add(c => c.Entries, Entries)
            .Add(c => c.ModelError, "Model r/m could not be opened: truncated weights")
            .Add(c => c.Loading, true));

        Assert.Equal(2, cut.FindAll("[data-testid=url-error]").Count);
        Assert.Contains("truncated weights", cut.Find("[data-testid=model-error]").TextContent, StringComparison.Ordinal);
        Assert.NotNull(cut.Find("[data-testid=model-loading]"));
    }

    [Fact]
    public void Without_models_only_the_empty_state_is_shown()
    {
        var cut = context.Render<ModelViewHeader>(p => p.Add(c => c.Errors, []).Add(c => c.Entries, []));

        Assert.NotNull(cut.Find("[data-testid=empty-state]"));
        Assert.Empty(cut.FindAll("[data-testid=model-select]"));
    }

    // xunit 2 disposes a test class through IAsyncLifetime (or IDisposable), never through IAsyncDisposable alone.
    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    public ValueTask DisposeAsync() => context.DisposeAsync();
}
