using TorchSharp;
using static TorchSharp.torch;

namespace LatentDash.Models;

/// <summary>The numbers our tensor code hands libtorch, held as <see cref="Scalar"/>s for the life of the process, and
/// the arithmetic whose TorchSharp operators would convert a number per call.</summary>
/// <remarks>TorchSharp converts a number to a Scalar for the call (<c>x * 0.5</c>; <c>a + b</c>, which adds with an
/// alpha of 1; <c>square()</c>, which is <c>pow(2)</c>; <c>leaky_relu(x, 0.3)</c>) and passes libtorch its handle. After
/// that read nothing refers to the Scalar, so a collection started on another thread may finalize it, which frees the
/// native scalar while libtorch still reads it: the operation fails ("Expected false to be true … toFloat") or computes
/// with whatever the freed memory holds. A number that changes from call to call is converted at the call with
/// <c>using var s = value.ToScalar();</c>, which holds it until the call returns and frees it then.
/// <c>HeldScalarTests</c> reads the models' IL for any call left.</remarks>
internal static class HeldScalars
{
    /// <summary>0 (an int), the lower bound of a pixel.</summary>
    public static readonly Scalar Zero = 0.ToScalar();

    /// <summary>1, as TorchSharp's own <c>+</c> passes it (an int): the alpha of an addition.</summary>
    public static readonly Scalar One = 1.ToScalar();

    /// <summary>2, as TorchSharp's <c>square()</c> passes it to <c>pow</c> (an int).</summary>
    public static readonly Scalar Two = 2.ToScalar();

    /// <summary>255, the largest value of a byte pixel: the scale between stored bytes and pixels in [0, 1].</summary>
    public static readonly Scalar ByteMax = 255.ToScalar();

    public static readonly Scalar Half = 0.5.ToScalar();

    public static readonly Scalar MinusHalf = (-0.5).ToScalar();

    public static readonly Scalar PositiveInfinity = double.PositiveInfinity.ToScalar();

    /// <summary>The negative slope of every LeakyReLU in the networks (Keras' default).</summary>
    public static readonly Scalar LeakySlope = Networks.VaeModel.LeakySlope.ToScalar();

    /// <summary>a + b.</summary>
    public static Tensor Plus(this Tensor a, Tensor b) => a.add(b, One);

    /// <summary>a + b in place.</summary>
    public static Tensor Plus_(this Tensor a, Tensor b) => a.add_(b, One);

    /// <summary>a + s in place (a number already held).</summary>
    public static Tensor Plus_(this Tensor a, Scalar s) => a.add_(s, One);

    /// <summary>a + s (a number already held).</summary>
    public static Tensor Plus(this Tensor a, Scalar s) => a.add(s, One);

    /// <summary>x².</summary>
    public static Tensor Squared(this Tensor x) => x.pow(Two);

    /// <summary>LeakyReLU with the networks' slope, in place, returned as a new handle to the same values (as
    /// TorchSharp's in-place functional form does, so that a Sequential may dispose its input).</summary>
    public static Tensor LeakyRelu_(this Tensor x) => x.leaky_relu_(LeakySlope).alias();
}
