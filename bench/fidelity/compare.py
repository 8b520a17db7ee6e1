"""Step-level fidelity check: our trainer (dumped by StepDump) against the README's PyTorch network trained with
torch.optim.Adam(eps=1e-7) from the same weights on the same batches with the same ε; plus a Keras-style Adam run and
the initial weights against Keras' Glorot-uniform. Usage: /usr/bin/python3 compare.py <dump-dir> [architecture]"""
import glob
import math
import os
import sys

import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from latentdash_torch import LatentDashVae, load_safetensors  # noqa: E402

BETA, LATENT, LR, EPS, CLASS_WEIGHT, REC_SCALE = 4.0, 10, 1e-4, 1e-7, 1.0, 1000.0


class KerasAdam(torch.optim.Optimizer):
    """Keras' Adam (tf.keras / Keras 3): lr_t = lr·√(1−β₂ᵗ)/(1−β₁ᵗ), p ← p − lr_t·m / (√v + ε): ε is added before
    the bias correction of v, where torch adds it after."""
    def __init__(self, params, lr, betas=(0.9, 0.999), eps=1e-7):
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps))

    @torch.no_grad()
    def step(self):
        for group in self.param_groups:
            b1, b2 = group["betas"]
            for p in group["params"]:
                state = self.state[p]
                if not state:
                    state["t"], state["m"], state["v"] = 0, torch.zeros_like(p), torch.zeros_like(p)
                state["t"] += 1
                t, m, v = state["t"], state["m"], state["v"]
                m.mul_(b1).add_(p.grad, alpha=1 - b1)
                v.mul_(b2).addcmul_(p.grad, p.grad, value=1 - b2)
                lr_t = group["lr"] * math.sqrt(1 - b2 ** t) / (1 - b1 ** t)
                p.addcdiv_(m, v.sqrt().add_(group["eps"]), value=-lr_t)


def strip(state, prefix):
    return {k[len(prefix):]: v for k, v in state.items() if k.startswith(prefix)}


def diff(ours, theirs):
    """max |a − b| and the relative difference ‖a − b‖₂ / ‖a‖₂ (float64)."""
    ours, theirs = ours.double(), theirs.double()
    absolute = (ours - theirs).abs().max().item()
    return absolute, (ours - theirs).norm().item() / max(ours.norm().item(), 1e-30)


# The biases of the layers that feed a BatchNorm: BN subtracts the batch mean, so their true gradient is 0 and what
# either implementation computes is float noise, which Adam scales into ±lr steps. They change no output in training
# (and none in eval once the running mean has followed), so they are reported apart.
PRE_BN_BIASES = {"encoder.trunk.conv1.bias", "encoder.trunk.conv2.bias",
                 "decoder.layers.deconv1.bias", "decoder.layers.deconv2.bias"}


def worst(pairs):
    """(name, max abs diff, relative diff) of the tensor with the largest relative difference."""
    rows = [(name,) + diff(a, b) for name, a, b in pairs]
    return max(rows, key=lambda r: r[2])


def step_once(model, batch, architecture):
    images, labels, epsilon = batch["in.images"], batch["in.labels"].long(), batch["in.epsilon"]
    dtype = next(model.parameters()).dtype
    images, epsilon = images.to(dtype), epsilon.to(dtype)
    mu, log_var, logits = model.encode(images, labels)
    z = mu + (0.5 * log_var).exp() * epsilon
    reconstruction = model.decode(z, labels)
    rec = nn.functional.mse_loss(reconstruction, images) * REC_SCALE
    kl = (-0.5 * (1 + log_var - mu.square() - log_var.exp()).sum(1)).mean()
    total = rec + BETA * kl
    losses = {"reconstruction": rec, "kl": kl}
    if architecture == "branched":
        cls = nn.functional.cross_entropy(logits, labels)
        total = total + CLASS_WEIGHT * cls
        losses["class"] = cls
    losses["total"] = total
    outputs = {"mu": mu, "log_var": log_var, "z": z, "reconstruction": reconstruction}
    if logits is not None:
        outputs["logits"] = logits
    return total, losses, outputs


def ours_trajectory(dump):
    init = strip(load_safetensors(os.path.join(dump, "init.safetensors")), "param.")
    steps = []
    for path in sorted(glob.glob(os.path.join(dump, "step*.safetensors"))):
        t = load_safetensors(path)
        steps.append({"out": strip(t, "out."), "loss": strip(t, "loss."), "grad": strip(t, "grad."),
                      "after": strip(t, "after.param."), "batch": t})
    return init, steps


def torch_trajectory(init, steps, architecture, optimizer_name, dtype):
    """The README network from our initial weights, on our batches and ε, one optimizer step per batch."""
    model = LatentDashVae(architecture, LATENT)
    model.load_state_dict(init, strict=True)
    model.to(dtype).train()
    params = [p for _, p in model.named_parameters()]
    optimizer = (torch.optim.Adam(params, lr=LR, eps=EPS) if optimizer_name == "torch"
                 else KerasAdam(params, lr=LR, eps=EPS))
    result = []
    for step in steps:
        optimizer.zero_grad()
        total, losses, outputs = step_once(model, step["batch"], architecture)
        total.backward()
        record = {"out": {k: v.detach().clone() for k, v in outputs.items()},
                  "loss": {k: v.detach().reshape(1).clone() for k, v in losses.items()},
                  "grad": {k: p.grad.clone() for k, p in model.named_parameters()}}
        optimizer.step()
        record["after"] = {k: v.clone() for k, v in model.state_dict().items()}
        result.append(record)
    return result


def compare(init, a, b, names):
    """Per step, the worst tensor of each group between trajectories a and b."""
    table = []
    for x, y in zip(a, b):
        row = {
            "forward: mu, log_var, z, reconstruction, logits": worst([(k, x["out"][k], y["out"][k]) for k in x["out"]]),
            "losses": worst([(k, x["loss"][k], y["loss"][k]) for k in x["loss"]]),
            "gradients (pre-BN biases apart)": worst(
                [(k, x["grad"][k], y["grad"][k]) for k in names if k not in PRE_BN_BIASES]),
            "parameters after the step (pre-BN biases apart)": worst(
                [(k, x["after"][k], y["after"][k]) for k in names if k not in PRE_BN_BIASES]),
            "movement since init, Δ = after − init (pre-BN biases apart)": worst(
                [(k, x["after"][k] - init[k].double(), y["after"][k] - init[k].double())
                 for k in names if k not in PRE_BN_BIASES]),
            "BatchNorm running mean and var": worst(
                [(k, x["after"][k], y["after"][k]) for k in x["after"] if "running" in k]),
            "pre-BN biases (zero true gradient), movement": worst(
                [(k, x["after"][k] - init[k].double(), y["after"][k] - init[k].double())
                 for k in names if k in PRE_BN_BIASES]),
        }
        table.append(row)
    return table


def glorot_report(dump):
    """Our init against Keras' Glorot-uniform: std should be limit/√3, |w| ≤ limit, biases 0, BN γ 1 and β 0."""
    init = strip(load_safetensors(os.path.join(dump, "init.safetensors")), "param.")
    print("\n## Initial weights against Keras' Glorot-uniform (limit = √(6/(fan_in+fan_out)), Keras' fans)")
    print("| weight | torch shape | fan_in + fan_out (Keras) | std / (limit/√3) | max|w| / limit | mean / (limit/√3) |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for name, w in init.items():
        if not name.endswith("weight") or w.dim() < 2:
            continue
        shape = list(w.shape)
        k = w[0, 0].numel() if w.dim() == 4 else 1
        if w.dim() == 2:  # Linear (out, in) = Keras Dense (in, out)
            fans = shape[0] + shape[1]
        elif "deconv" in name:  # ConvTranspose2d (in, out, k, k) = Keras Conv2DTranspose (k, k, out, in)
            fans = k * shape[1] + k * shape[0]
        else:  # Conv2d (out, in, k, k) = Keras Conv2D (k, k, in, out)
            fans = k * shape[1] + k * shape[0]
        limit = math.sqrt(6 / fans)
        sigma = limit / math.sqrt(3)
        print(f"| {name} | {shape} | {fans} | {w.std().item() / sigma:.4f} | {w.abs().max().item() / limit:.4f} | "
              f"{w.mean().item() / sigma:+.4f} |")
    others = {n: t for n, t in init.items() if t.dim() == 1 and "running" not in n}
    bias_max = max(t.abs().max().item() for n, t in others.items() if n.endswith("bias"))
    gamma = [t for n, t in others.items() if n.endswith("weight")]
    print(f"\nlargest |bias| (incl. BN β): {bias_max}; BN γ all 1: {all(bool((g == 1).all()) for g in gamma)}; "
          f"running mean 0 / var 1: {all(bool((t == (1 if 'var' in n else 0)).all()) for n, t in init.items() if 'running' in n)}")


def print_table(title, table, picks=(1, 20)):
    print(f"\n## {title}: worst tensor per group: max |a − b|, ‖a − b‖/‖a‖, tensor")
    picks = [p for p in picks if p <= len(table)]
    print("| group | " + " | ".join(f"step {p}: max abs | rel | tensor" for p in picks) + " |")
    print("| --- |" + " ---: | ---: | --- |" * len(picks))
    for group in table[0]:
        cells = []
        for p in picks:
            name, absolute, relative = table[p - 1][group]
            cells.append(f"{absolute:.1e} | {relative:.1e} | {name}")
        print(f"| {group} | " + " | ".join(cells) + " |")


def main():
    dump = sys.argv[1] if len(sys.argv) > 1 else "out/branched"
    architecture = sys.argv[2] if len(sys.argv) > 2 else "branched"
    torch.manual_seed(0)
    print(f"# {architecture}: {dump}, torch {torch.__version__}, {torch.get_num_threads()} threads")
    init, ours = ours_trajectory(dump)
    names = list(ours[0]["grad"])
    t32 = torch_trajectory(init, ours, architecture, "torch", torch.float32)
    t64 = torch_trajectory(init, ours, architecture, "torch", torch.float64)
    k32 = torch_trajectory(init, ours, architecture, "keras", torch.float32)
    n = len(ours)
    print_table("A. ours vs torch.optim.Adam(eps=1e-7), float32", compare(init, ours, t32, names), (1, n))
    print_table("B. float noise floor: torch float32 vs torch float64, same optimizer", compare(init, t64, t32, names), (1, n))
    print_table("C. ours vs Keras-style Adam, float32", compare(init, ours, k32, names), (1, n))
    print("\nlosses per step (ours | torch float32 | torch float64), kl:")
    for i in range(n):
        print(f"  step {i + 1:3d}: total {ours[i]['loss']['total'].item():.4f} | {t32[i]['loss']['total'].item():.4f} | "
              f"{t64[i]['loss']['total'].item():.4f};  kl {ours[i]['loss']['kl'].item():.5f} | "
              f"{t32[i]['loss']['kl'].item():.5f} | {t64[i]['loss']['kl'].item():.5f}")
    glorot_report(dump)
    epsilon_report(ours)


def epsilon_report(steps):
    """Our ε (the trainer's randn from its generator) pooled over the steps, against N(0, 1)."""
    e = torch.cat([s["batch"]["in.epsilon"].flatten() for s in steps]).double()
    x, _ = e.sort()
    cdf = 0.5 * (1 + torch.erf(x / math.sqrt(2)))
    n = len(x)
    ks = max((torch.arange(1, n + 1, dtype=torch.float64) / n - cdf).max().item(),
             (cdf - torch.arange(0, n, dtype=torch.float64) / n).max().item())
    print(f"\nε over {len(steps)} steps: n {n}, mean {e.mean().item():+.4f}, std {e.std().item():.4f}, "
          f"Kolmogorov–Smirnov D {ks:.4f} (5 % critical value {1.358 / math.sqrt(n):.4f})")


if __name__ == "__main__":
    main()
