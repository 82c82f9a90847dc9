package dev.kiln.bench;

import dev.kiln.runtime.Network;
import dev.kiln.runtime.io.AtomicFile;
import dev.kiln.runtime.train.BatchSource;
import dev.kiln.runtime.train.Optimizer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * A long training run that watches memory: {@code steps} training steps, epoch after epoch of
 * {@code data}, with the process's resident memory, ND4J's off-heap bytes and the Java heap
 * sampled every {@code every} steps. After {@code warmup} steps every buffer a step needs should
 * exist, so from then on the figures should stay flat; {@link Result#drift} says how far they
 * moved from their value at the end of warm-up.
 */
public final class MemorySoak {
    /** One reading. */
    public record Sample(long step, double seconds, double loss, ProcessMemory memory) {}

    /** The readings, and the worst relative change after warm-up of resident and off-heap memory. */
    public record Result(List<Sample> samples, Sample baseline, double residentDrift, double offHeapDrift) {
        /** The larger of the two drifts. */
        public double drift() {
            return Math.max(residentDrift, offHeapDrift);
        }
    }

    private final Network net;
    private final Optimizer optimizer;
    private final BatchSource data;

    public MemorySoak(Network net, Optimizer optimizer, BatchSource data) {
        this.net = net;
        this.optimizer = optimizer;
        this.data = data;
    }

    /** Runs the steps; prints one line per sample to {@code log}. */
    public Result run(long steps, long warmup, long every, PrintStream log) {
        if (steps < 1 || warmup < 0 || warmup >= steps || every < 1) {
            throw new IllegalArgumentException("need steps ≥ 1, 0 ≤ warmup < steps and every ≥ 1, but got "
                    + steps + ", " + warmup + " and " + every);
        }
        List<Sample> samples = new ArrayList<>();
        Sample baseline = null;
        long start = System.nanoTime();
        long step = 0;
        for (int epoch = 1; step < steps; epoch++) {
            Iterator<BatchSource.Batch> it = data.epoch(epoch);
            while (it.hasNext() && step < steps) {
                BatchSource.Batch b = it.next();
                double loss = net.trainStep(b.images(), b.labels(), optimizer);
                step++;
                if (step % every == 0 || step == warmup || step == steps) {
                    Sample s = new Sample(step, (System.nanoTime() - start) / 1e9, loss, ProcessMemory.now());
                    samples.add(s);
                    if (step == warmup) {
                        baseline = s;
                    }
                    log.printf(Locale.ROOT, "step %6d  %7.1f s  loss %.4f  resident %8.1f MiB  off-heap %8.1f MiB  heap %7.1f MiB%n",
                            step, s.seconds(), loss, ProcessMemory.mib(s.memory().residentBytes()),
                            ProcessMemory.mib(s.memory().offHeapBytes()), ProcessMemory.mib(s.memory().heapUsedBytes()));
                }
            }
        }
        if (baseline == null) {
            baseline = samples.get(0);
        }
        double resident = 0;
        double offHeap = 0;
        for (Sample s : samples) {
            if (s.step() > baseline.step()) {
                resident = Math.max(resident, change(s.memory().residentBytes(), baseline.memory().residentBytes()));
                offHeap = Math.max(offHeap, change(s.memory().offHeapBytes(), baseline.memory().offHeapBytes()));
            }
        }
        return new Result(List.copyOf(samples), baseline, resident, offHeap);
    }

    /** |value − base| / base; 0 when the base is unknown. */
    public static double change(long value, long base) {
        return base > 0 ? Math.abs(value - base) / (double) base : 0;
    }

    /** The samples as CSV: step, seconds, loss, resident, peak resident, off-heap and heap bytes. */
    public static void writeCsv(Path file, Result result) throws IOException {
        StringBuilder csv = new StringBuilder("step,seconds,loss,resident_bytes,peak_resident_bytes,offheap_bytes,heap_used_bytes\n");
        for (Sample s : result.samples()) {
            ProcessMemory m = s.memory();
            csv.append(String.format(Locale.ROOT, "%d,%.3f,%.6f,%d,%d,%d,%d%n", s.step(), s.seconds(), s.loss(),
                    m.residentBytes(), m.peakResidentBytes(), m.offHeapBytes(), m.heapUsedBytes()));
        }
        AtomicFile.writeString(file, csv);
    }
}
