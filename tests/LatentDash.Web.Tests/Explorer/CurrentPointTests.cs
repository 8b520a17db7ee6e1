using LatentDash.Web.Explorer;

namespace LatentDash.Web.Tests.Explorer;

public sealed class CurrentPointTests
{
    [Fact]
    public void A_move_to_new_coordinates_reaches_every_follower_until_it_stops_following()
    {
        var point = new CurrentPoint();
        var (first, second) = (0, 0);
        var following = point.Follow(() => first++);
        using var other = point.Follow(() => second++);

        point.MoveTo([1.0, 2.0]);
        following.Dispose();
        point.MoveTo([3.0, 4.0]);

        Assert.Equal((1, 2), (first, second));
        Assert.Equal([3.0, 4.0], point.Coordinates);
    }

    [Fact]
    public void Moving_to_the_same_coordinates_again_is_no_move()
    {
        var point = new CurrentPoint();
        IReadOnlyList<double> at = [1.0, 2.0];
        var moves = 0;
        using var following = point.Follow(() => moves++);

        point.MoveTo(at);
        point.MoveTo(at);
        point.MoveTo(null);
        point.MoveTo(null);

        Assert.Equal(2, moves);
        Assert.Null(point.Coordinates);
    }
}
