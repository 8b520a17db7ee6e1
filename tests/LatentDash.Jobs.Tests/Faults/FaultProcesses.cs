namespace LatentDash.Jobs.Tests.Faults;

/// <summary>Tests that start real latentdash processes or hosts on the trained fixture model: one at a time (two cores).</summary>
[CollectionDefinition(nameof(FaultProcesses), DisableParallelization = true)]
public sealed class FaultProcesses : ICollectionFixture<TrainedModel>;
