using Bunit;
using LatentDash.Models.Experiments;
using LatentDash.Web.Explorer.Components;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace LatentDash.Web.Tests.Explorer;

public sealed class ComponentTests : IAsyncDisposable
{
    private readonly BunitContext context = new();

    public ComponentTests()
    {
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddMudServices();
    }

    [Fact]
    public async Task Moving_a_slider_reports_its_component_and_value()
    {
        (int Component, double Value)? moved = null;
        var cut = context.Render<ComponentSliders>(p => p
            .Add(c => c.Titles, ["PC1", "PC2", "PC3"])
            .Add(c => c.Values, [0.0, 1.0, -1.0])
            .Add(c => c.Minimums, [-2.0, -2.0, -2.0])
            .Add(c => c.Maximums, [2.0, 2.0, 2.0])
            .Add(c => c.SliderMoved, EventCallback.Factory.Create<(int, double)>(this, m => moved = m)));

        var sliders = cut.FindComponents<MudSlider<double>>();
        Assert.Equal(3, sliders.Count);
        await cut.InvokeAsync(() => sliders[1].Instance.ValueChanged.InvokeAsync(1.5));

        Assert.Equal((1, 1.5), moved);
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

    public ValueTask DisposeAsync() => context.DisposeAsync();
}
