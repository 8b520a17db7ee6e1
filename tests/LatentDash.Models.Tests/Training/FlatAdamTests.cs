using LatentDash.Models.Networks;
using LatentDash.Models.Tests.Support;
using LatentDash.Models.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace LatentDash.Models.Tests.Training;

public class FlatAdamTests
{
    [Fact]
    public void Flat_adam_takes_the_same_steps_as_torch_adam_on_every_vae_parameter()
    {
        using var data = Synthetic.Images(32, seed: 1);
        using var reference = VaeTrainer.CreateModel(Synthetic.Config(BranchedVaeConfig.Name), seed: 5);
        using var flat = VaeTrainer.CreateModel(Synthetic.Config(BranchedVaeConfig.Name), seed: 5);
        using var torchAdam = optim.Adam(reference.parameters(), lr: 1e-3, eps: 1e-7);
        using var flatAdam = new FlatAdam(flat.parameters(), learningRate: 1e-3, epsilon: 1e-7);

        for (var step = 0; step < 5; step++)
        {
            using var scope = NewDisposeScope();
            torchAdam.zero_grad();
            Loss(reference, data, step).backward();
            // Both optimizers step on the same gradients. Two backward passes can differ in their last bits where
            // libtorch splits a reduction across threads differently (other test classes run beside this one), and
            // Adam's first steps magnify that on tiny gradients: 3e-6 at step 4 in one CI run.
            flatAdam.ZeroGrad();
            using (no_grad())
            {
                foreach (var (source, target) in reference.parameters().Zip(flat.parameters()))
                {
                    if (source.grad is { } gradient)
                    {
                        target.grad!.copy_(gradient);
                    }
                }
            }

            torchAdam.step();
            flatAdam.Step();

            foreach (var ((name, expected), (_, actual)) in reference.named_parameters().Zip(flat.named_parameters()))
            {
                var difference = (expected - actual).abs().max().item<float>();
                Assert.True(difference < 1e-6, $"step {step}: {name} differs by {difference}");
            }
        }
    }

    [Fact]
    public void Flat_adam_follows_torch_adam_over_many_steps_of_a_regression()
    {
        using var scope = NewDisposeScope();
        var x = randn([64, 5], generator: new Generator(3));
        var y = x.matmul(tensor(new float[] { 1, -2, 3, 0.5f, -1 }).reshape(5, 1)) + 0.3f;
        using var reference = nn.Linear(5, 1);
        using var flat = nn.Linear(5, 1);
        using (no_grad())
        {
            flat.weight!.copy_(reference.weight!);
            flat.bias!.copy_(reference.bias!);
        }

        using var torchAdam = optim.Adam(reference.parameters(), lr: 0.05);
        using var flatAdam = new FlatAdam(flat.parameters(), learningRate: 0.05);
        var initialLoss = nn.functional.mse_loss(flat.call(x), y).item<float>();

        for (var step = 0; step < 50; step++)
        {
            torchAdam.zero_grad();
            nn.functional.mse_loss(reference.call(x), y).backward();
            torchAdam.step();
            flatAdam.ZeroGrad();
            nn.functional.mse_loss(flat.call(x), y).backward();
            flatAdam.Step();
            if (step == 25)
            {
                torchAdam.ParamGroups.First().LearningRate = 0.01;
                flatAdam.LearningRate = 0.01;
            }
        }

        Assert.True(reference.weight!.allclose(flat.weight!, rtol: 1e-5, atol: 1e-6));
        Assert.True(reference.bias!.allclose(flat.bias!, rtol: 1e-5, atol: 1e-6));
        Assert.True(nn.functional.mse_loss(flat.call(x), y).item<float>() < initialLoss / 2);
    }

    [Fact]
    public void Changing_the_learning_rate_scales_the_next_step()
    {
        using var data = Synthetic.Images(16, seed: 1);
        using var model = VaeTrainer.CreateModel(Synthetic.Config(BetaVaeConfig.Name), seed: 5);
        using var adam = new FlatAdam(model.parameters(), learningRate: 0);
        var before = model.parameters().Select(p => p.detach().clone()).ToList();

        using (NewDisposeScope())
        {
            adam.ZeroGrad();
            Loss(model, data, 0).backward();
            adam.Step();
        }

        Assert.All(model.parameters().Zip(before), pair => Assert.True(pair.First.allclose(pair.Second, rtol: 0, atol: 0)));
    }

    [Fact]
    public void Steps_over_no_trainable_parameter_change_nothing()
    {
        using var frozen = nn.Linear(3, 2);
        foreach (var parameter in frozen.parameters())
        {
            parameter.requires_grad = false;
        }

        var before = frozen.weight!.detach().clone();
        using var adam = new FlatAdam(frozen.parameters(), learningRate: 0.1);

        adam.ZeroGrad();
        adam.Step();

        Assert.True(frozen.weight!.allclose(before, rtol: 0, atol: 0));
    }

    private static Tensor Loss(VaeModel model, ImageTensors data, int step)
    {
        var generator = new Generator((ulong)(100 + step));
        return model.Loss(model.Forward(data.Images, data.Labels, generator), data.Images, data.Labels).Total;
    }
}
