using LatentDash.Web.Explorer;

namespace LatentDash.Web.Tests.Explorer;

public sealed class OwnNavigationsTests
{
    [Fact]
    public void The_late_echo_of_an_older_own_address_is_recognised_and_not_taken_for_back()
    {
        // A drag paused twice within one round trip: the page wrote v1, then v2, and the echo of v1 arrives last-but-one.
        var own = new OwnNavigations();
        own.Sent("model=m&z=0.1");
        own.Sent("model=m&z=0.7");

        Assert.True(own.IsEcho("model=m&z=0.1"));
        Assert.True(own.IsEcho("model=m&z=0.7"));
        // Both answered: the same address coming again is the user's (Back to it), not an echo.
        Assert.False(own.IsEcho("model=m&z=0.1"));
    }

    [Fact]
    public void An_address_the_page_never_wrote_is_not_an_echo_and_forgets_nothing()
    {
        var own = new OwnNavigations();
        own.Sent("model=m&z=0.7");

        Assert.False(own.IsEcho("model=m&z=0.3"));
        Assert.True(own.IsEcho("model=m&z=0.7"));
    }

    [Fact]
    public void An_echo_forgets_the_earlier_addresses_whose_echoes_it_overtook()
    {
        var own = new OwnNavigations();
        own.Sent("a");
        own.Sent("b");
        own.Sent("c");

        Assert.True(own.IsEcho("b"));
        Assert.False(own.IsEcho("a"));
        Assert.True(own.IsEcho("c"));
    }

    [Fact]
    public void Echoes_that_never_come_do_not_make_the_list_grow_without_bound()
    {
        var own = new OwnNavigations();
        for (var i = 0; i < 100; i++)
        {
            own.Sent($"z={i}");
        }

        Assert.False(own.IsEcho("z=0"));
        Assert.True(own.IsEcho("z=99"));
    }
}
