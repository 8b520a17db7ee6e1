namespace LatentDash.Models.Analysis;

/// <summary>One image of the strip from a sample to its counterfactual: the fraction of the move, z, the decode, and
/// the classifier's probabilities on the decode.</summary>
public sealed record CounterfactualStep(double Fraction, double[] Z, float[] Pixels, float[] Probabilities);
