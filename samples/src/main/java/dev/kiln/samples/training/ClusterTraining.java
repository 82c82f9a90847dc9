package dev.kiln.samples.training;

import dev.kiln.runtime.Network;
import dev.kiln.runtime.io.EpochCheckpoints;
import dev.kiln.runtime.train.EpochResult;
import dev.kiln.runtime.train.Optimizer;
import dev.kiln.runtime.train.Schedule;
import dev.kiln.runtime.train.Trainer;
import dev.kiln.runtime.train.TrainingListener;
import dev.kiln.samples.SampleModel;
import java.util.List;

/**
 * Training on a cluster for {@code ./kiln train --spark MASTER}: found on the class path with
 * {@link java.util.ServiceLoader} ({@code META-INF/services/dev.kiln.samples.training.ClusterTraining}),
 * so the samples do not depend on Spark. The spark module supplies it; {@code ./kiln} has it.
 */
public interface ClusterTraining {
    /**
     * Runs epochs {@code job.first()} … {@code job.config().epochs()} of {@code job} on the cluster,
     * leaving the trained state in {@code job.net()} and {@code job.optimizer()}; the listeners hear
     * every round and epoch as they hear the single-machine trainer's batches and epochs.
     */
    List<EpochResult> fit(Job job);

    /**
     * One run of {@code ./kiln train}, as the command line set it up.
     *
     * @param master      the Spark master URL ({@code local[2]}, {@code spark://host:7077})
     * @param syncEvery   steps each worker takes between averagings
     * @param workers     shards and tasks per round; 0: the cluster's default parallelism
     * @param optimizer   the optimizer's name and settings, as {@link RunSetup#optimizer} takes them
     * @param net         the driver's network, loaded from the checkpoint when resuming
     * @param driverOptimizer the driver's optimizer, likewise
     * @param testErrors  the finished epochs' test errors when resuming, for early stopping
     */
    record Job(String master, int syncEvery, int workers, SampleModel model, String optimizer, double lr, double momentum,
               double weightDecay, boolean decayAll, Schedule schedule, Trainer.Config config, int batch, int first,
               Network net, Optimizer driverOptimizer, FashionMnistRun data, List<TrainingListener> listeners,
               EpochCheckpoints checkpoints, List<Double> testErrors) {}
}
