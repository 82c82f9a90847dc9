package dev.kiln.spark;

import dev.kiln.runtime.Network;
import dev.kiln.runtime.train.Optimizer;

/**
 * The network and optimizer a worker thread trains with, made on its first round of a run and
 * kept for the next: a network's buffers are allocated once, as on one machine. Every round
 * overwrites all of their state, so what a thread did before never shows in a result.
 */
final class WorkerReplicas {
    /** One thread's network, optimizer and state layout for one run. */
    record Replica(String job, Network net, Optimizer optimizer, StateLayout layout) {}

    private static final ThreadLocal<Replica> CURRENT = new ThreadLocal<>();

    private WorkerReplicas() {}

    static Replica forRound(RoundPlan plan) {
        Replica r = CURRENT.get();
        if (r == null || !r.job().equals(plan.job())) {
            CURRENT.remove(); // let the last run's network go before the next is made
            r = new Replica(plan.job(), plan.nets().create(), plan.optimizers().create(),
                    StateLayout.of(plan.nets(), plan.optimizers()));
            CURRENT.set(r);
        }
        return r;
    }
}
