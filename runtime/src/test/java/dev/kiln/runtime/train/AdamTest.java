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

class AdamTest {
    private static Parameter parameter(String name, DataType type, Parameter.Kind kind, double... values) {
        INDArray w = Nd4j.createFromArray(values).castTo(type);
        return new Parameter(name, w, Nd4j.create(type, values.length), kind);
    }

    private static Optimizer adam(boolean decoupled, double lr, double wd, DecayPolicy policy) {
        return decoupled ? new AdamW(lr, 0.9, 0.999, 1e-8, wd, policy) : new Adam(lr, 0.9, 0.999, 1e-8, wd, policy);
    }

    /**
     * w = [1, −2], constant gradient [0.5, 0.25], lr 0.1, betas (0.9, 0.999), eps 1e-8. With a
     * constant gradient the bias-corrected moments are m̂ = g and v̂ = g² at every step, so without
     * decay each step moves w by lr · g / (|g| + eps) = 0.1 · (1 − 2e-8) and 0.1 · (1 − 4e-8).
     * AdamW with wd 0.1 first shrinks w by 1 − lr · wd = 0.99: step 1 [0.99, −1.98] then the
     * same move, w = [0.890000002, −2.079999996]; step 2 [0.8811000020, −2.0591999960] then the
     * move. Adam's L2 term changes g itself (step 1 g = [0.6, 0.05]); those values follow the
     * PyTorch update rule in double precision.
     */
    @ParameterizedTest(name = "decoupled={0} wd={1}")
    @CsvSource({
            "false, 0,   0.900000002,        -2.099999996,       0.8000000040000006, -2.1999999919999995",
            "false, 0.1, 0.9000000016666666, -2.099999980000004, 0.8000473404883315, -2.198812538982845",
            "true,  0,   0.900000002,        -2.099999996,       0.8000000040000006, -2.1999999919999995",
            "true,  0.1, 0.890000002,        -2.079999996,       0.7811000039800006, -2.1591999920399996"})
    void oneAndTwoStepsMatchHandComputedValues(boolean decoupled, double wd,
                                               double w1a, double w1b, double w2a, double w2b) {
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            double tol = type == DataType.DOUBLE ? 1e-14 : 1e-6;
            Parameter p = parameter("w", type, Parameter.Kind.WEIGHT, 1, -2);
            p.gradient().assign(Nd4j.createFromArray(0.5, 0.25));
            Optimizer opt = adam(decoupled, 0.1, wd, DecayPolicy.ALL);
            opt.step(List.of(p));
            assertEquals(w1a, p.value().getDouble(0), tol, type + " step 1, w[0]");
            assertEquals(w1b, p.value().getDouble(1), tol, type + " step 1, w[1]");
            opt.step(List.of(p));
            assertEquals(w2a, p.value().getDouble(0), tol, type + " step 2, w[0]");
            assertEquals(w2b, p.value().getDouble(1), tol, type + " step 2, w[1]");
        }
    }

    @Test
    void theDefaultsArePyTorchs() {
        Parameter a = parameter("w", DataType.DOUBLE, Parameter.Kind.WEIGHT, 1);
        Parameter b = parameter("w", DataType.DOUBLE, Parameter.Kind.WEIGHT, 1);
        a.gradient().assign(2);
        b.gradient().assign(2);
        new AdamW(0.1).step(List.of(a));
        new AdamW(0.1, 0.9, 0.999, 1e-8, 0.01, DecayPolicy.ALL).step(List.of(b));
        assertEquals(b.value().getDouble(0), a.value().getDouble(0), 0.0);
        assertEquals(1 * (1 - 0.1 * 0.01) - 0.1 * 2 / (2 + 1e-8), a.value().getDouble(0), 1e-15);
        Parameter c = parameter("w", DataType.DOUBLE, Parameter.Kind.WEIGHT, 1);
        c.gradient().assign(2);
        new Adam(0.1).step(List.of(c));
        assertEquals(1 - 0.1 * 2 / (2 + 1e-8), c.value().getDouble(0), 1e-15);
    }

    /** With no gradient, only the decay moves w (Adam's first step moves by lr · sign(wd · w); AdamW shrinks by lr · wd). */
    @Test
    void weightsOnlySparesBiasesAndNormParameters() {
        for (boolean decoupled : new boolean[] {false, true}) {
            List<Parameter> ps = List.of(parameter("w", DataType.DOUBLE, Parameter.Kind.WEIGHT, 1),
                    parameter("b", DataType.DOUBLE, Parameter.Kind.BIAS, 1),
                    parameter("gamma", DataType.DOUBLE, Parameter.Kind.NORM_WEIGHT, 1),
                    parameter("beta", DataType.DOUBLE, Parameter.Kind.NORM_BIAS, 1));
            adam(decoupled, 0.1, 0.5, DecayPolicy.WEIGHTS_ONLY).step(ps);
            double decayed = decoupled ? 0.95 : 1 - 0.1 * 0.5 / (0.5 + 1e-8);
            assertEquals(decayed, ps.get(0).value().getDouble(0), 1e-15, "weight, decoupled=" + decoupled);
            for (Parameter p : ps.subList(1, 4)) {
                assertEquals(1, p.value().getDouble(0), 0.0, p.name() + ", decoupled=" + decoupled);
            }
        }
    }

    /** f(w) = ½ Σ a_i (w_i − c_i)²: both reach c within lr-sized steps, then settle. */
    @Test
    void minimisesAQuadratic() {
        double[] a = {1, 4, 0.5}, c = {3, -1, 2};
        for (boolean decoupled : new boolean[] {false, true}) {
            Parameter p = parameter("w", DataType.DOUBLE, Parameter.Kind.WEIGHT, 0, 0, 0);
            Optimizer opt = adam(decoupled, 0.05, 0, DecayPolicy.ALL);
            for (int step = 0; step < 3000; step++) {
                opt.setLearningRate(step < 2000 ? 0.05 : 0.005);
                for (int i = 0; i < a.length; i++) {
                    p.gradient().putScalar(i, a[i] * (p.value().getDouble(i) - c[i]));
                }
                opt.step(List.of(p));
            }
            for (int i = 0; i < a.length; i++) {
                assertEquals(c[i], p.value().getDouble(i), 1e-3, "decoupled=" + decoupled + " w[" + i + "]");
            }
        }
    }

    /** After the first step, Adam's moments are in place: steps create no ND4J arrays (ND4J's array ids count them). */
    @Test
    void stepsAfterTheFirstCreateNoArrays() {
        Parameter p = parameter("w", DataType.FLOAT, Parameter.Kind.WEIGHT, 1, 2, 3);
        p.gradient().assign(0.5);
        AdamW opt = new AdamW(0.01);
        opt.step(List.of(p));
        long before = Nd4j.scalar(0f).getId();
        for (int i = 0; i < 20; i++) {
            opt.step(List.of(p));
        }
        assertEquals(0, Nd4j.scalar(0f).getId() - before - 1, "arrays created by 20 steps");
        assertEquals(21, opt.steps());
    }

    @Test
    void stateRoundTripsAndTheLoadedOptimizerContinuesIdentically() {
        Parameter a = parameter("fc.weight", DataType.FLOAT, Parameter.Kind.WEIGHT, 1, -2, 3);
        Parameter b = parameter("fc.weight", DataType.FLOAT, Parameter.Kind.WEIGHT, 1, -2, 3);
        Adam first = new Adam(0.01, 0.9, 0.99, 1e-8, 1e-2, DecayPolicy.ALL);
        for (int step = 0; step < 3; step++) {
            a.gradient().assign(Nd4j.createFromArray(0.3f, -0.1f, step));
            first.step(List.of(a));
        }
        Map<String, INDArray> state = first.state();
        assertEquals(List.of("optimizer.steps", "optimizer.fc.weight.exp_avg", "optimizer.fc.weight.exp_avg_sq",
                "optimizer.fc.weight.step"), List.copyOf(state.keySet()));
        assertEquals(3, state.get("optimizer.fc.weight.step").getLong(0));
        double[] exported = state.get("optimizer.fc.weight.exp_avg").toDoubleVector();
        b.value().assign(a.value());
        Adam second = new Adam(0.01, 0.9, 0.99, 1e-8, 1e-2, DecayPolicy.ALL);
        second.load(state, List.of(b));
        for (int step = 3; step < 6; step++) {
            for (Parameter p : List.of(a, b)) {
                p.gradient().assign(Nd4j.createFromArray(0.3f, -0.1f, step));
            }
            first.step(List.of(a));
            second.step(List.of(b));
        }
        assertArrayEquals(a.value().toDoubleVector(), b.value().toDoubleVector(), "exactly");
        assertEquals(first.state(), second.state());
        assertArrayEquals(exported, state.get("optimizer.fc.weight.exp_avg").toDoubleVector(),
                "an exported state is a copy: later steps leave it alone");
    }

    @Test
    void loadNamesEveryProblemAndChangesNothing() {
        Parameter w = parameter("w", DataType.DOUBLE, Parameter.Kind.WEIGHT, 1, 2);
        Sgd sgd = new Sgd(0.1, 0.9, false, 0);
        sgd.step(List.of(w));
        AdamW adamW = new AdamW(0.1);
        OptimizerStateException e = assertThrows(OptimizerStateException.class, () -> adamW.load(sgd.state(), List.of(w)));
        assertEquals(List.of("optimizer.w.exp_avg: missing", "optimizer.w.exp_avg_sq: missing", "optimizer.w.step: missing",
                "optimizer.w.momentum_buffer: unexpected; AdamW keeps optimizer.steps and, per parameter, "
                        + "<name>.exp_avg, <name>.exp_avg_sq, <name>.step"), e.problems());

        Map<String, INDArray> wrong = Map.of("optimizer.steps", Nd4j.scalar(2L),
                "optimizer.w.exp_avg", Nd4j.create(DataType.FLOAT, 2),
                "optimizer.w.exp_avg_sq", Nd4j.create(DataType.INT64, 2),
                "optimizer.w.step", Nd4j.scalar(3L));
        e = assertThrows(OptimizerStateException.class, () -> adamW.load(wrong, List.of(w)));
        assertEquals(List.of("optimizer.w.exp_avg_sq: saved [2] LONG, the parameter is [2] DOUBLE",
                "optimizer.w.step: must be a 0-d integer in [1, optimizer.steps], but is [] LONG"), e.problems());
        assertEquals(0, adamW.steps(), "a rejected load changes nothing");
        assertEquals(List.of("optimizer.steps"), List.copyOf(adamW.state().keySet()));

        e = assertThrows(OptimizerStateException.class, () -> adamW.load(Map.of("optimizer.steps", Nd4j.scalar(0L),
                "optimizer.w.step", Nd4j.scalar(1L)), List.of(w, w)));
        assertEquals(List.of("optimizer.w.step: present, but optimizer.steps is 0",
                "parameter names must be unique, but w appears twice"), e.problems());
    }

    @Test
    void rejectsBadSettings() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Adam(0.1, 1.0, 0.999, 1e-8, 0, DecayPolicy.ALL));
        assertEquals("Adam: beta1 must be in [0, 1), but is 1.0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new AdamW(0.1, 0.9, -0.1, 1e-8, 0, DecayPolicy.ALL));
        assertEquals("AdamW: beta2 must be in [0, 1), but is -0.1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new AdamW(Double.POSITIVE_INFINITY));
        assertEquals("AdamW: learning rate must be finite and ≥ 0, but is Infinity", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Adam(0.1, 0.9, 0.999, Double.NaN, 0, DecayPolicy.ALL));
        assertThrows(IllegalArgumentException.class, () -> new Adam(0.1, 0.9, 0.999, 1e-8, -1, DecayPolicy.ALL));
        assertThrows(NullPointerException.class, () -> new Adam(0.1, 0.9, 0.999, 1e-8, 0, null));
        Adam adam = new Adam(0.1);
        adam.setLearningRate(0.5);
        assertEquals(0.5, adam.learningRate());
        assertTrue(adam.state().containsKey("optimizer.steps"));
    }
}
