using System.Text.Json;
using System.Text.Json.Serialization;

namespace LatentDash.Models.Experiments;

/// <summary>The JSON settings of every file in a model folder: snake_case names (latent_dim, batch_size, as the
/// original's params), indented, enums as strings.</summary>
public static class ExperimentJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
