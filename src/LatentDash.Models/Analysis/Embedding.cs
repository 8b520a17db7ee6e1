using LatentDash.Models.Latent;

namespace LatentDash.Models.Analysis;

/// <summary>A computed 2-D embedding of a model's first <see cref="Count"/> latent means, as kept in its analysis
/// cache: <see cref="Coordinates"/> is Count × 2, row-major.</summary>
public sealed record Embedding(ProjectionKind Kind, string Settings, int Count, float[] Coordinates, double Seconds);
