namespace LatentDash.LoadBench;

/// <summary>What one page measured: steps after the warm-up, those never answered by an image, renders that answered no
/// pending step, times the reconnect UI appeared, and the step → image latencies in ms.</summary>
internal sealed record SessionFigures(int Steps, int Unanswered, int Unmatched, int Disconnects, IReadOnlyList<double> Latencies);
