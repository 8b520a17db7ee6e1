using System.Text.Json;
using LatentDash.Models.Experiments;

namespace LatentDash.Jobs.Runs;

/// <summary>Compact JSON for what travels through the queue's storage (requests and reports), with the names and
/// polymorphic configs of the experiment files.</summary>
internal static class RunJson
{
    public static JsonSerializerOptions Options { get; } = new(ExperimentJson.Options) { WriteIndented = false };
}
