package dev.kiln.spark;

/**
 * The seeds of a distributed run, each a pure function of the run's seed and where it is used
 * (epoch, partition, step), so a retried task draws exactly what its first attempt drew.
 */
final class Seeds {
    private Seeds() {}

    /** SplitMix64's finaliser over the parts in turn: well-spread seeds from small integers. */
    static long mix(long seed, long... parts) {
        long h = scramble(seed);
        for (long p : parts) {
            h = scramble(h ^ scramble(p + 0x9E3779B97F4A7C15L));
        }
        return h;
    }

    private static long scramble(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
