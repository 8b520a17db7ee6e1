namespace LatentDash.LoadBench;

/// <summary>What drives the sessions: the Blazor Server protocol spoken directly (no browser: the server's figure on a
/// small machine), or headless Chromium pages (the browser's figure, which on 2 cores is mostly software WebGL).</summary>
internal enum LoadDriver
{
    Protocol,
    Browser,
}
