namespace LatentDash.Jobs.Tests.Runs.Fakes;

/// <summary>A clock that moves only when a test says so (the tracker reads only the time of day).</summary>
internal sealed class ManualTime(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset now = start;

    public override DateTimeOffset GetUtcNow() => now;

    public void Advance(TimeSpan by) => now += by;
}
