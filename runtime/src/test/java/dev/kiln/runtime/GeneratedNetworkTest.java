package dev.kiln.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.testing.OneDenseNetwork;
import dev.kiln.runtime.train.Optimizer;
import dev.kiln.runtime.train.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** What every generated network gets from its base class, on a one-layer network written by hand. */
class GeneratedNetworkTest {
    private static final INDArray X = Nd4j.createFromArray(new double[][] {{1, -1}, {0.5, 2}});
    private static final INDArray LABELS = Nd4j.createFromArray(2, 0);

    /** An optimizer that only records the lists it is given. */
    private static final class Recording implements Optimizer {
        final List<List<Parameter>> steps = new ArrayList<>();

        @Override public void step(List<Parameter> parameters) {
            steps.add(parameters);
        }

        @Override public void setLearningRate(double lr) {}

        @Override public double learningRate() {
            return 0;
        }

        @Override public long steps() {
            return steps.size();
        }

        @Override public Map<String, INDArray> state() {
            return Map.of();
        }

        @Override public void load(Map<String, INDArray> state, List<Parameter> parameters) {}
    }

    @Test
    void predictRunsTheModelsForwardInInferenceOnBuffersKeptPerBatchSize() {
        OneDenseNetwork net = OneDenseNetwork.counting(DataType.DOUBLE);
        assertEquals(Map.of(), net.outputs(), "nothing before the first call");
        INDArray logits = net.predict(X.dup());
        assertEquals(Boolean.FALSE, net.lastTraining);
        assertArrayEquals(new double[] {-1, -1, -1}, logits.getRow(0).toDoubleVector(), 1e-12);
        assertArrayEquals(new double[] {4.5, 9.5, 14.5}, logits.getRow(1).toDoubleVector(), 1e-12);
        assertSame(logits, net.predict(X.dup()), "the same buffers at the same batch size");
        assertEquals(1, net.allocations.get());
        net.predict(Nd4j.zeros(DataType.DOUBLE, 5, 2));
        assertEquals(2, net.allocations.get(), "new buffers for a new batch size");
        assertSame(logits, net.predict(X.dup()), "and the first ones again when it comes back");
        assertEquals(2, net.allocations.get());
        assertEquals(List.of("input", "logits/linear").size(), net.outputs().size());
    }

    @Test
    void lossAndBackwardNeedTheCallsBeforeThem() {
        OneDenseNetwork net = OneDenseNetwork.counting(DataType.DOUBLE);
        assertEquals("OneDense: loss needs a trainForward first",
                assertThrows(IllegalStateException.class, () -> net.loss(LABELS)).getMessage());
        net.trainForward(X.dup());
        assertEquals(Boolean.TRUE, net.lastTraining);
        assertEquals("OneDense: backward needs trainForward and loss first (predict does not keep what backward needs)",
                assertThrows(IllegalStateException.class, net::backward).getMessage());
        net.loss(LABELS);
        net.predict(X.dup());
        assertThrows(IllegalStateException.class, net::backward, "predict forgets what backward needs");
        assertThrows(IllegalStateException.class, () -> net.loss(LABELS), "and what loss needs");
    }

    @Test
    void trainStepRunsForwardLossBackwardAndTheOptimizerOnTheParameters() {
        OneDenseNetwork net = OneDenseNetwork.counting(DataType.DOUBLE);
        Recording optimizer = new Recording();
        double loss = net.trainStep(X.dup(), LABELS, optimizer);
        // softmax cross-entropy of x·wᵀ, by hand: row 0 logits all −1 (loss ln 3), row 1 [4.5, 9.5, 14.5] against class 0
        double row1 = -4.5 + Math.log(Math.exp(4.5) + Math.exp(9.5) + Math.exp(14.5));
        assertEquals((Math.log(3) + row1) / 2, loss, 1e-12);
        assertEquals(List.of(net.parameters()), optimizer.steps);
        // dw = dLogitsᵀ·x / N; row 0's gradient: softmax − onehot(2) = [1/3, 1/3, −2/3]
        double[] p1 = {Math.exp(4.5 - 14.5 - Math.log(Math.exp(-10) + Math.exp(-5) + 1)),
                Math.exp(9.5 - 14.5 - Math.log(Math.exp(-10) + Math.exp(-5) + 1)), 0};
        p1[2] = 1 - p1[0] - p1[1];
        double[][] dLogits = {{1.0 / 3, 1.0 / 3, -2.0 / 3}, {p1[0] - 1, p1[1], p1[2]}};
        double[][] x = {{1, -1}, {0.5, 2}};
        for (int k = 0; k < 3; k++) {
            for (int j = 0; j < 2; j++) {
                double expected = (dLogits[0][k] * x[0][j] + dLogits[1][k] * x[1][j]) / 2;
                assertEquals(expected, net.dw.getDouble(k, j), 1e-12, "dw[" + k + "," + j + "]");
            }
        }
    }

    @Test
    void aNonFiniteLossThrowsAndLeavesNothingToDifferentiate() {
        OneDenseNetwork net = OneDenseNetwork.counting(DataType.DOUBLE);
        INDArray bad = Nd4j.createFromArray(new double[][] {{Double.NaN, 0}, {0, 0}});
        NonFiniteLossException e = assertThrows(NonFiniteLossException.class, () -> net.trainStep(bad, LABELS, new Recording()));
        assertEquals(1, e.step());
        assertThrows(IllegalStateException.class, net::backward);
    }

    @Test
    void aReplicaSharesTheParametersAndCopiesTheSettings() {
        OneDenseNetwork net = OneDenseNetwork.counting(DataType.DOUBLE);
        net.setLabelSmoothing(0.2);
        net.setCheckInputs(true);
        OneDenseNetwork replica = net.replica();
        assertNotSame(net, replica);
        assertSame(net.w, replica.w);
        assertNotSame(net.dw, replica.dw);
        net.trainForward(X.dup());
        replica.trainForward(X.dup());
        assertEquals(net.loss(LABELS), replica.loss(LABELS), 0, "the same label smoothing");
        INDArray nan = Nd4j.createFromArray(new double[][] {{Double.NaN, 0}});
        assertTrue(assertThrows(IllegalArgumentException.class, () -> replica.predict(nan)).getMessage()
                .startsWith("OneDense: "), "input checks copied");
    }

    @Test
    void settingsAndSizesAreChecked() {
        OneDenseNetwork net = OneDenseNetwork.counting(DataType.FLOAT);
        assertEquals("OneDense: label smoothing must be in [0, 1), but is 1.0",
                assertThrows(IllegalArgumentException.class, () -> net.setLabelSmoothing(1)).getMessage());
        assertEquals((12 + 10 * 32L) * 4, net.trainingBytes(32));
        long[] shape = net.inputShape();
        shape[0] = 99;
        assertArrayEquals(new long[] {2}, net.inputShape(), "a copy");
        assertEquals("OneDense", net.name());
        assertEquals(3, net.classes());
        assertEquals("OneDense: input must be [N, 2], but is [2, 3] (wrong channels or size)",
                assertThrows(IllegalArgumentException.class, () -> net.predict(Nd4j.zeros(DataType.FLOAT, 2, 3))).getMessage());
        assertEquals("OneDense: networks run in FLOAT or DOUBLE, not INT",
                assertThrows(IllegalArgumentException.class, () -> new OneDenseNetwork(DataType.INT, Nd4j.zeros(DataType.INT, 3, 2)))
                        .getMessage());
    }

    @Test
    void aSecondThreadIsRefusedWhileTheFirstIsInside() throws Exception {
        OneDenseNetwork net = OneDenseNetwork.counting(DataType.FLOAT);
        net.entered = new CountDownLatch(1);
        net.release = new CountDownLatch(1);
        AtomicReference<Throwable> first = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                net.predict(X.castTo(DataType.FLOAT));
            } catch (Throwable e) {
                first.set(e);
            }
        }, "first");
        t.start();
        assertTrue(net.entered.await(10, TimeUnit.SECONDS));
        net.entered = null;
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> net.trainForward(X.castTo(DataType.FLOAT)));
        assertTrue(e.getMessage().startsWith("OneDense.trainForward: called on thread '"), e.getMessage());
        net.release.countDown();
        t.join();
        assertEquals(null, first.get());
        net.predict(X.castTo(DataType.FLOAT));
    }
}
