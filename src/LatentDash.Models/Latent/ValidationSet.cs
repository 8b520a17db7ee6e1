using LatentDash.Models.Data;

namespace LatentDash.Models.Latent;

/// <summary>A dataset's validation images as read from disk: its manifest, the images, a key naming their content
/// (a short hash) and the stamp of the files they came from.</summary>
public sealed record ValidationSet(DatasetManifest Manifest, ImageSet Images, string Key, string Stamp);
