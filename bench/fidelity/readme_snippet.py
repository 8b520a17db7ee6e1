"""Runs the README's "network in PyTorch" snippet as written, on the dashboard's own safetensors export
(SafetensorsExport, TorchSharp.PyBridge) written by StepDump, and checks that the loaded weights are ours.
Usage: /usr/bin/python3 readme_snippet.py <dump-dir> [README.md]"""
import os
import re
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from latentdash_torch import load_safetensors  # noqa: E402

dump = sys.argv[1] if len(sys.argv) > 1 else "out/branched"
readme = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(__file__), "..", "..", "README.md")
text = open(readme, encoding="utf-8").read()
section = text[text.index("The network in PyTorch"):]
snippet = re.search(r"```python\n(.*?)```", section, re.S).group(1)
snippet = (snippet.replace("experiments/RUN/MODEL/params.json", os.path.join(dump, "params.json"))
                  .replace("RUN-MODEL.safetensors", os.path.join(dump, "export.safetensors")))
scope = {"__name__": "readme_snippet"}
exec(compile(snippet, "README snippet", "exec"), scope)  # noqa: S102 - our own README, run on purpose
model, image, mu = scope["model"], scope["image"], scope["mu"]
ours = {k[len("param."):]: v for k, v in load_safetensors(os.path.join(dump, "init.safetensors")).items()}
state = model.state_dict()
worst = max((state[k].double() - ours[k].double()).abs().max().item() for k in state)
print(f"README snippet ran: {type(model).__name__} ({model.architecture}), {len(state)} tensors loaded strictly, "
      f"max |theirs − ours| {worst}, mu {tuple(mu.shape)}, decoded image {tuple(image.shape)}, "
      f"finite: {bool(torch.isfinite(image).all())}")
