#!/usr/bin/env python3
"""The benchmark's ResNets in PyTorch, timed as `./kiln bench --systems pytorch` times them.

Same networks as Kiln's samples ResNet20/ResNet56 (He et al. 2015, CIFAR design, for 1x28x28
input): conv3x3-BN-ReLU stem with 16 filters, three stages of n basic blocks (16/32/64 wide,
stride 2 at the start of stages 2 and 3), a 1x1 conv + BN projection where the shape changes,
global average pooling, a dense layer to 10 classes, softmax cross-entropy, SGD with Nesterov
momentum 0.9, lr 0.1, weight decay 5e-4. float32, NCHW, eager mode, random inputs; with --jit,
inference only, by torch.jit.optimize_for_inference (`./kiln bench --systems pytorch-jit`).

Prints one JSON line with the fields of Kiln's BenchResult: model, batch, system,
train_img_per_s, infer_img_per_s, train_ms, infer_ms (medians), infer_p99_ms (at batch 1, over
300 calls or more), peak_rss_bytes (ru_maxrss at the end of the training runs), params,
training_bytes (null), conv_ms (the part of train_ms the convolutions take, forward and backward:
their share of the step by torch.profiler, over --profile-steps steps run after the timed ones,
times the median step), note.

    python3 bench/pytorch_resnet.py --model resnet20 --batch 128 --warmup 2 --repeats 5 --threads 2

Debian's python3-torch (1.13) installs for /usr/bin/python3.
"""
import argparse
import json
import math
import resource
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

BLOCKS = {"resnet20": 3, "resnet32": 5, "resnet44": 7, "resnet56": 9, "resnet110": 18}


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.shortcut = nn.Sequential()
        if stride != 1 or cin != cout:
            self.shortcut = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, 0, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        return F.relu(y + self.shortcut(x))


class ResNet(nn.Module):
    def __init__(self, n, classes=10):
        super().__init__()
        self.conv = nn.Conv2d(1, 16, 3, 1, 1, bias=False)
        self.bn = nn.BatchNorm2d(16)
        layers, cin = [], 16
        for width, stride in ((16, 1), (32, 2), (64, 2)):
            for i in range(n):
                layers.append(BasicBlock(cin, width, stride if i == 0 else 1))
                cin = width
        self.stages = nn.Sequential(*layers)
        self.fc = nn.Linear(64, classes)
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, nonlinearity="relu")

    def forward(self, x):
        x = F.relu(self.bn(self.conv(x)))
        x = self.stages(x)
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))


def timed_ms(fn, warmup, repeats, warmup_seconds=0.0):
    """`repeats` timed runs, sorted, after at least `warmup` untimed ones and, as in Kiln's
    Timer, until `warmup_seconds` have passed as well (at most 500 runs)."""
    start = time.perf_counter()
    done = 0
    while done < warmup or (time.perf_counter() - start < warmup_seconds and done < 500):
        fn()
        done += 1
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return sorted(times)


def median_ms(fn, warmup, repeats, warmup_seconds=0.0):
    return statistics.median(timed_ms(fn, warmup, repeats, warmup_seconds))


LATENCY_CALLS = 300  # as Kiln's Timer: at batch 1, enough calls for a 99th percentile


def p99(sorted_ms):
    """The nearest-rank 99th percentile, as Kiln's Timer.percentile."""
    return sorted_ms[max(0, min(len(sorted_ms) - 1, math.ceil(0.99 * len(sorted_ms)) - 1))]


PROFILE_STEPS = 5


def convolution_share(step, steps):
    """The share of a training step's CPU time in convolution ops, by torch.profiler's self times.

    Self times are exclusive, so the convolutions (aten::mkldnn_convolution forward,
    aten::convolution_backward and what it calls) are counted once each and everything else —
    batch norm, ReLU, the adds, the optimizer, autograd's bookkeeping — is the rest. The profiler
    slows every op a little; the share, not its milliseconds, is what is kept.
    """
    from torch.profiler import ProfilerActivity, profile
    with profile(activities=[ProfilerActivity.CPU]) as prof:
        for _ in range(steps):
            step()
    events = prof.key_averages()
    total = sum(e.self_cpu_time_total for e in events)
    conv = sum(e.self_cpu_time_total for e in events if "convolution" in e.key)
    return conv / total if total > 0 else None


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--model", default="resnet20", choices=sorted(BLOCKS))
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--warmup-seconds", type=float, default=0.0)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--inference-only", action="store_true", help="time inference alone, no training steps")
    p.add_argument("--profile-steps", type=int, default=PROFILE_STEPS,
                   help="training steps run under torch.profiler for the convolutions' share (0: none)")
    p.add_argument("--jit", action="store_true",
                   help="inference only, by torch.jit.optimize_for_inference (which freezes the module and folds batch norm)")
    a = p.parse_args()

    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    net = ResNet(BLOCKS[a.model])
    x = torch.rand(a.batch, 1, 28, 28)
    y = torch.randint(0, 10, (a.batch,))
    opt = torch.optim.SGD(net.parameters(), lr=0.1, momentum=0.9, nesterov=True, weight_decay=5e-4)

    def train_step():
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(net(x), y)
        loss.backward()
        opt.step()

    train_ms = None
    conv_ms = None
    peak = None
    if not a.jit and not a.inference_only:
        net.train()
        train_ms = median_ms(train_step, a.warmup, a.repeats, a.warmup_seconds)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # kB on Linux
        if a.profile_steps > 0:
            share = convolution_share(train_step, a.profile_steps)
            conv_ms = None if share is None else train_ms * share

    net.eval()
    model = torch.jit.optimize_for_inference(torch.jit.script(net)) if a.jit else net

    def infer():
        with torch.no_grad():
            model(x)

    calls = max(a.repeats, LATENCY_CALLS) if a.batch == 1 else a.repeats
    infer_runs = timed_ms(infer, a.warmup, calls, a.warmup_seconds)
    infer_ms = statistics.median(infer_runs)
    if peak is None:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps({
        "model": a.model, "batch": a.batch, "system": "pytorch-jit" if a.jit else "pytorch",
        "train_img_per_s": None if train_ms is None else round(a.batch * 1000 / train_ms, 3),
        "infer_img_per_s": round(a.batch * 1000 / infer_ms, 3),
        "train_ms": None if train_ms is None else round(train_ms, 3), "infer_ms": round(infer_ms, 3),
        "infer_p99_ms": round(p99(infer_runs), 3) if a.batch == 1 else None, "peak_rss_bytes": peak,
        "params": sum(t.numel() for t in net.parameters()), "training_bytes": None,
        "conv_ms": None if conv_ms is None else round(conv_ms, 3),
        "note": "PyTorch %s %s, float32 NCHW, %d threads (torch.set_num_threads), oneDNN %s"
                % (torch.__version__, "torch.jit.optimize_for_inference, inference only" if a.jit else "eager",
                   torch.get_num_threads(), torch.backends.mkldnn.is_available()),
    }, separators=(",", ":")))


if __name__ == "__main__":
    main()
