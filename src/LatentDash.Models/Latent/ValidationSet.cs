using System.Security.Cryptography;
using LatentDash.Models.Data;

namespace LatentDash.Models.Latent;

/// <summary>A dataset's validation images as read from disk: its manifest, the images, a key naming their content
/// (a short hash) and the stamp of the files they came from.</summary>
public sealed record ValidationSet(DatasetManifest Manifest, ImageSet Images, string Key, string Stamp)
{
    /// <summary>The key of a set of images: 12 hex digits of the SHA-256 of their pixels and labels.</summary>
    public static string KeyOf(ImageSet images)
    {
        ArgumentNullException.ThrowIfNull(images);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(images.Pixels);
        hash.AppendData(images.Labels);
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..12];
    }
}
