#!/usr/bin/env python3
"""Where a generated training step's time goes, measured inside the step itself.

`./kiln profile` times each kernel alone on warm caches; inside a step every tensor comes from
main memory and the convolutions' threads share the cores with Kiln's loops, so the two differ
by up to 2x. This script takes the generated source of a sample network (after `./kiln` has
built it), wraps every kernel call in a timer, compiles that copy next to the real classes, and
runs training steps and inference passes on a random batch, printing per kind of call the mean
milliseconds per step. It changes nothing in the build; the copy lives in a temporary folder.

    python3 bench/step_split.py [--model ResNet20] [--batch 128] [--steps 40] [--by-layer]

Run it with the launcher's environment (the allocator and OpenMP settings of ./kiln), e.g.
    MALLOC_TRIM_THRESHOLD_=100000000000 MALLOC_MMAP_THRESHOLD_=33554432 \
    MALLOC_TOP_PAD_=536870912 GOMP_SPINCOUNT=1000 python3 bench/step_split.py
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODELS = os.path.join(ROOT, "samples/target/generated-sources/annotations/dev/kiln/samples/models")
CALL = re.compile(r"^(\s+)((\w+)\.(forward|backward|backwardOfSum|pass)\(.*\);)\s*$")

TIMES = """package dev.kiln.samples.models;

import java.util.Map;
import java.util.TreeMap;

public final class StepTimes {
    private static final Map<String, long[]> TOTAL = new TreeMap<>();
    public static boolean on;

    public static void add(String kind, long start) {
        if (on) {
            long[] t = TOTAL.computeIfAbsent(kind, k -> new long[2]);
            t[0] += System.nanoTime() - start;
            t[1]++;
        }
    }

    public static void print(String what, int steps, double wall) {
        double sum = 0;
        System.out.printf("%s: %.1f ms per step (wall, mean of %d)%n", what, wall, steps);
        for (Map.Entry<String, long[]> e : TOTAL.entrySet()) {
            double ms = e.getValue()[0] / 1e6 / steps;
            sum += ms;
            System.out.printf("  %-40s %8.2f ms  %3d calls%n", e.getKey(), ms, e.getValue()[1] / steps);
        }
        System.out.printf("  %-40s %8.2f ms%n", "sum of the timed calls", sum);
        TOTAL.clear();
    }
}
"""

DRIVER = """import dev.kiln.runtime.Network;
import dev.kiln.runtime.train.Sgd;
import dev.kiln.samples.models.StepTimes;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

public class StepSplit {
    public static void main(String[] args) {
        int batch = Integer.parseInt(args[0]);
        int steps = Integer.parseInt(args[1]);
        Nd4j.getRandom().setSeed(7);
        Network net = dev.kiln.samples.models.Kiln%MODEL%.create(1);
        INDArray x = Nd4j.rand(DataType.FLOAT, batch, 1, 28, 28);
        INDArray y = Nd4j.rand(DataType.FLOAT, batch).muli(10).castTo(DataType.INT32);
        Sgd sgd = new Sgd(0.1, 0.9, true, 5e-4);
        for (int i = 0; i < 15; i++) {
            net.trainStep(x, y, sgd);
        }
        StepTimes.on = true;
        long t0 = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            net.trainStep(x, y, sgd);
        }
        StepTimes.print("training step", steps, (System.nanoTime() - t0) / 1e6 / steps);
        StepTimes.on = false;
        for (int i = 0; i < 10; i++) {
            net.predict(x);
        }
        StepTimes.on = true;
        t0 = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            net.predict(x);
        }
        StepTimes.print("inference", steps, (System.nanoTime() - t0) / 1e6 / steps);
    }
}
"""


def kind(obj, method, line, by_layer):
    if by_layer:
        name = obj
    elif obj.endswith("Conv"):
        name = "Conv2d"
    elif obj.endswith("Bn"):
        name = "BatchNorm"
    else:
        name = obj
    args = line[line.index("(") + 1:line.rindex(")")].split(", ")
    detail = ""
    if name == "BatchNorm" or (by_layer and obj.endswith("Bn")):
        # forward(training, x, γ, β, mean, var, [shortcut,] y[, relu]): 7 plain, 8 with the ReLU, 9 with the shortcut
        if method == "backward" and len(args) == 8:
            detail = " (ReLU mask)"
        elif method == "forward" and len(args) == 9:
            detail = " + shortcut" + (" + ReLU" if args[-1].endswith("true") else "")
        elif method == "forward" and len(args) == 8:
            detail = " + ReLU"
    if method == "backward" and "Conv" in obj and "accumulate= */ true" in line:
        detail = " (accumulating)"
    return f"{name}.{method}{detail}"


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--model", default="ResNet20")
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--steps", type=int, default=40)
    p.add_argument("--by-layer", action="store_true", help="one line per kernel field instead of per kind")
    a = p.parse_args()
    source = os.path.join(MODELS, f"Kiln{a.model}.java")
    classpath_file = os.path.join(ROOT, "samples/target/classpath.txt")
    if not os.path.exists(source) or not os.path.exists(classpath_file):
        sys.exit(f"step_split: {source} or {classpath_file} is missing; run ./kiln --help once to build Kiln")
    out = []
    for line in open(source, encoding="utf-8").read().split("\n"):
        m = CALL.match(line)
        if m:
            k = kind(m.group(3), m.group(4), line, a.by_layer)
            line = f'{m.group(1)}{{ long t0 = System.nanoTime(); {m.group(2)} StepTimes.add("{k}", t0); }}'
        out.append(line)
    classpath = os.path.join(ROOT, "samples/target/classes") + ":" + open(classpath_file).read().strip()
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "src")
        os.makedirs(src)
        with open(os.path.join(src, f"Kiln{a.model}.java"), "w", encoding="utf-8") as f:
            f.write("\n".join(out))
        with open(os.path.join(src, "StepTimes.java"), "w", encoding="utf-8") as f:
            f.write(TIMES)
        with open(os.path.join(src, "StepSplit.java"), "w", encoding="utf-8") as f:
            f.write(DRIVER.replace("%MODEL%", a.model))
        classes = os.path.join(tmp, "classes")
        subprocess.run(["javac", "-nowarn", "-proc:none", "-cp", classpath, "-d", classes]
                       + [os.path.join(src, n) for n in os.listdir(src)], check=True)
        java_opts = os.environ.get("KILN_JAVA_OPTS", "").split()
        subprocess.run(["java", *java_opts, "-cp", classes + ":" + classpath, "StepSplit", str(a.batch), str(a.steps)], check=True)


if __name__ == "__main__":
    main()
