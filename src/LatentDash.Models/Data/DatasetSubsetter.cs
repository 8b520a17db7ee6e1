namespace LatentDash.Models.Data;

/// <summary>Writes a smaller, stratified copy of a dataset (the test fixture is made this way).</summary>
public static class DatasetSubsetter
{
    public static void Write(LabeledDataset source, int trainCount, int validationCount, int seed, string outputDirectory)
    {
        ArgumentNullException.ThrowIfNull(source);
        var (_, train) = StratifiedSplit.Split(source.Train.Labels, trainCount, seed);
        var (_, validation) = StratifiedSplit.Split(source.Validation.Labels, validationCount, seed);
        NpmDatasetConverter.Write(source.Train.Select(train), source.Validation.Select(validation), source.Manifest, outputDirectory);
    }
}
