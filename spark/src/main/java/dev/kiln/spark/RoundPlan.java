package dev.kiln.spark;

import java.io.Serializable;

/**
 * What one round asks of every worker, beside the broadcast state: the steps of the epoch it
 * trains, their learning rates (from the driver's schedule), and the run's fixed settings. With
 * the broadcast state and the worker's shard it determines the worker's result completely.
 *
 * @param job       identifies the run, so a worker thread reuses its network across rounds
 * @param epoch     the epoch (from 1)
 * @param first     the epoch's step this round starts at (from 0)
 * @param rates     one learning rate per step of the round
 * @param batch     examples per worker per step
 */
record RoundPlan(String job, NetworkFactory nets, OptimizerFactory optimizers, long seed, int epoch, int first,
                 double[] rates, int batch, double labelSmoothing, double[] mean, double[] std, int pad, boolean flip)
        implements Serializable {
    int steps() {
        return rates.length;
    }
}
