package dev.kiln.runtime;

import dev.kiln.runtime.arrays.Buf;
import dev.kiln.runtime.train.Parameter;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Finds where NaN or infinity entered a network: in the input, a parameter, the BN running
 * statistics, or the first layer output of the last forward pass ({@link Network#outputs()}).
 * Used when a loss comes out non-finite, so that the error names a culprit.
 */
public final class NonFinite {
    private NonFinite() {}

    /** The row-major index of the first NaN or infinite element of {@code a}, or -1 if every element is finite. */
    public static long firstIndex(INDArray a) {
        Buf b = Buf.of(rowMajor(a));
        for (int i = 0, n = b.length(); i < n; i++) {
            if (!Double.isFinite(b.get(i))) {
                return i;
            }
        }
        return -1;
    }

    /** "{@code what}[i, j, …] is NaN" for the first non-finite element of {@code a}, if there is one. */
    public static Optional<String> describe(String what, INDArray a) {
        long i = firstIndex(a);
        if (i < 0) {
            return Optional.empty();
        }
        return Optional.of(what + Arrays.toString(coordinates(i, a.shape())) + " is " + value(a, i));
    }

    /** The first parameter or state array of {@code net}, in declaration order, holding NaN or infinity. */
    public static Optional<String> inParameters(Network net) {
        for (Parameter p : net.parameters()) {
            Optional<String> d = describe("parameter " + p.name(), p.value());
            if (d.isPresent()) {
                return d;
            }
        }
        for (Map.Entry<String, INDArray> s : net.state().entrySet()) {
            Optional<String> d = describe("state " + s.getKey(), s.getValue());
            if (d.isPresent()) {
                return d;
            }
        }
        return Optional.empty();
    }

    /** The first gradient of {@code net}'s parameters holding NaN or infinity. */
    public static Optional<String> inGradients(Network net) {
        for (Parameter p : net.parameters()) {
            Optional<String> d = describe("the gradient of " + p.name(), p.gradient());
            if (d.isPresent()) {
                return d;
            }
        }
        return Optional.empty();
    }

    /**
     * What went non-finite first in the training forward pass that just ran on {@code input}:
     * the input itself, else a trainable parameter, else the first layer output in forward
     * order, else a BN running statistic. (The forward pass updates the running statistics from
     * the outputs, so their being non-finite is a consequence unless nothing else is.)
     */
    public static String culprit(Network net, INDArray input) {
        Optional<String> found = input == null ? Optional.empty() : describe("the input", input);
        for (int i = 0; i < net.parameters().size() && found.isEmpty(); i++) {
            Parameter p = net.parameters().get(i);
            found = describe("parameter " + p.name(), p.value());
        }
        for (Iterator<Map.Entry<String, INDArray>> it = net.outputs().entrySet().iterator(); it.hasNext() && found.isEmpty(); ) {
            Map.Entry<String, INDArray> o = it.next();
            found = describe("the output of " + o.getKey(), o.getValue());
        }
        if (found.isEmpty()) {
            found = inParameters(net);
        }
        return found.orElse("every layer output is finite: the loss itself overflowed");
    }

    /** The exception a network's {@code trainStep} throws when the loss of {@code step} on {@code input} is non-finite. */
    public static NonFiniteLossException lossAt(Network net, INDArray input, long step, double loss) {
        return new NonFiniteLossException(net.name(), "the loss at training step " + step + " is " + loss, step, loss,
                culprit(net, input), null);
    }

    private static double value(INDArray a, long i) {
        return Buf.of(rowMajor(a)).get(Math.toIntExact(i));
    }

    static long[] coordinates(long index, long[] shape) {
        long[] at = new long[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            at[d] = index % shape[d];
            index /= shape[d];
        }
        return at;
    }

    /**
     * {@code a} itself when it owns its buffer in row-major order, else a row-major copy: a view
     * such as the channels-last buffers' NCHW {@code outputs()} (a permutation) is read in the
     * order of its shape, so that the index names the position the user sees.
     */
    private static INDArray rowMajor(INDArray a) {
        long[] shape = a.shape();
        long[] stride = a.stride();
        long expected = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] != 1 && stride[d] != expected) {
                return a.dup('c');
            }
            expected *= shape[d];
        }
        return a.isView() ? a.dup('c') : a;
    }
}
