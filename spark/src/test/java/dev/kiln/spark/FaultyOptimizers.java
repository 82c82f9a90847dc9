package dev.kiln.spark;

import dev.kiln.runtime.train.Optimizer;
import dev.kiln.runtime.train.Parameter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Optimizers that misbehave on one worker at one step, for the fault tests (local mode: one JVM, so a static count works). */
final class FaultyOptimizers {
    /** Steps taken on partition 1 since the last {@link #reset}, over all attempts. */
    static final AtomicInteger STEPS_ON_ONE = new AtomicInteger();

    private FaultyOptimizers() {}

    static void reset() {
        STEPS_ON_ONE.set(0);
    }

    /** Throws after partition 1's {@code n}-th step in a first attempt, when that step has already changed the parameters. */
    static Optimizer failingAfterStep(int n) {
        return new Wrapped(TestRuns.sgd()) {
            @Override
            void after(List<Parameter> parameters, TaskContext task) {
                if (task.attemptNumber() == 0 && STEPS_ON_ONE.get() == n) {
                    throw new IllegalStateException("injected failure in the first attempt of partition 1, step " + n);
                }
            }
        };
    }

    /** Writes NaN into the first parameter after partition 1's {@code n}-th step. */
    static Optimizer poisoningAtStep(int n) {
        return new Wrapped(TestRuns.sgd()) {
            @Override
            void after(List<Parameter> parameters, TaskContext task) {
                if (STEPS_ON_ONE.get() == n) {
                    parameters.get(0).value().putScalar(0, Double.NaN);
                }
            }
        };
    }

    private abstract static class Wrapped implements Optimizer {
        private final Optimizer inner;

        Wrapped(Optimizer inner) {
            this.inner = inner;
        }

        abstract void after(List<Parameter> parameters, TaskContext task);

        @Override
        public void step(List<Parameter> parameters) {
            inner.step(parameters);
            TaskContext task = TaskContext.get();
            // a learning rate of 0 is StateLayout's priming step on a throwaway optimizer, not training
            if (task != null && task.partitionId() == 1 && inner.learningRate() > 0) {
                STEPS_ON_ONE.incrementAndGet();
                after(parameters, task);
            }
        }

        @Override
        public double learningRate() {
            return inner.learningRate();
        }

        @Override
        public void setLearningRate(double lr) {
            inner.setLearningRate(lr);
        }

        @Override
        public long steps() {
            return inner.steps();
        }

        @Override
        public Map<String, INDArray> state() {
            return inner.state();
        }

        @Override
        public void load(Map<String, INDArray> state, List<Parameter> parameters) {
            inner.load(state, parameters);
        }
    }
}
