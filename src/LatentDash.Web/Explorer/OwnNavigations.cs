namespace LatentDash.Web.Explorer;

/// <summary>The addresses a page put in the browser's address bar itself whose <c>LocationChanged</c> echo has not come
/// back yet. Blazor Server raises <c>LocationChanged</c> for a page's own <c>NavigateTo</c> only once the browser has
/// answered; under load the page may have moved on meanwhile (a drag paused twice within one round trip), and the late
/// echo of the older address would otherwise be taken for Back and applied, decoding values the user has left.
/// Keys are the views' canonical query strings, so that the browser's escaping of the echoed address does not matter.
/// Used on the circuit's synchronisation context only.</summary>
public sealed class OwnNavigations
{
    // A browser answers every navigation; the bound only keeps a page whose echoes never come from growing.
    private const int MaxPending = 32;

    private readonly List<string> pending = [];

    /// <summary>Records that the page navigated to the view named by <paramref name="key"/>.</summary>
    public void Sent(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        pending.Add(key);
        if (pending.Count > MaxPending)
        {
            pending.RemoveAt(0);
        }
    }

    /// <summary>True when <paramref name="key"/> is the echo of a navigation the page made itself: it is forgotten,
    /// with every earlier one (echoes arrive in order, so theirs have been overtaken).</summary>
    public bool IsEcho(string key)
    {
        var at = pending.IndexOf(key);
        if (at < 0)
        {
            return false;
        }

        pending.RemoveRange(0, at + 1);
        return true;
    }
}
