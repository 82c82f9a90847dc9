package dev.kiln.spark;

import dev.kiln.runtime.data.Dataset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Which worker trains which examples, and in which order. Once per run, every example gets a
 * position in a permutation drawn from the run's seed, and position p goes to worker p mod W:
 * shards are random and as equal as can be (they differ by at most one example). Every epoch,
 * each worker visits its shard in an order drawn from (seed, epoch, worker); the examples past the
 * last whole batch of the smallest shard are left out of that epoch, a different few each time.
 * Shards stay where they are: an epoch moves no data.
 */
public final class Sharding {
    private Sharding() {}

    /** {@code data} as exactly {@code workers} shards, cached; the permutation is drawn from {@code seed}. */
    static JavaRDD<Shard> shard(JavaSparkContext sc, JavaRDD<LabeledImage> data, ImageShape shape, int workers, long seed) {
        long n = data.count();
        if (n < workers) {
            throw new IllegalArgumentException("the training set has " + n + " examples, fewer than the " + workers + " workers");
        }
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("the training set has " + n + " examples; at most " + (Integer.MAX_VALUE - 8) + " fit");
        }
        Broadcast<int[]> positions = sc.broadcast(permutation((int) n, Seeds.mix(seed, 0x5A4D)));
        JavaRDD<Shard> shards = data.zipWithIndex()
                .mapToPair(t -> new Tuple2<>(positions.value()[(int) (long) t._2()], t._1()))
                .partitionBy(new ByPosition(workers))
                .mapPartitionsWithIndex((worker, rows) -> {
                    List<Tuple2<Integer, LabeledImage>> list = new ArrayList<>();
                    rows.forEachRemaining(list::add);
                    list.sort(Comparator.comparing(Tuple2::_1)); // the shuffle delivers rows in any order
                    return List.of(Shard.of("shard " + worker, list.stream().map(Tuple2::_2).iterator(), shape)).iterator();
                }, true)
                .persist(StorageLevel.MEMORY_AND_DISK());
        shards.count();
        positions.destroy();
        return shards;
    }

    /** The test set as one shard per partition it has, cached, in its own order. */
    static JavaRDD<Shard> asIs(JavaRDD<LabeledImage> data, ImageShape shape) {
        JavaRDD<Shard> shards = data.mapPartitionsWithIndex((p, rows) -> List.of(Shard.of("test partition " + p, rows, shape))
                .iterator(), true).persist(StorageLevel.MEMORY_AND_DISK());
        shards.count();
        return shards;
    }

    /** Epoch {@code epoch}'s order of a shard of {@code size} examples on worker {@code worker}. */
    public static int[] epochOrder(int size, long seed, int epoch, int worker) {
        return permutation(size, Seeds.mix(seed, epoch, worker));
    }

    /** The indices into its shard of the examples worker {@code worker} trains in steps [first, first + steps) of an epoch. */
    static int[] roundExamples(int shardSize, long seed, int epoch, int worker, int first, int steps, int batch) {
        int[] order = epochOrder(shardSize, seed, epoch, worker);
        int[] chosen = new int[steps * batch];
        System.arraycopy(order, first * batch, chosen, 0, chosen.length);
        return chosen;
    }

    /** Worker {@code worker}'s data for steps [first, first + steps) of an epoch, as a data set. */
    static Dataset roundData(Shard shard, long seed, int epoch, int worker, int first, int steps, int batch) {
        return shard.select("worker " + worker + ", epoch " + epoch + ", steps " + first + "…" + (first + steps - 1),
                roundExamples(shard.size(), seed, epoch, worker, first, steps, batch));
    }

    /** A Fisher–Yates permutation of 0..n−1. */
    static int[] permutation(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** Position p to partition p mod W. */
    static final class ByPosition extends Partitioner {
        private final int workers;

        ByPosition(int workers) {
            this.workers = workers;
        }

        @Override
        public int numPartitions() {
            return workers;
        }

        @Override
        public int getPartition(Object key) {
            return (Integer) key % workers;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ByPosition b && b.workers == workers;
        }

        @Override
        public int hashCode() {
            return workers;
        }
    }
}
