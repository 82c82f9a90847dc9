package dev.kiln.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
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
        assertEquals("Sgd.step: parameter w must keep its 2 elements, but has 3", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Sgd(0.1, 0, true, 0));
        assertEquals("Sgd: Nesterov momentum needs a momentum > 0, but it is 0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Sgd(-1, 0, false, 0));
        assertThrows(IllegalArgumentException.class, () -> sgd.setLearningRate(Double.NaN));
        assertTrue(sgd.learningRate() == 0.1, "learning rate unchanged after a rejected value");
    }
}
