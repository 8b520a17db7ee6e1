using Bunit;
using LatentDash.Models.Experiments;
using LatentDash.Web.Explorer.Components;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace LatentDash.Web.Tests.Explorer;

public sealed class ComponentTests : IAsyncLifetime, IAsyncDisposable
{
    private readonly BunitContext context = new();

    public ComponentTests()
    {
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddMudServices();
    }

    [Fact]
    public void Moving_a_slider_reports_its_component_and_value()
    {
        (int Component, double Value)? moved = null;
        var cut = RenderSliders([0.0, 1.0, -1.0], EventCallback.Factory.Create<(int, double)>(this, m => moved = m));

        Assert.Equal(3, cut.FindComponents<LatentSlider>().Count);
        cut.Find("[data-testid=slider-1]").Input("1.5");

        Assert.Equal((1, 1.5), moved);
    }

    [Fact]
    public void A_slider_keeps_its_input_handler_when_the_values_render_again()
    {
        // A step dispatched to the handler id the page showed must still find it after the next render.
        var cut = RenderSliders([0.0, 1.0, -1.0], EventCallback.Factory.Create<(int, double)>(this, _ => { }));
        var handler = cut.Find("[data-testid=slider-0]").GetAttribute("blazor:oninput");

        cut.Render(p => p.Add(c => c.Values, [0.5, 1.0, -1.0]));
        cut.Render(p => p.Add(c => c.Values, [0.75, 1.0, -1.0]));

        Assert.False(string.IsNullOrEmpty(handler));
        Assert.Equal(handler, cut.Find("[data-testid=slider-0]").GetAttribute("blazor:oninput"));
        Assert.Equal("0.75", cut.Find("[data-testid=slider-0]").GetAttribute("value"));
    }

    [Fact]
    public void A_moved_slider_does_not_render_itself_again()
    {
        var cut = RenderSliders([0.0, 1.0, -1.0], EventCallback.Factory.Create<(int, double)>(this, _ => { }));
        var slider = cut.FindComponents<LatentSlider>()[2];
        var renders = slider.RenderCount;

        cut.Find("[data-testid=slider-2]").Input("0.25");

        Assert.Equal(renders, slider.RenderCount);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("NaN")]
    public void A_slider_ignores_an_input_that_is_not_a_number(string value)
    {
        var moves = 0;
        var cut = RenderSliders([0.0], EventCallback.Factory.Create<(int, double)>(this, _ => moves++));

        cut.Find("[data-testid=slider-0]").Input(value);

        Assert.Equal(0, moves);
    }

    [Fact]
    public async Task Choosing_a_dataset_narrows_run_and_model_to_the_first_of_it()
    {
        (string? Dataset, string? Run, string? Model)? selected = null;
        ExperimentEntry[] entries =
        [
            new() { Dataset = "fashion", Run = "b", Model = "m2" },
            new() { Dataset = "mnist", Run = "z", Model = "m9" },
            new() { Dataset = "mnist", Run = "a", Model = "m5" },
            new() { Dataset = "mnist", Run = "a", Model = "m3" },
        ];
        var cut = context.Render<ModelPicker>(p => p
            .Add(c => c.Entries, entries)
            .Add(c => c.Dataset, "fashion").Add(c => c.Run, "b").Add(c => c.Model, "m2")
            .Add(c => c.SelectionChanged, EventCallback.Factory.Create<(string?, string?, string?)>(this, s => selected = s)));

        var datasetSelect = cut.FindComponents<MudSelect<string>>()[0];
        await cut.InvokeAsync(() => datasetSelect.Instance.ValueChanged.InvokeAsync("mnist"));

        Assert.Equal(("mnist", "a", "m3"), selected);
    }

    [Theory]
    [InlineData("official", "")]
    [InlineData("seeded", " · npm pool, seeded split")]
    [InlineData("", " · split not recorded")]
    public void A_model_not_trained_on_the_official_split_says_so_in_the_picker(string split, string note)
    {
        Assert.Equal(note, ModelPicker.NoteFor(new ExperimentEntry { Dataset = "fashion", Run = "r", Model = "m", DatasetSplit = split }));
    }

    [Fact]
    public void The_most_probable_class_is_highlighted()
    {
        var cut = context.Render<ClassProbabilities>(p => p
            .Add(c => c.Probabilities, [0.1f, 0.7f, 0.2f])
            .Add(c => c.ClassNames, ["cat", "dog", "bird"]));

        var highlighted = cut.FindAll(".mud-text-primary");
        Assert.Equal("dog", Assert.Single(highlighted).TextContent.Trim());
        Assert.Contains("70", cut.Markup, StringComparison.Ordinal);
    }

    // xunit 2 disposes a test class through IAsyncLifetime (or IDisposable), never through IAsyncDisposable alone.
    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    public ValueTask DisposeAsync() => context.DisposeAsync();

    private IRenderedComponent<ComponentSliders> RenderSliders(double[] values, EventCallback<(int, double)> moved) =>
        context.Render<ComponentSliders>(p => p
            .Add(c => c.Titles, [.. values.Select((_, i) => $"PC{i + 1}")])
            .Add(c => c.Values, values)
            .Add(c => c.Minimums, [.. values.Select(_ => -2.0)])
            .Add(c => c.Maximums, [.. values.Select(_ => 2.0)])
            .Add(c => c.SliderMoved, moved));
}
