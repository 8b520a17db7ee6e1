namespace LatentDash.Web.Analysis;

/// <summary>The state of a view of one model as it lives in the query string: which model, and whatever the view adds.
/// <see cref="ModelViewPage{TView}"/> runs the lifecycle every such page shares on top of it.</summary>
public interface IModelView<TSelf>
    where TSelf : class, IModelView<TSelf>
{
    string? Dataset { get; }

    string? Run { get; }

    string? Model { get; }

    /// <summary>Parses a query string; a bad value becomes a message in <paramref name="errors"/> and is dropped.</summary>
    static abstract TSelf Parse(string? query, out IReadOnlyList<string> errors);

    /// <summary>The query string without '?': equal strings name the same view.</summary>
    string ToQuery();

    /// <summary>This view on the model the index resolved the address to (values that meant another model dropped).</summary>
    TSelf WithModel(ModelChoice choice);
}
