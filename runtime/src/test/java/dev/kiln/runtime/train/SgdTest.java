package dev.kiln.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SgdTest {
    private static Parameter parameter(String name, DataType type, double... values) {
        INDArray w = Nd4j.createFromArray(values).castTo(type);
        return new Parameter(name, w, Nd4j.create(type, values.length), Parameter.Kind.WEIGHT);
    }

    /**
     * w = [1, −2] and a constant gradient [0.5, 0.25], lr 0.1; expected values worked by hand from
     * g = grad + wd·w, v = μv + g, w −= lr·(nesterov ? g + μv : v). For example nesterov, μ = 0.9:
     * step 1 v = g, update 1.9g, w = [0.905, −2.0475]; step 2 v = 1.9g, update 2.71g,
     * w = [0.905 − 0.1355, −2.0475 − 0.06775].
     */
    @ParameterizedTest(name = "momentum={0} nesterov={1} wd={2}")
    @CsvSource({
            "0,   false, 0,    0.95,  -2.025,  0.9,      -2.05",
            "0.9, false, 0,    0.95,  -2.025,  0.855,    -2.0725",
            "0.9, true,  0,    0.905, -2.0475, 0.7695,   -2.11525",
            "0,   false, 0.01, 0.949, -2.023,  0.898051, -2.045977",
            "0.9, false, 0.01, 0.949, -2.023,  0.852151, -2.066677"})
    void oneAndTwoStepsMatchHandComputedValues(double momentum, boolean nesterov, double wd,
                                               double w1a, double w1b, double w2a, double w2b) {
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            double tol = type == DataType.DOUBLE ? 1e-12 : 1e-6;
            Parameter p = parameter("w", type, 1, -2);
            p.gradient().assign(Nd4j.createFromArray(0.5, 0.25));
            Sgd sgd = new Sgd(0.1, momentum, nesterov, wd);
            sgd.step(List.of(p));
            assertEquals(w1a, p.value().getDouble(0), tol, type + " step 1, w[0]");
            assertEquals(w1b, p.value().getDouble(1), tol, type + " step 1, w[1]");
            sgd.step(List.of(p));
            assertEquals(w2a, p.value().getDouble(0), tol, type + " step 2, w[0]");
            assertEquals(w2b, p.value().getDouble(1), tol, type + " step 2, w[1]");
        }
    }

    @Test
    void velocitiesAreKeptPerParameterAndTheLearningRateCanChange() {
        Parameter a = parameter("a", DataType.DOUBLE, 1), b = parameter("b", DataType.DOUBLE, 1);
        a.gradient().assign(1);
        b.gradient().assign(-2);
        Sgd sgd = new Sgd(0.1, 0.5, false, 0);
        sgd.step(List.of(a, b));
        sgd.setLearningRate(0.01);
        assertEquals(0.01, sgd.learningRate());
        sgd.step(List.of(a, b));
        // a: v = 1, then 1.5;  b: v = −2, then −3
        assertEquals(1 - 0.1 - 0.015, a.value().getDouble(0), 1e-15);
        assertEquals(1 + 0.2 + 0.03, b.value().getDouble(0), 1e-15);
    }

    /** f(w) = ½ Σ a_i (w_i − c_i)², gradient a_i (w_i − c_i): every variant reaches c. */
    @ParameterizedTest(name = "momentum={0} nesterov={1}")
    @CsvSource({"0, false", "0.9, false", "0.9, true"})
    void minimisesAQuadratic(double momentum, boolean nesterov) {
        double[] a = {1, 4, 0.5}, c = {3, -1, 2};
        Parameter p = parameter("w", DataType.DOUBLE, 0, 0, 0);
        Sgd sgd = new Sgd(0.2, momentum, nesterov, 0);
        for (int step = 0; step < 400; step++) {
            for (int i = 0; i < a.length; i++) {
                p.gradient().putScalar(i, a[i] * (p.value().getDouble(i) - c[i]));
            }
            sgd.step(List.of(p));
        }
        for (int i = 0; i < a.length; i++) {
            assertEquals(c[i], p.value().getDouble(i), 1e-6, "w[" + i + "]");
        }
    }

    @Test
    void weightDecayPullsTheMinimumTowardZero() {
        // ½(w − 2)² + ½·0.5·w² is least at w = 2 / 1.5
        Parameter p = parameter("w", DataType.DOUBLE, 0);
        Sgd sgd = new Sgd(0.1, 0.9, true, 0.5);
        for (int step = 0; step < 300; step++) {
            p.gradient().putScalar(0, p.value().getDouble(0) - 2);
            sgd.step(List.of(p));
        }
        assertEquals(2 / 1.5, p.value().getDouble(0), 1e-9);
    }

    @Test
    void rejectsRepeatedNamesBeforeChangingAnything() {
        Parameter a = parameter("w", DataType.DOUBLE, 1), b = parameter("w", DataType.DOUBLE, 2);
        a.gradient().assign(1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Sgd(0.1, 0.9, false, 0).step(List.of(a, b)));
        assertEquals("Sgd.step: parameter names must be unique, but w appears twice", e.getMessage());
        assertEquals(1, a.value().getDouble(0), "a is unchanged");
    }

    @Test
    void rejectsAParameterThatChangedSizeAndBadSettings() {
        Sgd sgd = new Sgd(0.1, 0.9, false, 0);
        sgd.step(List.of(parameter("w", DataType.DOUBLE, 1, 2)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> sgd.step(List.of(parameter("w", DataType.DOUBLE, 1, 2, 3))));
        assertEquals("Sgd.step: parameter w must keep its shape [2], but has [3]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Sgd(0.1, 0, true, 0));
        assertEquals("Sgd: Nesterov momentum needs a momentum > 0, but it is 0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Sgd(-1, 0, false, 0));
        assertThrows(IllegalArgumentException.class, () -> sgd.setLearningRate(Double.NaN));
        assertTrue(sgd.learningRate() == 0.1, "learning rate unchanged after a rejected value");
    }

    @Test
    void aRejectedStepIsNotCountedAndForgetsTheParametersItMet() {
        Sgd sgd = new Sgd(0.1, 0.9, false, 0);
        Parameter a = parameter("a", DataType.DOUBLE, 1);
        Parameter twice = parameter("b", DataType.DOUBLE, 2);
        assertThrows(IllegalArgumentException.class, () -> sgd.step(List.of(a, twice, twice)));
        assertEquals(0, sgd.steps());
        assertEquals(List.of("optimizer.steps"), List.copyOf(sgd.state().keySet()), "no velocity kept for a or b");
        sgd.step(List.of(a, twice));
        assertEquals(1, sgd.steps());
    }

    /** WEIGHTS_ONLY: a weight decays, a bias and batch-norm scale and shift do not (w = 1, no gradient, lr 0.1, wd 0.5). */
    @Test
    void weightDecayCanSpareBiasesAndNormParameters() {
        for (DecayPolicy policy : DecayPolicy.values()) {
            List<Parameter> ps = List.of(parameter("w", Parameter.Kind.WEIGHT), parameter("b", Parameter.Kind.BIAS),
                    parameter("gamma", Parameter.Kind.NORM_WEIGHT), parameter("beta", Parameter.Kind.NORM_BIAS));
            new Sgd(0.1, 0.9, false, 0.5, policy).step(ps);
            for (Parameter p : ps) {
                boolean decays = policy == DecayPolicy.ALL || p.kind() == Parameter.Kind.WEIGHT;
                assertEquals(decays, policy.decays(p.kind()), policy + " " + p.kind());
                assertEquals(decays ? 0.95 : 1, p.value().getDouble(0), 1e-15, policy + " " + p.name());
            }
        }
    }

    /** A second optimizer loaded with the first's state continues exactly as the first does. */
    @Test
    void stateRoundTripsAndTheLoadedOptimizerContinuesIdentically() {
        Parameter a = parameter("stem.weight", DataType.FLOAT, 1, -2, 3, 0.5);
        Parameter b = parameter("stem.weight", DataType.FLOAT, 1, -2, 3, 0.5);
        Sgd first = new Sgd(0.1, 0.9, true, 1e-3);
        for (int step = 0; step < 3; step++) {
            a.gradient().assign(Nd4j.createFromArray(0.3f, -0.1f, 0.2f, step));
            first.step(List.of(a));
        }
        Map<String, INDArray> state = first.state();
        assertEquals(List.of("optimizer.steps", "optimizer.stem.weight.momentum_buffer"), List.copyOf(state.keySet()));
        assertEquals(3, state.get("optimizer.steps").getLong(0));
        assertEquals(0, state.get("optimizer.steps").rank());
        assertArrayEquals(new long[] {4}, state.get("optimizer.stem.weight.momentum_buffer").shape());
        assertEquals(DataType.DOUBLE, state.get("optimizer.stem.weight.momentum_buffer").dataType());

        b.value().assign(a.value());
        Sgd second = new Sgd(0.1, 0.9, true, 1e-3);
        second.load(state, List.of(b));
        assertEquals(3, second.steps());
        for (int step = 3; step < 5; step++) {
            for (Parameter p : List.of(a, b)) {
                p.gradient().assign(Nd4j.createFromArray(0.3f, -0.1f, 0.2f, step));
            }
            first.step(List.of(a));
            second.step(List.of(b));
        }
        assertArrayEquals(a.value().toDoubleVector(), b.value().toDoubleVector(), "exactly");
        assertEquals(first.state(), second.state());
    }

    @Test
    void loadNamesEveryProblemAndChangesNothing() {
        Parameter w = parameter("w", DataType.DOUBLE, 1, 2);
        Sgd sgd = new Sgd(0.1, 0.9, false, 0);
        w.gradient().assign(1);
        sgd.step(List.of(w));
        Map<String, INDArray> before = sgd.state();
        Map<String, INDArray> bad = Map.of("optimizer.steps", Nd4j.scalar(4L),
                "optimizer.w.exp_avg", Nd4j.create(DataType.DOUBLE, 2),
                "optimizer.v.momentum_buffer", Nd4j.create(DataType.DOUBLE, 2));
        OptimizerStateException e = assertThrows(OptimizerStateException.class,
                () -> sgd.load(bad, List.of(w)));
        assertEquals(List.of("optimizer.w.momentum_buffer: missing"), e.problems().subList(0, 1));
        assertTrue(e.problems().containsAll(List.of(
                "optimizer.w.exp_avg: unexpected; Sgd keeps optimizer.steps and, per parameter, <name>.momentum_buffer",
                "optimizer.v.momentum_buffer: unexpected; Sgd keeps optimizer.steps and, per parameter, <name>.momentum_buffer")),
                e.getMessage());
        assertTrue(e.getMessage().startsWith("Sgd.load: the saved state does not fit (3 problems):\n  "), e.getMessage());

        e = assertThrows(OptimizerStateException.class, () -> sgd.load(Map.of(
                "optimizer.steps", Nd4j.scalar(1.5),
                "optimizer.w.momentum_buffer", Nd4j.create(DataType.DOUBLE, 2, 1)), List.of(w)));
        assertEquals(List.of("optimizer.steps: must be a 0-d integer ≥ 0, but is [] DOUBLE",
                "optimizer.w.momentum_buffer: saved [2,1] DOUBLE, the parameter is [2] DOUBLE"), e.problems());

        e = assertThrows(OptimizerStateException.class, () -> sgd.load(Map.of(), List.of(w)));
        assertEquals(List.of("optimizer.steps: missing"), e.problems());
        assertEquals(before, sgd.state(), "a rejected load changes nothing");
        assertEquals(1, sgd.steps());
    }

    @Test
    void withoutMomentumTheStateIsTheStepCount() {
        Sgd sgd = new Sgd(0.1, 0, false, 0);
        Parameter w = parameter("w", DataType.FLOAT, 1);
        sgd.step(List.of(w));
        assertEquals(List.of("optimizer.steps"), List.copyOf(sgd.state().keySet()));
        Sgd other = new Sgd(0.1, 0, false, 0);
        other.load(sgd.state(), List.of(w));
        assertEquals(1, other.steps());
    }

    private static Parameter parameter(String name, Parameter.Kind kind) {
        INDArray w = Nd4j.ones(DataType.DOUBLE, 1);
        return new Parameter(name, w, Nd4j.zeros(DataType.DOUBLE, 1), kind);
    }
}
