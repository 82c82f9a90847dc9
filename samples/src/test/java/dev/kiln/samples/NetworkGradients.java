package dev.kiln.samples;

import dev.kiln.runtime.Network;
import dev.kiln.runtime.train.Parameter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Whole-network gradient check: the generated backward's gradient of every parameter against
 * central finite differences of the loss, in double precision, with batch norm in training
 * mode and dropout masks held fixed by reseeding before every forward.
 */
final class NetworkGradients {
    private static final double EPS = 1e-6;
    /**
     * Central differences of a loss near 1 carry rounding noise of about 1e-10 in double here
     * (measured: analytic 2.790168e-07 against numeric 2.791656e-07); gradients below this floor
     * are therefore held to an absolute error of tolerance × floor (1e-9 for tolerance 1e-5)
     * instead of a relative one, as atol/rtol checks do.
     */
    private static final double FLOOR = 1e-4;
    private static final long DROPOUT_SEED = 99;

    private NetworkGradients() {}

    /** Largest relative error per parameter; tensors up to {@code fullUpTo} elements are checked element by element, larger ones along random directions. */
    static Map<String, Double> check(Network net, INDArray x, INDArray labels, int fullUpTo, int directions) {
        loss(net, x, labels);
        net.backward();
        Map<String, INDArray> analytic = new LinkedHashMap<>();
        for (Parameter p : net.parameters()) {
            analytic.put(p.name(), p.gradient().dup());
        }
        Map<String, Double> errors = new LinkedHashMap<>();
        SplittableRandom random = new SplittableRandom(7);
        for (Parameter p : net.parameters()) {
            INDArray w = p.value();
            INDArray g = analytic.get(p.name());
            double worst = 0;
            String detail = "";
            if (w.length() <= fullUpTo) {
                for (long i = 0; i < w.length(); i++) {
                    double saved = w.getDouble(i);
                    w.putScalar(i, saved + EPS);
                    double plus = loss(net, x, labels);
                    w.putScalar(i, saved - EPS);
                    double minus = loss(net, x, labels);
                    w.putScalar(i, saved);
                    double numeric = (plus - minus) / (2 * EPS);
                    double error = relative(g.getDouble(i), numeric);
                    if (error > worst) {
                        worst = error;
                        detail = String.format(Locale.ROOT, " (element %d: analytic %.6e, numeric %.6e)", i, g.getDouble(i), numeric);
                    }
                }
            } else {
                for (int d = 0; d < directions; d++) {
                    INDArray v = Nd4j.zeros(DataType.DOUBLE, w.shape());
                    for (long i = 0; i < v.length(); i++) {
                        v.putScalar(i, random.nextDouble(-1, 1));
                    }
                    v.divi(v.norm2Number());
                    INDArray saved = w.dup();
                    w.addi(v.mul(EPS));
                    double plus = loss(net, x, labels);
                    w.assign(saved).subi(v.mul(EPS));
                    double minus = loss(net, x, labels);
                    w.assign(saved);
                    INDArray terms = g.mul(v);
                    double directional = terms.sumNumber().doubleValue();
                    // relative to the size of the terms summed: a directional derivative near 0 by cancellation is no signal
                    double scale = Transforms.abs(terms).sumNumber().doubleValue();
                    worst = Math.max(worst, Math.abs(directional - (plus - minus) / (2 * EPS)) / Math.max(scale, FLOOR));
                }
            }
            errors.put(p.name(), worst);
            System.out.printf(Locale.ROOT, "%s gradient %-34s %s max relative error %.2e%s%n", net.name(), p.name(),
                    w.length() <= fullUpTo ? "(all " + w.length() + " elements)" : "(" + directions + " directions)", worst, detail);
        }
        return errors;
    }

    private static double loss(Network net, INDArray x, INDArray labels) {
        net.reseed(DROPOUT_SEED);
        net.trainForward(x);
        return net.loss(labels);
    }

    private static double relative(double a, double b) {
        return Math.abs(a - b) / Math.max(Math.abs(a) + Math.abs(b), FLOOR);
    }

    /** A DOUBLE batch of {@code shape} with entries uniform in [-1, 1). */
    static INDArray random(long seed, long... shape) {
        INDArray a = Nd4j.zeros(DataType.DOUBLE, shape);
        SplittableRandom r = new SplittableRandom(seed);
        for (long i = 0; i < a.length(); i++) {
            a.putScalar(i, r.nextDouble(-1, 1));
        }
        return a;
    }

    static INDArray labels(long seed, int n, int classes) {
        INDArray y = Nd4j.zeros(DataType.INT32, n);
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            y.putScalar(i, r.nextInt(classes));
        }
        return y;
    }
}
