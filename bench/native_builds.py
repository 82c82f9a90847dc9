#!/usr/bin/env python3
"""ND4J's native builds side by side, for Kiln's own work, in alternating rounds.

Each round runs, for every build in turn, one `./kiln bench` process (ResNet-20, training step and
inference) and one `./kiln train` of LeNet on a slice of Fashion-MNIST, the build forced with
-Dkiln.native. Rounds rotate the order of the builds, so that a drift in the machine's speed
spreads over all of them; the table gives each build's median over the rounds and its ratio to
the first build's median. Needs a built ./kiln and Fashion-MNIST (apt-get install
dataset-fashion-mnist). Prints the CPU; nothing is asserted.

    python3 bench/native_builds.py --rounds 3 --builds onednn-avx512,onednn-avx2,onednn
"""
import argparse
import json
import os
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown CPU"


def kiln(build, args):
    env = dict(os.environ, KILN_JAVA_OPTS=(os.environ.get("KILN_JAVA_OPTS", "") + " -Dkiln.native=" + build).strip())
    out = subprocess.run([os.path.join(ROOT, "kiln")] + args, env=env, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit("native_builds: %s on %s failed (exit %d):\n%s" % (" ".join(args), build, out.returncode, out.stderr[-2000:]))
    return [json.loads(l) for l in out.stdout.splitlines() if l.startswith("{")]


def measure(build, batch, lenet_images):
    r = [x for x in kiln(build, ["bench", "--model", "resnet20", "--batch", str(batch), "--systems", "kiln", "--json"])
         if x.get("system") == "kiln"][0]
    t = kiln(build, ["train", "--model", "lenet", "--epochs", "1", "--limit-train", str(lenet_images), "--no-augment",
                     "--json", "--out", os.path.join("/tmp", "kiln-native-builds-" + build)])[-1]
    return {"resnet20 train img/s": r["train_img_per_s"], "resnet20 infer img/s": r["infer_img_per_s"],
            "lenet train img/s": t["img_per_s"]}


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--builds", default="onednn-avx512,onednn-avx2,onednn")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--lenet-images", type=int, default=15360)
    a = p.parse_args()
    builds = a.builds.split(",")
    print("CPU: %s, %d cores" % (cpu_model(), os.cpu_count()), flush=True)
    runs = {b: [] for b in builds}
    for r in range(a.rounds):
        order = builds[r % len(builds):] + builds[:r % len(builds)]
        for b in order:
            m = measure(b, a.batch, a.lenet_images)
            runs[b].append(m)
            print("round %d, %s: %s" % (r + 1, b, ", ".join("%s %.1f" % kv for kv in m.items())), flush=True)
    keys = list(runs[builds[0]][0].keys())
    print("\nmedians over %d rounds (ratio to %s)" % (a.rounds, builds[0]))
    print("%-16s" % "build" + "".join("%26s" % k for k in keys))
    base = {k: statistics.median(m[k] for m in runs[builds[0]]) for k in keys}
    for b in builds:
        med = {k: statistics.median(m[k] for m in runs[b]) for k in keys}
        print("%-16s" % b + "".join("%17.1f (%.3f×)" % (med[k], med[k] / base[k]) for k in keys))


if __name__ == "__main__":
    main()
