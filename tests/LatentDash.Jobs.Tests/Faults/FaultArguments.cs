namespace LatentDash.Jobs.Tests.Faults;

/// <summary>The smallest sweep that trains real models on the fixture: beta-vae, dim 2, one epoch.</summary>
internal static class FaultArguments
{
    public static string[] Sweep(string run, string betas, string epochs = "1") =>
        ["sweep", "--run", run, "--dataset", "mnist", "--architecture", "beta-vae", "--beta", betas,
         "--latent-dim", "2", "--epochs", epochs, "--batch-size", "100", "--threads", "1"];
}
