"""An independent whole training in PyTorch (the README network, Keras Glorot-uniform init and zero biases drawn by
torch, torch's shuffling and ε, torch.optim.Adam(eps=1e-7), validation in eval mode), printed as CSV like
`StepDump train`. Usage: /usr/bin/python3 train.py <architecture> <epochs> <seed> [data folder]"""
import gzip
import os
import struct
import sys

import numpy as np
import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from compare import BETA, CLASS_WEIGHT, EPS, LATENT, LR, step_once  # noqa: E402
from latentdash_torch import LatentDashVae  # noqa: E402


def idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    return np.frombuffer(data[4 + 4 * dims:], dtype=np.uint8).reshape(shape)


def load(folder, split):
    images = torch.from_numpy(idx(os.path.join(folder, f"{split}-images-idx3-ubyte.gz")).copy()).float().div(255)
    labels = torch.from_numpy(idx(os.path.join(folder, f"{split}-labels-idx1-ubyte.gz")).copy()).long()
    return images.view(-1, 1, 28, 28), labels


def main():
    architecture, epochs, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    folder = sys.argv[4] if len(sys.argv) > 4 else "tests/fixtures/data/fashion"
    torch.manual_seed(seed)
    train_x, train_y = load(folder, "train")
    val_x, val_y = load(folder, "val")
    model = LatentDashVae(architecture, LATENT)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if p.dim() >= 2:
                nn.init.xavier_uniform_(p)  # torch's fans equal Keras' for Linear, Conv2d and ConvTranspose2d
            elif name.endswith("bias"):
                p.zero_()
            else:
                p.fill_(1)
    optimizer = torch.optim.Adam(model.parameters(), lr=LR, eps=EPS)
    for epoch in range(1, epochs + 1):
        model.train()
        order = torch.randperm(len(train_y))
        for start in range(0, len(order), 32):
            index = order[start:start + 32]
            batch = {"in.images": train_x[index], "in.labels": train_y[index],
                     "in.epsilon": torch.randn(len(index), LATENT)}
            optimizer.zero_grad()
            total, _, _ = step_once(model, batch, architecture)
            total.backward()
            optimizer.step()
        model.eval()
        sums, n = {}, 0
        with torch.no_grad():
            for start in range(0, len(val_y), 500):
                x, y = val_x[start:start + 500], val_y[start:start + 500]
                _, losses, _ = step_once(model, {"in.images": x, "in.labels": y,
                                                 "in.epsilon": torch.randn(len(y), LATENT)}, architecture)
                for k, v in losses.items():
                    sums[k] = sums.get(k, 0.0) + v.item() * len(y)
                n += len(y)
        print(",".join(["torch", architecture, str(seed), str(epoch), f"{sums['reconstruction'] / n:.4f}",
                        f"{sums['kl'] / n:.4f}", f"{sums.get('class', float('nan')) / n:.4f}"]), flush=True)


if __name__ == "__main__":
    assert BETA == 4 and CLASS_WEIGHT == 1
    main()
