namespace LatentDash.LoadBench.Protocol;

/// <summary>One render batch as Blazor Server sends it (JS.RenderBatch), decoded: the diffs of the components that
/// rendered, the reference frames their edits point into, the string table and the event handlers it disposes.</summary>
internal sealed record RenderBatch(
    IReadOnlyList<RenderBatch.Diff> Diffs,
    IReadOnlyList<RenderBatch.Frame> Frames,
    IReadOnlyList<string?> Strings,
    IReadOnlyList<ulong> DisposedEventHandlerIds)
{
    /// <summary>RenderTreeFrameType (Microsoft.AspNetCore.Components.RenderTree).</summary>
    public enum FrameType
    {
        Element = 1,
        Text = 2,
        Attribute = 3,
        Component = 4,
        Region = 5,
        ElementReferenceCapture = 6,
        ComponentReferenceCapture = 7,
        Markup = 8,
        ComponentRenderMode = 9,
        NamedEvent = 10,
    }

    /// <summary>RenderTreeEditType.</summary>
    public enum EditType
    {
        PrependFrame = 1,
        RemoveFrame = 2,
        SetAttribute = 3,
        RemoveAttribute = 4,
        UpdateText = 5,
        StepIn = 6,
        StepOut = 7,
        UpdateMarkup = 8,
        PermutationListEntry = 9,
        PermutationListEnd = 10,
    }

    /// <summary>A frame as the writer serialises it: <paramref name="Name"/> is an element's or attribute's name or a
    /// text's or markup's content; <paramref name="Value"/> an attribute's string value ("" for true, null for a
    /// non-string value); <paramref name="SubtreeLength"/> counts an element's, component's or region's frames.</summary>
    public readonly record struct Frame(FrameType Type, int SubtreeLength, string? Name, string? Value, ulong EventHandlerId, int ComponentId);

    public readonly record struct Edit(EditType Type, int SiblingIndex, int ReferenceFrameIndex, string? RemovedAttributeName);

    public sealed record Diff(int ComponentId, IReadOnlyList<Edit> Edits);

    /// <summary>The frames an edit brings in: the whole subtree for a prepended element, component or region, the one
    /// frame for a prepended text or markup, a set attribute or an updated text; none otherwise.</summary>
    public IEnumerable<Frame> FramesOf(Edit edit)
    {
        if (edit.Type is not (EditType.PrependFrame or EditType.SetAttribute or EditType.UpdateText or EditType.UpdateMarkup))
        {
            yield break;
        }

        var first = Frames[edit.ReferenceFrameIndex];
        var count = edit.Type == EditType.PrependFrame && first.Type is FrameType.Element or FrameType.Component or FrameType.Region
            ? Math.Max(1, first.SubtreeLength)
            : 1;
        for (var i = edit.ReferenceFrameIndex; i < edit.ReferenceFrameIndex + count && i < Frames.Count; i++)
        {
            yield return Frames[i];
        }
    }
}
