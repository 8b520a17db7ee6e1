"""The README's "network in PyTorch" snippet, as a module the fidelity check imports (keep the two in step)."""
from collections import OrderedDict
import json
import struct

import numpy as np
import torch
from torch import nn


def load_safetensors(path):
    """safetensors.torch.load_file without the package: 8-byte little-endian header length, JSON header, raw data."""
    with open(path, "rb") as f:
        length = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(length))
        data = f.read()
    dtypes = {"F32": np.float32, "I64": np.int64, "F64": np.float64, "I32": np.int32}
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        start, end = entry["data_offsets"]
        array = np.frombuffer(data[start:end], dtype=dtypes[entry["dtype"]]).reshape(entry["shape"])
        tensors[name] = torch.from_numpy(array.copy())
    return tensors


def bn(n):  # Keras' defaults, as the models were trained
    return nn.BatchNorm2d(n, eps=1e-3, momentum=0.01)


def conv_out(n):  # Conv2d(kernel 3, stride 2, no padding)
    return (n - 3) // 2 + 1


class Encoder(nn.Module):
    def __init__(self, in_channels, height, width, latent_dim):
        super().__init__()
        self.features = 64 * conv_out(conv_out(height)) * conv_out(conv_out(width))
        self.trunk = nn.Sequential(OrderedDict([
            ("conv1", nn.Conv2d(in_channels, 32, 3, stride=2)), ("bn1", bn(32)), ("act1", nn.LeakyReLU(0.3)),
            ("conv2", nn.Conv2d(32, 64, 3, stride=2)), ("bn2", bn(64)), ("act2", nn.LeakyReLU(0.3)),
            ("flatten", nn.Flatten())]))
        self.latent = nn.Linear(self.features, 2 * latent_dim)  # mu and log variance, concatenated


class Decoder(nn.Module):
    def __init__(self, in_size, channels, height, width):
        super().__init__()
        h, w = height // 4, width // 4
        self.layers = nn.Sequential(OrderedDict([
            ("dense", nn.Linear(in_size, 32 * h * w)), ("dense_act", nn.ReLU()),
            ("reshape", nn.Unflatten(1, (32, h, w))),
            ("deconv1", nn.ConvTranspose2d(32, 64, 3, stride=2, padding=1, output_padding=1)), ("bn1", bn(64)),
            ("act1", nn.LeakyReLU(0.3)),
            ("deconv2", nn.ConvTranspose2d(64, 32, 3, stride=2, padding=1, output_padding=1)), ("bn2", bn(32)),
            ("act2", nn.LeakyReLU(0.3)),
            ("deconv3", nn.ConvTranspose2d(32, channels, 3, stride=1, padding=1))]))  # no output activation


class Classifier(nn.Module):
    def __init__(self, features, classes):
        super().__init__()
        self.layers = nn.Sequential(OrderedDict([
            ("dense1", nn.Linear(features, 128)), ("act1", nn.ReLU()),
            ("dense2", nn.Linear(128, 64)), ("act2", nn.ReLU()),
            ("logits", nn.Linear(64, classes))]))


class LatentDashVae(nn.Module):
    """architecture as in params.json: "beta-vae", "conditional" or "branched"."""
    def __init__(self, architecture, latent_dim, class_count=10, channels=1, height=28, width=28,
                 conditioned_decoder=False, **_):
        super().__init__()
        self.architecture, self.classes = architecture, class_count
        self.conditional = architecture == "conditional"
        self.conditioned_decoder = self.conditional and conditioned_decoder
        self.encoder = Encoder(channels + (class_count if self.conditional else 0), height, width, latent_dim)
        self.decoder = Decoder(latent_dim + (class_count if self.conditioned_decoder else 0), channels, height, width)
        if architecture == "branched":
            self.classifier = Classifier(self.encoder.features, class_count)

    def one_hot(self, labels):
        return nn.functional.one_hot(labels, self.classes).float()

    def encode(self, images, labels=None):
        """images N×C×H×W in [0, 1] -> mu, log variance (N×z) and the branch's logits (or None)."""
        x = images
        if self.conditional:  # the label as one constant plane per class, after the image's channels
            n, _, h, w = images.shape
            x = torch.cat([images, self.one_hot(labels).view(n, self.classes, 1, 1).expand(n, self.classes, h, w)], 1)
        features = self.encoder.trunk(x)
        mu, log_var = self.encoder.latent(features).chunk(2, 1)
        logits = self.classifier.layers(features) if self.architecture == "branched" else None
        return mu, log_var, logits

    def decode(self, z, labels=None):
        if self.conditioned_decoder:
            z = torch.cat([z, self.one_hot(labels)], 1)
        return self.decoder.layers(z)
