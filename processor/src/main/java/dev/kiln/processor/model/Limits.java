package dev.kiln.processor.model;

import java.math.BigInteger;
import java.util.List;

/**
 * The largest model Kiln generates code for. The runtime indexes arrays with {@code int}, so a
 * tensor holds at most 2^31 − 1 elements per example. The generated class has one statement per
 * layer step, field and buffer, and Java limits a method to 65,535 bytes of bytecode: about 31
 * bytes a field in the network's constructor (at most about 40), 22 to 35 a buffer in the
 * activations' constructor, 100 a layer in a forward method. ResNet-110 has 165 layers, 1,115
 * fields (a constructor of 35,347 bytes) and 556 buffers (11,961 bytes).
 */
public final class Limits {
    /** Elements per example of any tensor: the runtime's {@code int} index. */
    public static final long MAX_ELEMENTS = Integer.MAX_VALUE;
    /** Graph nodes (layer units and residual adds) after blocks are expanded. */
    public static final int MAX_LAYERS = 300;
    /** Fields the network's constructor assigns: parameters, their gradients, state, kernels. */
    public static final int MAX_FIELDS = 1_400;
    /** Buffers the activations' constructor assigns. */
    public static final int MAX_BUFFERS = 1_400;

    private Limits() {}

    /** The product of {@code dims}, exactly. */
    public static BigInteger elements(List<? extends Number> dims) {
        BigInteger n = BigInteger.ONE;
        for (Number d : dims) {
            n = n.multiply(BigInteger.valueOf(d.longValue()));
        }
        return n;
    }

    /** Whether a tensor of {@code dims} fits one Kiln array per example. */
    public static boolean fits(List<? extends Number> dims) {
        return elements(dims).compareTo(BigInteger.valueOf(MAX_ELEMENTS)) <= 0;
    }
}
