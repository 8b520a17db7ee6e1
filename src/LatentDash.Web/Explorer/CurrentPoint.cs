namespace LatentDash.Web.Explorer;

/// <summary>Where the explorer's current point lies on its chart: moved by the page, followed by the chart that marks it.
/// A slider step moves it without rendering the page again: only the chart, subscribed here, renders (and moves its marker).
/// Used on the circuit's synchronisation context only.</summary>
public sealed class CurrentPoint
{
    private readonly List<Action> followers = [];

    /// <summary>The point's coordinates on the chart's axes; null: no point is marked.</summary>
    public IReadOnlyList<double>? Coordinates { get; private set; }

    /// <summary>Moves the point (a new array for new coordinates: followers compare references); followers hear of it.</summary>
    public void MoveTo(IReadOnlyList<double>? coordinates)
    {
        if (ReferenceEquals(coordinates, Coordinates))
        {
            return;
        }

        Coordinates = coordinates;
        foreach (var follower in followers.ToArray())
        {
            follower();
        }
    }

    /// <summary>Calls <paramref name="moved"/> after each move until the subscription is disposed.</summary>
    public IDisposable Follow(Action moved)
    {
        ArgumentNullException.ThrowIfNull(moved);
        followers.Add(moved);
        return new Subscription(this, moved);
    }

    private sealed class Subscription(CurrentPoint point, Action moved) : IDisposable
    {
        public void Dispose() => point.followers.Remove(moved);
    }
}
