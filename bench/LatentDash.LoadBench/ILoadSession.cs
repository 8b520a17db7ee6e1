namespace LatentDash.LoadBench;

/// <summary>One explorer session under load, whatever drives it (a browser page or the Blazor protocol): opened on a
/// model + sample URL, its first slider stepped at a fixed rate, its figures collected, then closed.</summary>
internal interface ILoadSession
{
    /// <summary>Why the session could not be opened or driven, if it could not.</summary>
    string? Failure { get; }

    TimeSpan OpenTime { get; }

    /// <summary>Slider steps sent.</summary>
    int Sent { get; }

    /// <summary>Errors seen as they happened (console and page errors of a page; JS.Error messages, failed dispatches
    /// and a lost connection of a protocol session).</summary>
    IReadOnlyList<string> Errors { get; }

    /// <summary>The server ended the session's circuit.</summary>
    bool CircuitLost { get; }

    Task OpenAsync(TimeSpan timeout);

    Task DriveAsync(TimeSpan period, TimeSpan delay, TimeSpan duration, TimeSpan warmup);

    Task<SessionFigures?> CollectAsync(TimeSpan wait);

    Task CloseAsync();
}
