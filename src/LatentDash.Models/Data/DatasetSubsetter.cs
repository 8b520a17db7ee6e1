namespace LatentDash.Models.Data;

/// <summary>Writes a smaller, stratified copy of a dataset (the test fixture is made this way).</summary>
public static class DatasetSubsetter
{
    /// <summary>Takes a stratified sample of <paramref name="trainCount"/> training and <paramref name="validationCount"/>
    /// validation images (training images stay training images) and writes them as a dataset folder with the same
    /// manifest. tests/fixtures/data was made with 800, 200 and seed 7 from the converted built-in datasets.</summary>
    public static void Write(LabeledDataset source, int trainCount, int validationCount, int seed, string outputDirectory)
    {
        ArgumentNullException.ThrowIfNull(source);
        // The "validation" side of a split is the stratified sample; the rest is what the subset leaves out.
        var (_, train) = StratifiedSplit.Split(source.Train.Labels, trainCount, seed);
        var (_, validation) = StratifiedSplit.Split(source.Validation.Labels, validationCount, seed);
        NpmDatasetConverter.Write(source.Train.Select(train), source.Validation.Select(validation), source.Manifest, outputDirectory);
    }
}
