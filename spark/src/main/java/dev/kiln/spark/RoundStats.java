package dev.kiln.spark;

/**
 * What a run's rounds cost: their number, their wall time on the driver (broadcast, the workers'
 * steps, aggregation) and the bytes of training state they moved: the broadcast to each worker
 * and each worker's answer, 8 bytes a value.
 */
public final class RoundStats {
    private long rounds;
    private long nanos;
    private long bytes;

    void add(long roundNanos, int workers, long stateBytes) {
        rounds++;
        nanos += roundNanos;
        bytes += 2L * workers * stateBytes;
    }

    public long rounds() {
        return rounds;
    }

    public double seconds() {
        return nanos / 1e9;
    }

    /** State bytes moved per round: the broadcast to every worker and every worker's answer. */
    public double bytesPerRound() {
        return rounds == 0 ? 0 : (double) bytes / rounds;
    }
}
