namespace LatentDash.Models.Comparison;

/// <summary>Which pass of the data an epoch's value comes from; the learning rate has only <see cref="Train"/>.</summary>
public enum CurveSplit
{
    Train,
    Validation,
}
