package dev.kiln.samples.experiment;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Everything a degradation run holds fixed across its networks: the same data (subset, order,
 * augmentation), the same initialisation seed, optimizer and schedule for every twin and depth.
 *
 * @param depths      the depths to compare, shallow to deep, each trained plain and residual
 * @param limitTrain  train on the first N training images (0: all 60,000)
 * @param limitTest   evaluate on the first N test images (0: all 10,000)
 * @param schedule    {@code step} (÷10 after half and three quarters of the epochs, as the paper), {@code cosine} or {@code constant}
 * @param warmup      steps of linear warm-up to the peak rate (0: none), the same for every network
 */
public record DegradationSettings(List<Integer> depths, int epochs, int limitTrain, int limitTest, int batch,
                                  double learningRate, double momentum, double weightDecay, String schedule,
                                  int warmup, boolean augment, long seed, Optional<Path> data, Path out) {
    public DegradationSettings {
        depths = depths.stream().distinct().sorted().toList();
        if (depths.isEmpty()) {
            throw new IllegalArgumentException("--depths needs at least one depth, e.g. 20,56");
        }
        depths.forEach(d -> new Twin(d, false));
        if (epochs < 1 || batch < 1) {
            throw new IllegalArgumentException("--epochs and --batch must be at least 1, but are " + epochs + " and " + batch);
        }
        if (limitTrain < 0 || limitTest < 0 || warmup < 0) {
            throw new IllegalArgumentException("--limit-train, --limit-test and --warmup must be ≥ 0 (0: all images, no "
                    + "warm-up), but are " + limitTrain + ", " + limitTest + " and " + warmup);
        }
        if (!(learningRate > 0) || !(momentum >= 0 && momentum < 1) || !(weightDecay >= 0)) {
            throw new IllegalArgumentException("--lr must be > 0, --momentum in [0, 1) and --weight-decay ≥ 0, but are "
                    + learningRate + ", " + momentum + " and " + weightDecay);
        }
    }

    /** Every network of the run in training order: per depth, the plain net then its residual twin. */
    public List<Twin> twins() {
        return depths.stream().flatMap(d -> java.util.stream.Stream.of(new Twin(d, false), new Twin(d, true))).toList();
    }

    /** The deepest depth: its twins' gradient norms are recorded during the first epoch. */
    public int deepest() {
        return depths.get(depths.size() - 1);
    }
}
