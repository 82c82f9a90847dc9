package dev.kiln.spark;

import dev.kiln.runtime.Inputs;
import dev.kiln.runtime.Network;
import dev.kiln.runtime.data.Augmentation;
import dev.kiln.runtime.data.Batch;
import dev.kiln.runtime.data.BatchLoader;
import dev.kiln.runtime.data.BatchOptions;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.data.Normalization;
import dev.kiln.runtime.metrics.Accuracy;
import dev.kiln.runtime.train.Optimizer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One worker's part of a round, a pure function of the broadcast state, the round's plan, the
 * worker's index and its shard: load the state into this thread's network and optimizer, train
 * the round's steps on the worker's batches, and answer with the state it reached
 * ({@link RoundResult}). Dropout and augmentation draw from seeds made of the run's seed, the
 * epoch, the worker and the step, so a retried attempt computes exactly what the first did.
 */
final class WorkerRound {
    private WorkerRound() {}

    static double[] run(RoundPlan plan, double[] state, int worker, Shard shard) {
        WorkerReplicas.Replica replica = WorkerReplicas.forRound(plan);
        Network net = replica.net();
        Optimizer opt = replica.optimizer();
        StateLayout layout = replica.layout();
        if (state.length != layout.length()) {
            throw new IllegalStateException("the broadcast state has " + state.length + " values, but this worker's "
                    + net.name() + " and " + opt.getClass().getSimpleName() + " need " + layout.length());
        }
        layout.read(state, 0, net, opt);
        net.setLabelSmoothing(plan.labelSmoothing());
        net.reseed(Seeds.mix(plan.seed(), plan.epoch(), worker, plan.first(), 0xD50));
        double[] result = RoundResult.empty(layout.length());
        int[] labels = new int[plan.batch()];
        try (BatchLoader loader = batches(plan, worker, shard)) {
            int k = 0;
            for (Batch b : loader.epoch(0)) {
                opt.setLearningRate(plan.rates()[k]);
                INDArray logits = net.trainForward(b.features());
                double loss = net.loss(b.labels());
                if (!Double.isFinite(loss)) {
                    RoundResult.fail(result, worker, plan.first() + k, -1, loss);
                    return result;
                }
                int n = b.size();
                Inputs.labels(net.name(), b.labels(), n, net.classes(), labels);
                result[RoundResult.CORRECT] += Accuracy.correct(logits, labels, n);
                result[RoundResult.LOSS_SUM] += loss * n;
                result[RoundResult.EXAMPLES] += n;
                net.backward();
                opt.step(net.parameters());
                k++;
            }
        }
        layout.write(net, opt, result, RoundResult.HEADER);
        for (int i = RoundResult.HEADER; i < result.length; i++) {
            if (!Double.isFinite(result[i])) {
                RoundResult.fail(result, worker, plan.first() + plan.steps() - 1, i - RoundResult.HEADER, Double.NaN);
                return result;
            }
        }
        return result;
    }

    /**
     * The round's batches on worker {@code worker}: its shard's examples for the round's steps in
     * the epoch's order, normalised and augmented with draws seeded by (seed, epoch, worker, step).
     * Iterate {@code epoch(0)}.
     */
    static BatchLoader batches(RoundPlan plan, int worker, Shard shard) {
        Dataset data = Sharding.roundData(shard, plan.seed(), plan.epoch(), worker, plan.first(), plan.steps(), plan.batch());
        BatchOptions options = new BatchOptions(plan.batch(), Seeds.mix(plan.seed(), plan.epoch(), worker, plan.first()), false,
                new Normalization(plan.mean(), plan.std()), new Augmentation(plan.pad(), plan.flip()), false);
        return new BatchLoader(data, options);
    }
}
