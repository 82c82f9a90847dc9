package dev.kiln.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * This process's memory as the operating system sees it: resident set size and its peak
 * ({@code VmRSS}, {@code VmHWM} of {@code /proc/self/status}); the Java heap in use; and the
 * memory outside the JVM's own pools, {@code offHeapBytes}: resident minus what the JVM has
 * committed for its heap and non-heap pools. ND4J allocates its arrays in native code that
 * neither JavaCPP's counters nor ND4J's {@code AllocationsTracker} see on the CPU backend, so
 * this difference is the closest measure of ND4J's (and oneDNN's and glibc's) off-heap memory.
 */
public record ProcessMemory(long residentBytes, long peakResidentBytes, long offHeapBytes, long heapUsedBytes) {
    private static final Path STATUS = Path.of("/proc/self/status");

    /** Reads the figures now; on a system without {@code /proc}, the resident and off-heap figures are -1. */
    public static ProcessMemory now() {
        MemoryMXBean jvm = ManagementFactory.getMemoryMXBean();
        MemoryUsage heap = jvm.getHeapMemoryUsage();
        long committed = heap.getCommitted() + jvm.getNonHeapMemoryUsage().getCommitted();
        if (!Files.isReadable(STATUS)) {
            return new ProcessMemory(-1, -1, -1, heap.getUsed());
        }
        try {
            List<String> lines = Files.readAllLines(STATUS);
            long resident = kib(lines, "VmRSS:");
            return new ProcessMemory(resident, kib(lines, "VmHWM:"), Math.max(0, resident - committed), heap.getUsed());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + STATUS, e);
        }
    }

    /** The value of the {@code key} line ({@code "VmRSS:   123456 kB"}) in bytes, or -1 if absent. */
    static long kib(List<String> lines, String key) {
        for (String line : lines) {
            if (line.startsWith(key)) {
                String[] words = line.substring(key.length()).trim().split("\\s+");
                return Long.parseLong(words[0]) * 1024;
            }
        }
        return -1;
    }

    public static double mib(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }
}
