#!/usr/bin/env python3
"""Kiln's sample networks against the same networks in PyTorch, on Kiln's own weights.

Reads a Kiln checkpoint (.npz: parameters and running statistics under Kiln's names), maps the
names with samples/.../torch-names.txt (the one place the map is written), loads them into the
PyTorch twin of the model, runs the batch Kiln ran (results .npz: x, labels, and what Kiln
computed), and compares against PyTorch in float64, each as the largest absolute difference over
the tensor divided by the tensor's largest magnitude (for a gradient that is zero in exact
arithmetic, by a hundredth of the network's largest gradient: see ZERO):
  eval_logits   inference, with the running statistics
  train_logits  the training forward, batch statistics
  loss          mean softmax cross-entropy of the training forward
  grad.<name>   the gradient of every parameter
  after.<name>  every running statistic after the training forward
Exit status 0 when every one is within --tolerance, 1 otherwise; one line per quantity kind and
a last JSON line with the largest error of each. Run by samples' TorchParityTest:

    python3 bench/torch_parity.py --model resnet20 --dtype float64 --weights w.npz --results r.npz \\
        --names samples/src/main/resources/dev/kiln/samples/models/torch-names.txt
"""
import argparse
import json
import re
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


class Basic(nn.Module):
    """conv3x3-BN-ReLU-conv3x3-BN, then the shortcut's add (residual) and ReLU (relu_after)."""

    def __init__(self, cin, cout, stride, residual, relu_after=True):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.residual, self.relu_after = residual, relu_after
        if residual and (stride != 1 or cin != cout):
            self.downsample = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, 0, bias=False), nn.BatchNorm2d(cout))
        else:
            self.downsample = None

    def forward(self, x):
        y = self.bn2(self.conv2(F.relu(self.bn1(self.conv1(x)))))
        if self.residual:
            y = y + (self.downsample(x) if self.downsample is not None else x)
        return F.relu(y) if self.relu_after else y


class Bottleneck(nn.Module):
    """1x1 narrow, 3x3 (strided), 1x1 widen x4, each with BN; ReLU after the first two and after the add."""

    def __init__(self, cin, width, stride):
        super().__init__()
        cout = 4 * width
        self.conv1, self.bn1 = nn.Conv2d(cin, width, 1, 1, 0, bias=False), nn.BatchNorm2d(width)
        self.conv2, self.bn2 = nn.Conv2d(width, width, 3, stride, 1, bias=False), nn.BatchNorm2d(width)
        self.conv3, self.bn3 = nn.Conv2d(width, cout, 1, 1, 0, bias=False), nn.BatchNorm2d(cout)
        self.downsample = None
        if stride != 1 or cin != cout:
            self.downsample = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, 0, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)))
        y = F.relu(self.bn2(self.conv2(y)))
        y = self.bn3(self.conv3(y))
        return F.relu(y + (self.downsample(x) if self.downsample is not None else x))


class PreAct(nn.Module):
    """BN-ReLU-conv3x3-BN-ReLU-conv3x3, plus the block input (or its 1x1 conv + BN projection), nothing after."""

    def __init__(self, cin, cout, stride):
        super().__init__()
        self.bn1, self.conv1 = nn.BatchNorm2d(cin), nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn2, self.conv2 = nn.BatchNorm2d(cout), nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.downsample = None
        if stride != 1 or cin != cout:
            self.downsample = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, 0, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        y = self.conv1(F.relu(self.bn1(x)))
        y = self.conv2(F.relu(self.bn2(y)))
        return y + (self.downsample(x) if self.downsample is not None else x)


class Net(nn.Module):
    """A 1x28x28 CIFAR-style ResNet of Kiln's samples: stem, three stages (16/32/64 wide), pooling, dense."""

    def __init__(self, kind, blocks):
        super().__init__()
        preact = kind == "preact"
        self.conv1 = nn.Conv2d(1, 16, 3, 1, 1, bias=preact)
        self.bn1 = None if preact else nn.BatchNorm2d(16)
        cin = 16
        for s, (width, stride) in enumerate(((16, 1), (32, 2), (64, 2)), start=1):
            layer = []
            for i in range(blocks):
                st = stride if i == 0 else 1
                if kind == "bottleneck":
                    layer.append(Bottleneck(cin, width, st))
                    cin = 4 * width
                elif preact:
                    layer.append(PreAct(cin, width, st))
                    cin = width
                else:
                    layer.append(Basic(cin, width, st, residual=kind == "residual"))
                    cin = width
            setattr(self, "layer%d" % s, nn.Sequential(*layer))
        self.bn = nn.BatchNorm2d(cin) if preact else None
        self.fc = nn.Linear(cin, 10)

    def forward(self, x):
        x = self.conv1(x)
        if self.bn1 is not None:
            x = F.relu(self.bn1(x))
        x = self.layer3(self.layer2(self.layer1(x)))
        if self.bn is not None:
            x = F.relu(self.bn(x))
        return self.fc(x.mean(dim=(2, 3)))


# A gradient that is zero in exact arithmetic (in the pre-activation net, the stem's bias and the
# projections' batch-norm shifts: every path from them ends in a batch norm in training mode) is
# rounding noise in every implementation. Such a tensor, one whose largest magnitude in PyTorch's
# float64 run is below ZERO times the network's largest gradient, is measured against FLOOR times
# that largest gradient instead of against itself; every other tensor against itself.
ZERO = 1e-9
FLOOR = 1e-2
MODELS = {"resnet20": ("residual", 3), "plain20": ("plain", 3), "preact20": ("preact", 3),
          "bottleneck29": ("bottleneck", 3), "resnet56": ("residual", 9), "plain56": ("plain", 9)}


def rules(path):
    """torch-names.txt as (compiled Kiln pattern, PyTorch template) pairs, in order."""
    out = []
    for line in open(path, encoding="utf-8"):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        kiln, torch_name = line.split()
        parts = re.split(r"\{(\w+)\}", kiln)
        regex = "".join(re.escape(p) if i % 2 == 0 else "(?P<%s>[^.]+)" % p for i, p in enumerate(parts))
        out.append((re.compile(regex + r"\Z"), torch_name))
    return out


def to_torch(name, table):
    for regex, template in table:
        m = regex.match(name)
        if m:
            return re.sub(r"\{(\w+)\}", lambda g: m.group(g.group(1)), template)
    raise SystemExit("torch_parity: no rule in torch-names.txt covers %s" % name)


def rel(a, b, floor=0.0):
    """max |a - b| over max |b|, or over floor where the tensor's largest magnitude is below it."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise SystemExit("torch_parity: shapes differ, %s against Kiln's %s" % (a.shape, b.shape))
    scale = max(float(np.max(np.abs(b))), floor, 1e-300)
    return float(np.max(np.abs(a - b))) / scale


def run(kind, blocks, dtype, state, x, labels):
    """The PyTorch twin in dtype on the given state: both logits, the loss, gradients and buffers after."""
    net = Net(kind, blocks).to(dtype)
    missing, unexpected = net.load_state_dict({k: v.to(dtype) for k, v in state.items()}, strict=False)
    missing = [m for m in missing if not m.endswith("num_batches_tracked")]
    if missing or unexpected:
        raise SystemExit("torch_parity: names do not line up; PyTorch lacks %s, Kiln lacks %s" % (unexpected, missing))
    x = x.to(dtype)
    out = {}
    net.eval()
    with torch.no_grad():
        out["eval_logits"] = net(x).numpy()
    net.train()
    logits = net(x)
    loss = F.cross_entropy(logits, labels)
    loss.backward()
    out["train_logits"] = logits.detach().numpy()
    out["loss"] = np.array([loss.item()])
    for name, p in net.named_parameters():
        out["grad." + name] = p.grad.numpy()
    for name, b in net.named_buffers():
        if not name.endswith("num_batches_tracked"):
            out["after." + name] = b.numpy()
    return out


def zeros(exact, mapping, names, is_param):
    """The parameters whose gradient is zero in exact arithmetic, judged by PyTorch's float64 run, and the floor for them."""
    largest = max(float(np.max(np.abs(exact["grad." + mapping[k]]))) for k in names if is_param(k))
    zero = {k for k in names if is_param(k) and float(np.max(np.abs(exact["grad." + mapping[k]]))) < ZERO * largest}
    return zero, FLOOR * largest


def compare(kiln, torch_out, mapping, names, is_param, zero, floor):
    """Largest error of each quantity kind of Kiln's results (Kiln names) against PyTorch's (PyTorch names)."""
    errors, worst = {}, {}
    for q in ("eval_logits", "train_logits", "loss"):
        errors[q] = rel(kiln[q], torch_out[q])
    per = {"gradients": [], "running_stats": []}
    for k in names:
        if is_param(k):
            per["gradients"].append((k, rel(kiln["grad." + k], torch_out["grad." + mapping[k]], floor if k in zero else 0.0)))
        else:
            per["running_stats"].append((k, rel(kiln["after." + k], torch_out["after." + mapping[k]])))
    for q, items in per.items():
        worst[q] = max(items, key=lambda t: t[1])
        errors[q] = worst[q][1]
    return errors, worst, per


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--model", required=True, choices=sorted(MODELS))
    p.add_argument("--dtype", required=True, choices=["float32", "float64"])
    p.add_argument("--weights", required=True)
    p.add_argument("--results", required=True)
    p.add_argument("--names", required=True)
    p.add_argument("--tolerance", type=float)
    p.add_argument("--verbose", action="store_true", help="the five largest gradient errors")
    a = p.parse_args()
    tol = a.tolerance if a.tolerance is not None else (1e-6 if a.dtype == "float64" else 1e-4)
    torch.set_num_threads(2)
    table = rules(a.names)
    kind, blocks = MODELS[a.model]

    ckpt = np.load(a.weights)
    names = [k for k in ckpt.files if not k.startswith("meta.") and not k.startswith("optimizer.")]
    mapping = {k: to_torch(k, table) for k in names}
    if len(set(mapping.values())) != len(mapping):
        raise SystemExit("torch_parity: two Kiln names map to one PyTorch name")
    state = {mapping[k]: torch.from_numpy(np.array(ckpt[k])) for k in names}
    r = np.load(a.results)
    kiln = {k: np.array(r[k]) for k in r.files}
    x = torch.from_numpy(kiln["x"])
    labels = torch.from_numpy(kiln["labels"]).long()
    is_param = lambda k: "grad." + k in kiln

    # The reference is PyTorch in double precision on the same (float32-exact) weights and batch;
    # in float32, PyTorch's own float32 run is compared too and shown, not required.
    exact = run(kind, blocks, torch.float64, state, x, labels)
    zero, floor = zeros(exact, mapping, names, is_param)
    if zero:
        print("zero in exact arithmetic, measured against %.3g: %s" % (floor, ", ".join(sorted(zero))))
    errors, worst, per = compare(kiln, exact, mapping, names, is_param, zero, floor)
    against = "PyTorch in float64"
    for q, e in errors.items():
        where = " (%s)" % worst[q][0] if q in worst else ""
        print("%-14s largest relative error %.3g against %s%s, %s" % (q, e, against, where, "ok" if e <= tol else "ABOVE %g" % tol))
    summary = {"model": a.model, "dtype": a.dtype, "tolerance": tol, "reference": against, **errors}
    if a.dtype == "float32":
        single = run(kind, blocks, torch.float32, state, x, labels)
        e32, _, _ = compare(kiln, single, mapping, names, is_param, zero, floor)
        t32, _, _ = compare({**single, **{"grad." + k: single["grad." + mapping[k]] for k in names if is_param(k)},
                             **{"after." + k: single["after." + mapping[k]] for k in names if not is_param(k)}},
                            exact, mapping, names, is_param, zero, floor)
        print("against PyTorch in float32 (shown, not required): " + ", ".join("%s %.3g" % kv for kv in e32.items()))
        print("PyTorch float32 against float64, for scale:       " + ", ".join("%s %.3g" % kv for kv in t32.items()))
        summary["kiln_vs_pytorch_float32"] = e32
        summary["pytorch_float32_vs_float64"] = t32
    if a.verbose:
        for k, e in sorted(per["gradients"], key=lambda g: -g[1])[:5]:
            print("  %-36s %.3g, largest |gradient| %.3g" % (k, e, np.max(np.abs(kiln["grad." + k]))))
    print("%d parameters' gradients and %d running statistics compared" % (len(per["gradients"]), len(per["running_stats"])))
    print(json.dumps(summary))
    sys.exit(0 if all(e <= tol for e in errors.values()) else 1)


if __name__ == "__main__":
    main()
