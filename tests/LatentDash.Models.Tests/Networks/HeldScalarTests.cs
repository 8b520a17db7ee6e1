using LatentDash.Models.Networks;
using LatentDash.Models.Tests.Support;

namespace LatentDash.Models.Tests.Networks;

/// <summary>Every number our code hands libtorch as a Scalar is held by a variable or field for the length of the
/// native call. A temporary one (an implicit conversion, in our code or inside the TorchSharp method we call) can be
/// finalized by a collection on another thread while the call reads it: libtorch then fails with "Expected false to be
/// true … toFloat", or computes with whatever the freed memory holds.</summary>
public class HeldScalarTests
{
    [Fact]
    public void No_call_in_the_models_hands_libtorch_a_temporary_scalar()
    {
        var calls = TemporaryScalarScan.Find(typeof(VaeModel).Assembly);

        Assert.True(calls.Count == 0, "Temporary scalars:\n" + string.Join("\n", calls.Order()));
    }
}
