package dev.kiln.spark;

import org.apache.spark.SparkConf;

/**
 * Spark settings that suit {@link SparkTrainer}'s traffic, applied where the user has not set
 * them. Every round moves the whole training state as one vector of doubles each way (megabytes:
 * 4.4 MB for ResNet-20 with momentum), which Spark by default compresses as a broadcast (random
 * doubles do not compress) and, past 1 MB, returns from a task through a second fetch of the
 * block manager instead of with the task's status. Timed inside ResNet-20 rounds on
 * {@code local[2]}, the two settings took the driver's share of a round (broadcast, scheduling,
 * results) from about 95 to about 50 ms (docs/distributed.md).
 */
public final class SparkSettings {
    private SparkSettings() {}

    /** Sets {@code spark.broadcast.compress=false} and {@code spark.task.maxDirectResultSize=64m} unless {@code conf} has them. */
    public static SparkConf forTraining(SparkConf conf) {
        conf.setIfMissing("spark.broadcast.compress", "false");
        conf.setIfMissing("spark.task.maxDirectResultSize", "64m");
        return conf;
    }
}
